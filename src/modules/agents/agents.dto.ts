import { z } from "@hono/zod-openapi";
import { AGENT_ROLES, REVERSAL_STATUSES } from "./agents.schema";

const RoleSchema = z.enum(AGENT_ROLES);
/** A written reason for every consequential agent action; it is kept in the audit log. */
const ReasonSchema = z.string().trim().min(2).max(500);

export const AgentLoginBody = z
  .object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(256) })
  .openapi("AgentLoginRequest");

export const AgentSessionDto = z.object({ token: z.string(), role: RoleSchema, expiresAt: z.string() }).openapi("AgentSession");

export const UsersQuery = z.object({ q: z.string().trim().min(2).max(64) });

const AgentUserDto = z
  .object({
    personId: z.string(),
    userId: z.string().nullable(),
    maskedName: z.string(),
    maskedIdNumber: z.string(),
    maskedPhone: z.string().nullable(),
    regionCode: z.string(),
    regionName: z.string(),
    walletId: z.string().nullable(),
    walletStatus: z.enum(["active", "frozen", "closed"]).nullable(),
  })
  .openapi("AgentUser");

export const UsersResponse = z.object({ items: z.array(AgentUserDto) }).openapi("AgentUsers");

const RevealField = z.enum(["name", "idNumber", "phone"]);
export const RevealBody = z.object({ field: RevealField, reason: ReasonSchema }).openapi("RevealRequest");
export const RevealResponse = z.object({ personId: z.string(), field: RevealField, value: z.string().nullable() }).openapi("RevealResult");

export const ReasonBody = z.object({ reason: ReasonSchema }).openapi("ReasonRequest");
export const WalletStatusResponse = z
  .object({ id: z.string(), status: z.enum(["active", "frozen", "closed"]) })
  .openapi("WalletStatusChange");

export const ReversalBody = z
  .object({
    transferId: z.string().min(1).max(64).optional().openapi({ description: "The transfer's id; or give receiptNo" }),
    receiptNo: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .optional()
      .openapi({ description: "The receipt number (回单号, T2026…) users and screens show" }),
    reason: ReasonSchema,
  })
  .refine((b) => b.transferId !== undefined || b.receiptNo !== undefined, {
    message: "transferId or receiptNo is required",
    path: ["transferId"],
  })
  .openapi("ReversalRequest");

export const ReversalDto = z
  .object({
    id: z.string(),
    transferId: z.string(),
    receiptNo: z.string().nullable(),
    status: z.enum(REVERSAL_STATUSES),
    reason: z.string(),
    amountFen: z.number().int().nullable(),
    proposedBy: z.string(),
    proposedAt: z.string(),
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
    journalTransactionId: z.string().nullable(),
    proposerUsername: z.string().nullable().optional(),
    deciderUsername: z.string().nullable().optional(),
    transfer: z
      .object({
        receiptNo: z.string(),
        createdAt: z.string(),
        status: z.string(),
        payer: z.object({ personId: z.string(), maskedName: z.string() }),
        payee: z.object({ personId: z.string(), maskedName: z.string() }),
      })
      .nullable()
      .optional(),
  })
  .openapi("Reversal");

export const ReversalsQuery = z.object({ status: z.enum(REVERSAL_STATUSES).optional() });
export const ReversalsResponse = z.object({ items: z.array(ReversalDto) }).openapi("Reversals");

export const InvitationActionResponse = z.object({ id: z.string(), status: z.string(), expiresAt: z.string() }).openapi("InvitationAction");

const pathId = (name: string) =>
  z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name, in: "path" } });
export const IdParams = z.object({ id: pathId("id") });
export const PersonIdParams = z.object({ personId: pathId("personId") });

export const AgentMeDto = z.object({ agentId: z.string(), username: z.string(), role: RoleSchema }).openapi("AgentMe");

const WalletStatus = z.enum(["active", "frozen", "closed"]);
export const UserContextDto = z
  .object({
    person: z.object({
      personId: z.string(),
      userId: z.string().nullable(),
      maskedName: z.string(),
      maskedIdNumber: z.string(),
      maskedPhone: z.string().nullable(),
      gender: z.enum(["male", "female"]),
      regionCode: z.string(),
      regionName: z.string(),
      insurance: z.enum(["employee", "resident", "none"]),
    }),
    wallet: z
      .object({
        id: z.string(),
        status: WalletStatus,
        regionCode: z.string(),
        regionName: z.string(),
        usageRegionCode: z.string(),
        usageRegionName: z.string(),
        openedAt: z.string(),
        balances: z.object({
          ownFen: z.number().int(),
          receivedFen: z.number().int(),
          heldFen: z.number().int(),
          totalFen: z.number().int(),
        }),
      })
      .nullable(),
    bindings: z.array(
      z.object({
        id: z.string(),
        side: z.enum(["giver", "relative"]),
        relation: z.string(),
        status: z.string(),
        otherPersonId: z.string(),
        otherMaskedName: z.string(),
        since: z.string(),
      }),
    ),
    invitations: z.array(
      z.object({
        id: z.string(),
        code: z.string(),
        side: z.enum(["inviter", "invitee"]),
        relation: z.string(),
        status: z.string(),
        otherMaskedName: z.string(),
        createdAt: z.string(),
        expiresAt: z.string(),
      }),
    ),
    transfers: z.array(
      z.object({
        id: z.string(),
        receiptNo: z.string(),
        direction: z.enum(["in", "out"]),
        amountFen: z.number().int(),
        status: z.string(),
        crossProvince: z.boolean(),
        otherMaskedName: z.string(),
        createdAt: z.string(),
      }),
    ),
    freezes: z.array(
      z.object({
        at: z.string(),
        action: z.enum(["freeze", "unfreeze"]),
        reason: z.string(),
        agentUsername: z.string(),
        agentRole: z.enum(AGENT_ROLES).nullable(),
      }),
    ),
    unavailable: z.array(z.string()),
  })
  .openapi("AgentUserContext");
