import { resendInvitationAs } from "@/modules/agents/invitation-actions.service";
import { and, eq, lte } from "drizzle-orm";
import type { Ctx } from "@/ctx";
import { newId, randomCode } from "@/lib/ids";
import { isUniqueViolation } from "@/lib/pg-errors";
import { errors } from "@/lib/problem";
import { beijingDate } from "@/lib/time";
import { ageOn } from "@/lib/id-number";
import { recordAudit } from "@/modules/audit/audit.service";
import { findPerson } from "@/modules/identity/identity.repo";
import { requireValidIdNumber, requireVerifiedPerson, revealIdNumber, verifyFace } from "@/modules/identity/identity.service";
import { createNotifier } from "@/modules/notifications/notifications.service";
import { bindingCount, lockUnderLimit } from "./bindings.service";
import { requirePolicy } from "./policy.service";
import { MINOR_AGE, checkRelation } from "./relation-check";
import { inverseRelation, type Relation } from "./relation-rules";
import { relativeErrors } from "./relatives.errors";
import { bindings, invitations } from "./relatives.schema";

const INVITATION_DAYS = 7;
type InvitationRow = typeof invitations.$inferSelect;

async function invitationDto(ctx: Ctx, inv: InvitationRow) {
  const inviter = await findPerson(ctx.db, inv.inviterPersonId);
  return {
    id: inv.id,
    code: inv.code,
    status: inv.status,
    relation: inv.relation,
    inverseRelation: inverseRelation(inv.relation),
    inviter: { maskedName: inviter!.maskedName, regionCode: inviter!.regionCode },
    expiresAt: inv.expiresAt.toISOString(),
    createdAt: inv.createdAt.toISOString(),
  };
}

export async function createInvitation(ctx: Ctx, userId: string, input: { relation: Relation; name: string; idNumber: string }) {
  const { person: giver } = await requireVerifiedPerson(ctx, ctx.db, userId);
  // A child under 16 cannot accept, whatever else is true: say so first and point to the minor route.
  const parsed = requireValidIdNumber(ctx, input.idNumber);
  if (ageOn(parsed.birthDate, beijingDate(ctx.clock.now())) < MINOR_AGE) throw relativeErrors.minorCannotAccept();
  const { relative, maxActiveBindings } = await checkRelation(ctx, giver, input, { allowUninsured: false });
  const now = ctx.clock.now();
  const inv: InvitationRow = {
    id: newId(),
    code: randomCode(8),
    inviterPersonId: giver.id,
    inviterUserId: userId,
    inviteePersonId: relative.id,
    relation: input.relation,
    status: "pending",
    expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000),
    createdAt: now,
    decidedAt: null,
    bindingId: null,
  };
  try {
    await ctx.db.transaction(async (tx) => {
      await lockUnderLimit(tx, [giver.id], maxActiveBindings);
      await tx.insert(invitations).values(inv);
      await recordAudit(tx, now, {
        actorType: "user",
        actorId: userId,
        action: "invitation.create",
        subjectType: "invitation",
        subjectId: inv.id,
        details: { relation: inv.relation },
      });
    });
  } catch (e) {
    if (isUniqueViolation(e, "invitations_one_pending_uq")) throw relativeErrors.invitationPending();
    throw e;
  }
  return invitationDto(ctx, inv);
}

/** Loads by code and settles a lapsed pending invitation as expired on the way. */
async function loadByCode(ctx: Ctx, code: string): Promise<InvitationRow> {
  const [inv] = await ctx.db.select().from(invitations).where(eq(invitations.code, code.toUpperCase()));
  if (!inv) throw errors.notFound("邀请", "invitation");
  if (inv.status === "pending" && inv.expiresAt <= ctx.clock.now()) {
    await ctx.db
      .update(invitations)
      .set({ status: "expired", decidedAt: inv.expiresAt })
      .where(and(eq(invitations.id, inv.id), eq(invitations.status, "pending")));
    return { ...inv, status: "expired" };
  }
  return inv;
}

export async function viewInvitation(ctx: Ctx, code: string) {
  return invitationDto(ctx, await loadByCode(ctx, code));
}

async function decide(ctx: Ctx, userId: string, code: string, role: "invitee" | "inviter") {
  const inv = await loadByCode(ctx, code);
  const { personId } = await requireVerifiedPerson(ctx, ctx.db, userId);
  const mine = role === "invitee" ? inv.inviteePersonId === personId : inv.inviterPersonId === personId;
  if (!mine) throw role === "invitee" ? relativeErrors.notForYou() : errors.notFound("邀请", "invitation");
  if (inv.status === "expired") throw relativeErrors.expired();
  if (inv.status !== "pending") throw relativeErrors.notPending(inv.status);
  return { inv, personId };
}

export async function acceptInvitation(ctx: Ctx, userId: string, code: string, faceToken: string) {
  const { inv, personId } = await decide(ctx, userId, code, "invitee");
  const invitee = (await findPerson(ctx.db, personId))!;
  const now = ctx.clock.now();
  if (ageOn(invitee.birthDate, beijingDate(now)) < MINOR_AGE) throw relativeErrors.minorCannotAccept();
  await verifyFace(ctx, await revealIdNumber(ctx, invitee), faceToken);
  const inviter = (await findPerson(ctx.db, inv.inviterPersonId))!;
  const policy = await requirePolicy(ctx.db, inviter.regionCode, beijingDate(now));
  // Early answer (the pending invitation itself counts towards the inviter's limit); the check that
  // holds runs again under the persons' locks once the invitation is claimed.
  if ((await bindingCount(ctx.db, inviter.id)) > policy.maxActiveBindings) throw relativeErrors.limit(policy.maxActiveBindings);
  const notifier = createNotifier(ctx);
  const bindingId = newId();
  try {
    await ctx.db.transaction(async (tx) => {
      const claimed = await tx
        .update(invitations)
        .set({ status: "accepted", decidedAt: now, bindingId })
        .where(and(eq(invitations.id, inv.id), eq(invitations.status, "pending")))
        .returning();
      if (claimed.length === 0) throw relativeErrors.notPending("decided");
      await lockUnderLimit(tx, [inv.inviterPersonId, inv.inviteePersonId], policy.maxActiveBindings);
      await tx.insert(bindings).values({
        id: bindingId,
        giverPersonId: inv.inviterPersonId,
        relativePersonId: inv.inviteePersonId,
        relation: inv.relation,
        via: "invitation",
        status: "active",
        createdAt: now,
      });
      await recordAudit(tx, now, {
        actorType: "user",
        actorId: userId,
        action: "invitation.accept",
        subjectType: "binding",
        subjectId: bindingId,
        details: { invitationId: inv.id },
      });
      await notifier.add(tx, {
        userId: inv.inviterUserId,
        kind: "invitation.accepted",
        title: "亲属已接受邀请",
        body: `${invitee.maskedName} 已接受您的共济亲属邀请`,
        data: { invitationId: inv.id, bindingId, name: invitee.maskedName },
      });
    });
  } catch (e) {
    if (isUniqueViolation(e, "bindings_active_pair_uq")) throw relativeErrors.alreadyBound();
    throw e;
  }
  await notifier.flush();
  return { binding: await bindingDto(ctx, bindingId, personId) };
}

export async function declineInvitation(ctx: Ctx, userId: string, code: string) {
  const { inv, personId } = await decide(ctx, userId, code, "invitee");
  const invitee = (await findPerson(ctx.db, personId))!;
  return closeInvitation(ctx, userId, inv, "declined", {
    userId: inv.inviterUserId,
    kind: "invitation.declined",
    title: "亲属拒绝了邀请",
    body: `${invitee.maskedName} 拒绝了您的共济亲属邀请`,
    data: { invitationId: inv.id, name: invitee.maskedName },
  });
}

/** The inviter's own "send again": the same code, valid 7 more days (the agents' resend, one implementation). */
export async function resendOwnInvitation(ctx: Ctx, userId: string, code: string) {
  const inv = await loadByCode(ctx, code);
  const { personId } = await requireVerifiedPerson(ctx, ctx.db, userId);
  if (inv.inviterPersonId !== personId) throw errors.notFound("邀请", "invitation");
  const r = await resendInvitationAs(ctx, { actorType: "user", actorId: userId }, inv.id);
  return { id: r.id, status: "pending" as const, expiresAt: r.expiresAt };
}

export async function cancelInvitation(ctx: Ctx, userId: string, code: string) {
  const { inv } = await decide(ctx, userId, code, "inviter");
  return closeInvitation(ctx, userId, inv, "cancelled", null);
}

async function closeInvitation(
  ctx: Ctx,
  actorId: string,
  inv: InvitationRow,
  status: "declined" | "cancelled",
  notice: Parameters<ReturnType<typeof createNotifier>["add"]>[1] | null,
) {
  const now = ctx.clock.now();
  const notifier = createNotifier(ctx);
  await ctx.db.transaction(async (tx) => {
    const rows = await tx
      .update(invitations)
      .set({ status, decidedAt: now })
      .where(and(eq(invitations.id, inv.id), eq(invitations.status, "pending")))
      .returning();
    if (rows.length === 0) throw relativeErrors.notPending("decided");
    await recordAudit(tx, now, {
      actorType: "user",
      actorId,
      action: `invitation.${status === "declined" ? "decline" : "cancel"}`,
      subjectType: "invitation",
      subjectId: inv.id,
    });
    if (notice) await notifier.add(tx, notice);
  });
  await notifier.flush();
  return invitationDto(ctx, { ...inv, status, decidedAt: now });
}

export async function bindingDto(ctx: Ctx, bindingId: string, viewerPersonId: string) {
  const [b] = await ctx.db.select().from(bindings).where(eq(bindings.id, bindingId));
  const other = b!.giverPersonId === viewerPersonId ? b!.relativePersonId : b!.giverPersonId;
  const p = (await findPerson(ctx.db, other))!;
  const relation = b!.giverPersonId === viewerPersonId ? b!.relation : inverseRelation(b!.relation);
  return {
    bindingId: b!.id,
    relation,
    relative: { personId: p.id, maskedName: p.maskedName, regionCode: p.regionCode, insurance: p.insurance },
    status: b!.status,
    since: b!.createdAt.toISOString(),
  };
}

/** The scheduled job: pending invitations past their 7 days become expired. */
export async function expireDueInvitations(ctx: Ctx): Promise<number> {
  const rows = await ctx.db
    .update(invitations)
    .set({ status: "expired", decidedAt: ctx.clock.now() })
    .where(and(eq(invitations.status, "pending"), lte(invitations.expiresAt, ctx.clock.now())))
    .returning({ id: invitations.id });
  return rows.length;
}
