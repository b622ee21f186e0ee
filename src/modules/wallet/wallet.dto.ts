import { z } from "@hono/zod-openapi";

export const PinSchema = z.string().regex(/^\d{6}$/, "6 digits");

const BalancesDto = z
  .object({ ownFen: z.number().int(), receivedFen: z.number().int(), heldFen: z.number().int(), totalFen: z.number().int() })
  .openapi("Balances");

export const WalletDto = z
  .object({
    id: z.string(),
    status: z.enum(["active", "frozen", "closed"]),
    regionCode: z.string(),
    usageRegionCode: z.string(),
    openedBy: z.enum(["self", "guardian"]),
    openedAt: z.string(),
    hasOwnFunds: z.boolean(),
    balances: BalancesDto,
  })
  .openapi("Wallet");

export const OpenWalletBody = z
  .object({
    agreementVersion: z.string().min(1).max(32),
    faceToken: z.string().min(1).max(512),
    paymentPassword: PinSchema,
    usageRegionCode: z
      .string()
      .regex(/^\d{6}$/)
      .optional(),
    phone: z
      .string()
      .regex(/^1\d{10}$/)
      .optional(),
  })
  .openapi("OpenWalletRequest");

export const OpenWalletResponse = z.object({ wallet: WalletDto }).openapi("OpenWalletResult");

export const ChangePasswordBody = z.object({ oldPassword: PinSchema, newPassword: PinSchema }).openapi("ChangePasswordRequest");

const EntryDto = z
  .object({
    id: z.string(),
    at: z.string(),
    kind: z.string(),
    amountFen: z.number().int(),
    balanceKind: z.enum(["own", "received", "quota"]).openapi({
      description: "quota: a medical payment (or its refund) relatives' allowances paid in full; nothing of this wallet moved",
    }),
    balanceAfterFen: z.number().int().nullable().openapi({ description: "null on a quota line" }),
    counterparty: z.string().nullable(),
    reference: z.string().nullable(),
    totalFen: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "A quota line: the whole payment (−) or refund (+), signed like amountFen" }),
    quotaFen: z.number().int().nullable().openapi({ description: "A quota line: what relatives' allowances paid (−) or got back (+)" }),
    settlementId: z
      .string()
      .nullable()
      .openapi({ description: "A medical payment or refund line: the settlement, whose receipt is GET /v1/settlements/{id}" }),
  })
  .openapi("WalletEntry");

export const EntriesQuery = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional(),
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const EntriesResponse = z.object({ items: z.array(EntryDto), nextCursor: z.string().nullable() }).openapi("WalletEntries");

export const AgreementDto = z
  .object({ version: z.string(), title: z.string(), text: z.string(), titleEn: z.string() })
  .openapi("WalletAgreement");

export const CreditBody = z
  .object({
    idNumber: z.string().trim().min(15).max(32),
    amountFen: z.number().int().min(1).max(100_000_000_00),
    period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
    reference: z.string().min(1).max(128),
  })
  .openapi("PersonalAccountCredit");

export const CreditResponse = z
  .object({
    id: z.string(),
    walletId: z.string(),
    amountFen: z.number().int(),
    period: z.string(),
    reference: z.string(),
    createdAt: z.string(),
  })
  .openapi("PersonalAccountCreditResult");

const ReturnStatus = z.enum(["pending", "confirmed", "rejected"]);

/** Where a closed wallet's money went: own funds to the personal account, received funds to their senders. */
export const ClosureDto = z
  .object({
    id: z.string(),
    closedAt: z.string(),
    ownFen: z.number().int().describe("Own funds at closing, sent back to the personal account at the region's core"),
    receivedFen: z.number().int().describe("Received funds at closing, given back to their senders (oldest accepted transfer first)"),
    personalAccount: z
      .object({
        amountFen: z.number().int(),
        regionCode: z.string(),
        regionName: z.string(),
        status: ReturnStatus.describe(
          "pending until the region's core confirms the credit (retried until it does); rejected needs customer service",
        ),
        confirmedAt: z.string().nullable(),
      })
      .nullable(),
    senders: z.array(
      z.object({
        maskedName: z.string(),
        amountFen: z.number().int(),
        via: z
          .enum(["wallet", "personal_account"])
          .describe("wallet: back in the sender's wallet at once; personal_account: the sender's wallet is closed"),
        receiptNos: z.array(z.string()).describe("The transfers this part came from"),
        status: ReturnStatus,
        confirmedAt: z.string().nullable(),
      }),
    ),
  })
  .openapi("WalletClosure");

export const ClosedWalletDto = WalletDto.extend({ closure: ClosureDto }).openapi("ClosedWallet");
