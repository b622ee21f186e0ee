import { z } from "@hono/zod-openapi";

export const PinSchema = z.string().regex(/^\d{6}$/, "6 digits");

export const BalancesDto = z
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

export const EntryDto = z
  .object({
    id: z.string(),
    at: z.string(),
    kind: z.string(),
    amountFen: z.number().int(),
    balanceKind: z.enum(["own", "received"]),
    balanceAfterFen: z.number().int(),
    counterparty: z.string().nullable(),
    reference: z.string().nullable(),
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
