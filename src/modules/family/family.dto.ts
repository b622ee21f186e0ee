import { z } from "@hono/zod-openapi";

export const MAX_QUOTA_FEN = 5_000_000;

export const BindingParam = z.object({ bindingId: z.string().min(1).max(64) });
export const AgentQuotaRevokeBody = z
  .object({
    giverPersonId: z.string().min(1).max(64).openapi({ description: "The person who granted the quota (either side of the binding)" }),
    reason: z.string().trim().min(2).max(500).openapi({ description: "Why, as the user asked (kept in the audit log and told to both)" }),
  })
  .openapi("AgentQuotaRevokeRequest");

export const AgentQuotaRevoked = z
  .object({ bindingId: z.string(), giverPersonId: z.string(), status: z.literal("revoked") })
  .openapi("AgentQuotaRevoked");

export const QuotaBody = z
  .object({
    annualFen: z.number().int().min(1).max(MAX_QUOTA_FEN).openapi({ description: "Yearly quota in fen (¥0.01 … ¥50,000.00)" }),
    perPaymentFen: z
      .number()
      .int()
      .min(1)
      .max(MAX_QUOTA_FEN)
      .nullish()
      .openapi({ description: "Optional cap per payment, at most annualFen" }),
    paymentPassword: z.string().min(1).max(32).openapi({ description: "The giver's 6-digit payment PIN" }),
  })
  .refine((b) => b.perPaymentFen === null || b.perPaymentFen === undefined || b.perPaymentFen <= b.annualFen, {
    message: "perPaymentFen must not exceed annualFen",
    path: ["perPaymentFen"],
  })
  .openapi("QuotaRequest");

const QuotaStatus = z.enum(["active", "revoked", "ended", "stopped"]).openapi({
  description: "active; revoked by the giver; ended with the binding; stopped while the giver's wallet is frozen or closed",
});

const QuotaFields = {
  bindingId: z.string(),
  year: z.number().int(),
  annualFen: z.number().int(),
  perPaymentFen: z.number().int().nullable(),
  usedFen: z.number().int(),
  remainingFen: z.number().int(),
  status: QuotaStatus,
  grantedAt: z.string(),
};

export const QuotaDto = z.object(QuotaFields).openapi("Quota");

const Masked = z.object({ maskedName: z.string() });

export const QuotasList = z
  .object({
    granted: z.array(z.object({ ...QuotaFields, relative: Masked })),
    received: z.array(z.object({ ...QuotaFields, giver: Masked })),
  })
  .openapi("Quotas");

export const CareAccessBody = z
  .discriminatedUnion("granted", [
    z.object({ granted: z.literal(true), faceToken: z.string().min(1).max(512) }),
    z.object({
      granted: z.literal(false),
      side: z.enum(["person", "carer"]).optional().openapi({
        description: "person: stop the relative showing my code; carer: give up showing theirs; absent: both",
      }),
    }),
  ])
  .openapi("CareAccessRequest");

export const CareAccessState = z
  .object({
    bindingId: z.string(),
    /** The relative may show my e-code. */
    showsMyCode: z.boolean(),
    /** I may show the relative's e-code. */
    iShowTheirCode: z.boolean(),
  })
  .openapi("CareAccess");

export const CareList = z
  .object({
    caringFor: z.array(
      z.object({
        bindingId: z.string(),
        person: Masked,
        grantedAt: z.string(),
        walletStatus: z.enum(["active", "frozen", "closed"]).nullable(),
      }),
    ),
    carers: z.array(z.object({ bindingId: z.string(), carer: Masked, grantedAt: z.string() })),
  })
  .openapi("CareAccessList");

export const CarerEcodeDto = z.object({ code: z.string(), expiresAt: z.string(), for: Masked }).openapi("CarerEcode");

export const ElderBody = z
  .object({
    relation: z.literal("parent"),
    name: z.string().trim().min(1).max(50),
    idNumber: z.string().trim().min(1).max(32),
    faceToken: z.string().min(1).max(512).openapi({ description: "The adult child's own face check" }),
    commitmentVersion: z.string().min(1).max(32),
  })
  .openapi("ElderGuardianRequest");

export const TakeoverBody = z
  .object({
    faceToken: z.string().min(1).max(512).openapi({ description: "The parent's own face check" }),
    paymentPassword: z.string().min(1).max(32).openapi({ description: "The new 6-digit payment PIN (the guardian's is discarded)" }),
  })
  .openapi("WalletTakeoverRequest");
