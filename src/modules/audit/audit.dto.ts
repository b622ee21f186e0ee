import { z } from "@hono/zod-openapi";

const AuditRowDto = z
  .object({
    seq: z.number().int(),
    id: z.string(),
    at: z.string(),
    actorType: z.enum(["user", "agent", "merchant", "region", "system"]),
    actorId: z.string(),
    action: z.string(),
    subjectType: z.string(),
    subjectId: z.string(),
    details: z.record(z.string(), z.unknown()),
    chainPos: z.number().int(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .openapi("AuditRow");

export const AuditQuery = z.object({
  cursor: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const AuditPage = z.object({ items: z.array(AuditRowDto), nextCursor: z.string().nullable() }).openapi("AuditPage");

export const ChainVerdictDto = z
  .object({
    ok: z.boolean(),
    checked: z.number().int(),
    firstBroken: z.object({ seq: z.number().int(), id: z.string(), chainPos: z.number().int(), reason: z.string() }).nullable(),
  })
  .openapi("AuditChainVerdict");
