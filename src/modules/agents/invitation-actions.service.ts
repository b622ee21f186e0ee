import { and, eq, inArray } from "drizzle-orm";
import type { AuthAgent } from "@/app-env";
import type { Ctx } from "@/ctx";
import { isUniqueViolation } from "@/lib/pg-errors";
import { DomainError, errors } from "@/lib/problem";
import { recordAudit } from "@/modules/audit/audit.service";
import { invitations } from "@/modules/relatives/relatives.schema";
import { cleanReason } from "./reason";

const INVITATION_DAYS = 7;

function notOpen() {
  return new DomainError("INVITATION_NOT_PENDING", 409, "该邀请已处理，不能再操作", "The invitation is no longer open");
}

async function findInvitation(ctx: Ctx, id: string) {
  const [inv] = await ctx.db.select().from(invitations).where(eq(invitations.id, id));
  if (!inv) throw errors.notFound("邀请", "invitation");
  return inv;
}

/** Cancels an open invitation on the inviter's request (e.g. sent to the wrong person). */
export async function cancelInvitation(ctx: Ctx, agent: AuthAgent, id: string, rawReason: string) {
  const reason = cleanReason(rawReason);
  const inv = await findInvitation(ctx, id);
  const now = ctx.clock.now();
  if (inv.expiresAt <= now) throw notOpen();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(invitations)
      .set({ status: "cancelled", decidedAt: now })
      .where(and(eq(invitations.id, inv.id), eq(invitations.status, "pending")))
      .returning();
    if (!row) throw notOpen();
    await recordAudit(tx, now, {
      actorType: "agent",
      actorId: agent.agentId,
      action: "invitation.cancel",
      subjectType: "invitation",
      subjectId: id,
      details: { reason },
    });
    return { id, status: row.status, expiresAt: row.expiresAt.toISOString() };
  });
}

/**
 * Gives a pending or expired invitation another 7 days with the same code and reminds the inviter
 * to share it again. An expired one cannot come back while a newer one for the same pair is open.
 */
export function resendInvitation(ctx: Ctx, agent: AuthAgent, id: string) {
  return resendInvitationAs(ctx, { actorType: "agent", actorId: agent.agentId }, id);
}

/**
 * The one way an invitation gets another 7 days: by an agent (the inviter is told), or by the
 * inviter themself from the mini-program (POST /v1/invitations/{code}/resend).
 */
export async function resendInvitationAs(ctx: Ctx, actor: { actorType: "agent" | "user"; actorId: string }, id: string) {
  const inv = await findInvitation(ctx, id);
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000);
  try {
    const row = await ctx.db.transaction(async (tx) => {
      const [r] = await tx
        .update(invitations)
        .set({ status: "pending", expiresAt, decidedAt: null })
        .where(and(eq(invitations.id, inv.id), inArray(invitations.status, ["pending", "expired"])))
        .returning();
      if (!r) throw notOpen();
      await recordAudit(tx, now, {
        ...actor,
        action: "invitation.resend",
        subjectType: "invitation",
        subjectId: id,
        details: { expiresAt: expiresAt.toISOString(), previousStatus: inv.status },
      });
      return r;
    });
    if (actor.actorType === "agent")
      await ctx.adapters.notifier
        .push({
          userId: row.inviterUserId,
          kind: "invitation_resent",
          title: "亲属邀请已重新发送",
          body: "您的共济亲属邀请已延长 7 天，请再次分享给亲属。",
          data: { invitationId: id, code: row.code },
        })
        .catch(() => ctx.log.warn("notify failed", { invitationId: id }));
    return { id, status: row.status, expiresAt: row.expiresAt.toISOString() };
  } catch (e) {
    if (isUniqueViolation(e))
      throw new DomainError(
        "INVITATION_SUPERSEDED",
        409,
        "已有一条更新的待处理邀请",
        "A newer open invitation exists for the same relative",
      );
    throw e;
  }
}
