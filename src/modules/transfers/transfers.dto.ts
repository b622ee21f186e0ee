import { z } from "@hono/zod-openapi";
import { TRANSFER_STATUSES } from "./transfers.schema";

const TransferStatusSchema = z.enum(TRANSFER_STATUSES);

const Party = z.object({ maskedName: z.string(), regionCode: z.string() });

export const TransferDto = z
  .object({
    id: z.string(),
    receiptNo: z.string(),
    status: TransferStatusSchema,
    amountFen: z.number().int(),
    paidFrom: z.object({ ownFen: z.number().int(), receivedFen: z.number().int() }).optional(),
    crossProvince: z.boolean(),
    from: Party,
    to: Party,
    memo: z.string().nullable(),
    direction: z.enum(["in", "out"]),
    createdAt: z.string(),
    expiresAt: z.string(),
    decidedAt: z.string().nullable(),
    history: z.array(z.object({ status: TransferStatusSchema, at: z.string() })),
  })
  .openapi("Transfer");

export const CreateTransferBody = z
  .object({
    bindingId: z.string().min(1).max(64),
    amountFen: z.number().int().min(1).max(100_000_000_00),
    paymentPassword: z.string().regex(/^\d{6}$/, "6 digits"),
    memo: z.string().trim().max(50).optional(),
  })
  .openapi("TransferRequest");

export const ListQuery = z.object({
  direction: z.enum(["in", "out"]).optional(),
  status: TransferStatusSchema.optional(),
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const TransferList = z.object({ items: z.array(TransferDto), nextCursor: z.string().nullable() }).openapi("Transfers");

export const ClearingDto = z
  .object({
    date: z.string(),
    pairs: z.array(
      z.object({
        regionA: z.string(),
        regionB: z.string(),
        grossAtoBFen: z.number().int(),
        grossBtoAFen: z.number().int(),
        netAtoBFen: z.number().int(),
      }),
    ),
  })
  .openapi("Clearing");
