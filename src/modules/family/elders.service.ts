import { and, eq } from "drizzle-orm";
import type { Ctx } from "@/ctx";
import { ageOn } from "@/lib/id-number";
import { newId } from "@/lib/ids";
import { isUniqueViolation } from "@/lib/pg-errors";
import { recordAudit } from "@/modules/audit/audit.service";
import { findUserByPerson } from "@/modules/identity/identity.repo";
import { requireVerifiedPerson, revealIdNumber, verifyFace } from "@/modules/identity/identity.service";
import { createNotifier } from "@/modules/notifications/notifications.service";
import { lockUnderLimit, requireActiveBindingFor } from "@/modules/relatives/bindings.service";
import { bindingDto } from "@/modules/relatives/invitations.service";
import { checkRelation, MINOR_AGE } from "@/modules/relatives/relation-check";
import { relativeErrors } from "@/modules/relatives/relatives.errors";
import { bindings } from "@/modules/relatives/relatives.schema";
import { GUARDIAN_COMMITMENT } from "@/modules/wallet/agreement";
import { newPasswordHash } from "@/modules/wallet/password";
import { walletByPerson } from "@/modules/wallet/wallet.repo";
import { wallets } from "@/modules/wallet/wallet.schema";
import { ADULT_AGE, ELDER_AGE, familyErrors } from "./family.errors";

/**
 * 代开通 for an elder: an adult child binds a parent of 65 or over who cannot complete a face check,
 * directly (the parent could not accept an invitation), after the registry confirms the relation, the
 * child's own face check and the guardian commitment. The child is then the parent's guardian: they
 * open the wallet (`POST /v1/relatives/{bindingId}/wallet`), show its e-code and pay its premiums.
 */
export async function bindElder(
  ctx: Ctx,
  userId: string,
  input: { relation: "parent"; name: string; idNumber: string; faceToken: string; commitmentVersion: string },
) {
  const { person: child } = await requireVerifiedPerson(ctx, ctx.db, userId);
  if (input.commitmentVersion !== GUARDIAN_COMMITMENT.version) throw familyErrors.commitmentRequired();
  const now = ctx.clock.now();
  if (ageOn(child.birthDate, now) < ADULT_AGE) throw familyErrors.notAdult();
  const { relative: parent, age, maxActiveBindings } = await checkRelation(ctx, child, input, { allowUninsured: false });
  if (age < ELDER_AGE) throw familyErrors.elderTooYoung();
  await verifyFace(ctx, await revealIdNumber(ctx, child), input.faceToken);
  const id = newId();
  try {
    await ctx.db.transaction(async (tx) => {
      await lockUnderLimit(tx, [child.id, parent.id], maxActiveBindings);
      await tx.insert(bindings).values({
        id,
        giverPersonId: child.id,
        relativePersonId: parent.id,
        relation: "parent",
        via: "elder",
        status: "active",
        guardian: true,
        createdAt: now,
      });
      await recordAudit(tx, now, {
        actorType: "user",
        actorId: userId,
        action: "binding.elder_guardian",
        subjectType: "binding",
        subjectId: id,
        details: { relation: "parent", commitmentVersion: input.commitmentVersion },
      });
    });
  } catch (e) {
    if (isUniqueViolation(e, "bindings_active_pair_uq")) throw relativeErrors.alreadyBound();
    throw e;
  }
  return { binding: await bindingDto(ctx, id, child.id) };
}

/**
 * The person a guardian opened a wallet for takes it over with their own face check and a new PIN
 * (the guardian's PIN stops working); the guardian's role on the binding ends, the binding stays.
 */
export async function takeOverWallet(ctx: Ctx, userId: string, bindingId: string, input: { faceToken: string; paymentPassword: string }) {
  const { person: ward } = await requireVerifiedPerson(ctx, ctx.db, userId);
  const { binding, iAmGiver } = await requireActiveBindingFor(ctx, ctx.db, ward.id, bindingId);
  if (!binding.guardian || iAmGiver) throw familyErrors.notWard();
  const now = ctx.clock.now();
  if (ageOn(ward.birthDate, now) < MINOR_AGE) throw familyErrors.wardMinor();
  await verifyFace(ctx, await revealIdNumber(ctx, ward), input.faceToken);
  const wallet = await walletByPerson(ctx.db, ward.id);
  const passwordHash = wallet ? await newPasswordHash(ctx, input.paymentPassword, ward.birthDate) : null;
  const notifier = createNotifier(ctx);
  await ctx.db.transaction(async (tx) => {
    const released = await tx
      .update(bindings)
      .set({ guardian: false })
      .where(and(eq(bindings.id, bindingId), eq(bindings.status, "active"), eq(bindings.guardian, true)))
      .returning({ id: bindings.id });
    if (released.length === 0) throw familyErrors.notWard();
    if (wallet && passwordHash) {
      await tx
        .update(wallets)
        .set({ managerUserId: userId, passwordHash, passwordFailures: 0, passwordLockedUntil: null })
        .where(eq(wallets.id, wallet.id));
    }
    await recordAudit(tx, now, {
      actorType: "user",
      actorId: userId,
      action: "wallet.takeover",
      subjectType: "binding",
      subjectId: bindingId,
      details: { walletId: wallet?.id ?? null, formerGuardianPersonId: binding.giverPersonId },
    });
    const guardianUser = await findUserByPerson(tx, binding.giverPersonId);
    if (guardianUser) {
      await notifier.add(tx, {
        userId: guardianUser.id,
        kind: "wallet.taken_over",
        title: "亲属已接管本人医保钱包",
        body: `${ward.maskedName} 已通过本人人脸核验接管自己的医保钱包，您不再代为管理`,
        data: { bindingId, name: ward.maskedName },
      });
    }
  });
  await notifier.flush();
  return { bindingId, walletId: wallet?.id ?? null, managedBy: "self" as const };
}
