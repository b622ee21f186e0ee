import { z } from "@hono/zod-openapi";

const RegionCode = z.string().regex(/^\d{6}$/);
const MerchantKind = z.enum(["hospital", "pharmacy"]);
/** A merchant's own numbers: printable ASCII, as their systems generate them. */
const MerchantNo = z.string().regex(/^[\x21-\x7e]{1,64}$/, "1–64 printable characters");
const MAX_FEN = 100_000_000_00;

const SplitDto = z.object({ receivedFen: z.number().int(), ownFen: z.number().int() }).openapi("FundsSplit");

/** A settlement's or refund's totals: the payer's own and received funds, and relatives' quotas (共济额度). */
const FundingSplitDto = SplitDto.extend({ quotaFen: z.number().int() }).openapi("FundingSplit");

const FundingPartDto = z
  .object({
    source: z.enum(["own", "received", "quota"]),
    amountFen: z.number().int(),
    giver: z.object({ maskedName: z.string() }).optional().openapi({ description: "The relative whose quota paid (quota parts only)" }),
  })
  .openapi("FundingPart");

const MerchantDto = z
  .object({ id: z.string(), name: z.string(), regionCode: z.string(), kind: MerchantKind, acceptsWallet: z.boolean() })
  .openapi("Merchant");

export const MerchantsQuery = z.object({
  regionCode: RegionCode.optional(),
  q: z.string().trim().min(1).max(50).optional(),
  acceptsWallet: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const MerchantsResponse = z.object({ items: z.array(MerchantDto) }).openapi("Merchants");

export const EcodeBody = z.object({ walletId: z.string().min(1).max(64).optional() }).openapi("EcodeRequest");

export const EcodeResponse = z.object({ code: z.string(), expiresAt: z.string(), walletId: z.string() }).openapi("Ecode");

export const SettlementBody = z
  .object({
    ecode: z.string().trim().min(1).max(64),
    orderNo: MerchantNo,
    amountFen: z.number().int().min(1).max(MAX_FEN),
  })
  .openapi("SettlementRequest");

export const SettlementDto = z
  .object({
    id: z.string(),
    orderNo: z.string(),
    status: z.enum(["paid", "partially_refunded", "refunded"]),
    amountFen: z.number().int(),
    paidFrom: FundingSplitDto,
    funding: z
      .array(FundingPartDto)
      .openapi({ description: "The parts in the order charged: own, received, then each quota (oldest grant first)" }),
    patient: z.object({ maskedName: z.string(), regionCode: z.string() }),
    crossRegion: z.boolean(),
    createdAt: z.string(),
  })
  .openapi("Settlement");

export const RefundBody = z.object({ refundNo: MerchantNo, amountFen: z.number().int().min(1).max(MAX_FEN) }).openapi("RefundRequest");

export const RefundDto = z
  .object({
    id: z.string(),
    settlementId: z.string(),
    refundNo: z.string(),
    amountFen: z.number().int(),
    returnedTo: FundingSplitDto,
    funding: z
      .array(FundingPartDto)
      .openapi({ description: "The parts returned, in the reverse order of the charge: quotas (restored) first, then received, then own" }),
    createdAt: z.string(),
  })
  .openapi("Refund");

export const SettlementDetailDto = SettlementDto.extend({
  refundedFen: z.number().int(),
  refunds: z.array(RefundDto),
}).openapi("SettlementDetail");

export const MySettlementDto = SettlementDetailDto.extend({
  role: z.enum(["payer", "giver"]).openapi({ description: "payer: paid from my wallet; giver: my quota (共济额度) paid part of it" }),
  myQuotaFen: z.number().int().openapi({ description: "What my quotas paid (givers; 0 for the payer)" }),
  merchant: z.object({ name: z.string(), kind: z.enum(["hospital", "pharmacy"]), regionName: z.string() }),
}).openapi("MySettlement");

export const IdParam = z.object({ id: z.string().min(1).max(64) });

export const StatementQuery = z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD") });

export const StatementDto = z
  .object({
    merchantId: z.string(),
    date: z.string(),
    settlements: z.array(
      z.object({ id: z.string(), orderNo: z.string(), amountFen: z.number().int(), at: z.string(), patientMaskedName: z.string() }),
    ),
    refunds: z.array(
      z.object({ id: z.string(), settlementId: z.string(), refundNo: z.string(), amountFen: z.number().int(), at: z.string() }),
    ),
    totals: z.object({
      settlementCount: z.number().int(),
      settledFen: z.number().int(),
      refundCount: z.number().int(),
      refundedFen: z.number().int(),
      netFen: z.number().int(),
    }),
    ledger: z.object({ accountId: z.string(), netFen: z.number().int(), reconciled: z.boolean() }),
  })
  .openapi("MerchantStatement");

export const SandboxMerchantBody = z
  .object({
    name: z.string().trim().min(2).max(100),
    regionCode: RegionCode,
    kind: MerchantKind.default("hospital"),
    acceptsWallet: z.boolean().default(true),
  })
  .openapi("SandboxMerchant");

export const SandboxMerchantResponse = z
  .object({ merchantId: z.string(), keyId: z.string(), secret: z.string() })
  .openapi("SandboxMerchantKey");
