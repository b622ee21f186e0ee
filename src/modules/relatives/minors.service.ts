import type { Ctx } from "@/ctx";
import { newId } from "@/lib/ids";
import { isUniqueViolation } from "@/lib/pg-errors";
import { DomainError } from "@/lib/problem";
import { recordAudit } from "@/modules/audit/audit.service";
import { findPerson } from "@/modules/identity/identity.repo";
import { requireVerifiedPerson, revealIdNumber, verifyFace } from "@/modules/identity/identity.service";
import { GUARDIAN_COMMITMENT } from "@/modules/wallet/agreement";
import { walletDto } from "@/modules/wallet/wallet.service";
import { createWallet } from "@/modules/wallet/wallet.service";
import { lockUnderLimit, requireActiveBindingFor } from "./bindings.service";
import { bindingDto } from "./invitations.service";
import { MINOR_AGE, checkRelation } from "./relation-check";
import { relativeErrors } from "./relatives.errors";
import { bindings } from "./relatives.schema";

/**
 * A child under 16 cannot accept an invitation: a parent (or grandparent) bound to them binds them
 * directly once the registry confirms the relation, and becomes their guardian in the wallet.
 */
export async function bindMinor(ctx: Ctx, userId: string, input: { relation: "child" | "grandchild"; name: string; idNumber: string }) {
  const { person: giver } = await requireVerifiedPerson(ctx, ctx.db, userId);
  // Uninsured children may be bound: paying their first resident premium is what enrols them.
  const { relative, age, maxActiveBindings } = await checkRelation(ctx, giver, input, { allowUninsured: true });
  if (age >= MINOR_AGE) throw relativeErrors.notMinor();
  const now = ctx.clock.now();
  const id = newId();
  try {
    await ctx.db.transaction(async (tx) => {
      await lockUnderLimit(tx, [giver.id, relative.id], maxActiveBindings);
      await tx.insert(bindings).values({
        id,
        giverPersonId: giver.id,
        relativePersonId: relative.id,
        relation: input.relation,
        via: "minor",
        status: "active",
        guardian: true,
        createdAt: now,
      });
      await recordAudit(tx, now, {
        actorType: "user",
        actorId: userId,
        action: "binding.minor",
        subjectType: "binding",
        subjectId: id,
        details: { relation: input.relation },
      });
    });
  } catch (e) {
    if (isUniqueViolation(e, "bindings_active_pair_uq")) throw relativeErrors.alreadyBound();
    throw e;
  }
  return { binding: await bindingDto(ctx, id, giver.id) };
}

/**
 * 代开通: the guardian opens the wallet of a bound minor. No face check for the child; the guardian
 * passes their own face check and confirms the signed commitment; the registry already confirmed the
 * relation when the binding was made.
 */
export async function openWardWallet(
  ctx: Ctx,
  userId: string,
  bindingId: string,
  input: { agreementVersion: string; paymentPassword: string; faceToken: string; commitmentVersion: string },
) {
  const { person: guardian } = await requireVerifiedPerson(ctx, ctx.db, userId);
  const { binding, relativePersonId, iAmGiver } = await requireActiveBindingFor(ctx, ctx.db, guardian.id, bindingId);
  if (!binding.guardian || !iAmGiver) {
    throw new DomainError("NOT_GUARDIAN", 403, "只有监护人可以代为开通", "Only the guardian may open this wallet", {});
  }
  if (input.commitmentVersion !== GUARDIAN_COMMITMENT.version) {
    throw new DomainError("COMMITMENT_REQUIRED", 422, "请阅读并确认代开通承诺书", "Read and confirm the guardian commitment");
  }
  await verifyFace(ctx, await revealIdNumber(ctx, guardian), input.faceToken);
  const ward = (await findPerson(ctx.db, relativePersonId))!;
  const w = await createWallet(ctx, ward, userId, {
    agreementVersion: input.agreementVersion,
    paymentPassword: input.paymentPassword,
    openedBy: "guardian",
    commitmentText: GUARDIAN_COMMITMENT.text,
  });
  return { wallet: await walletDto(ctx.db, w, ward.insurance) };
}
