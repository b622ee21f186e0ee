import { and, eq, or, sql } from "drizzle-orm";
import type { Ctx } from "@/ctx";
import type { DbOrTx } from "@/db/client";
import { ageOn } from "@/lib/id-number";
import { newId } from "@/lib/ids";
import { rowsOf } from "@/lib/rows";
import { recordAudit } from "@/modules/audit/audit.service";
import { findPerson } from "@/modules/identity/identity.repo";
import { requireVerifiedPerson, revealIdNumber, verifyFace } from "@/modules/identity/identity.service";
import { createNotifier } from "@/modules/notifications/notifications.service";
import { requireActiveBindingFor } from "@/modules/relatives/bindings.service";
import { MINOR_AGE } from "@/modules/relatives/relation-check";
import { relativeErrors } from "@/modules/relatives/relatives.errors";
import { bindings } from "@/modules/relatives/relatives.schema";
import { mintEcode } from "@/modules/settlement/ecode.service";
import { settlementErrors } from "@/modules/settlement/settlement.errors";
import { verifyPaymentPassword } from "@/modules/wallet/password";
import { walletByPerson } from "@/modules/wallet/wallet.repo";
import { walletNotOpen } from "@/modules/wallet/wallet.service";
import { CARE_ACCESS_LIMIT, familyErrors } from "./family.errors";
import { careAccess } from "./family.schema";
import { notifyUserOf } from "./notify";

async function stateOf(db: DbOrTx, bindingId: string, me: string) {
  const rows = await db
    .select()
    .from(careAccess)
    .where(and(eq(careAccess.bindingId, bindingId), eq(careAccess.status, "active")));
  return { bindingId, showsMyCode: rows.some((r) => r.personId === me), iShowTheirCode: rows.some((r) => r.carerPersonId === me) };
}

/**
 * Whether this user may let the relative of this binding show their e-code: an adult managing their
 * own wallet, the binding active, and (a hint; the grant re-checks it under its lock) the carer below
 * the limit. Run by the grant before the face check, and by the chat before it asks for it.
 * `alreadyGranted` is true when the relative may show the code already.
 */
export async function requireCareGrantor(ctx: Ctx, userId: string, bindingId: string) {
  const { person } = await requireVerifiedPerson(ctx, ctx.db, userId);
  const { relativePersonId: carerPersonId } = await requireActiveBindingFor(ctx, ctx.db, person.id, bindingId);
  if (ageOn(person.birthDate, ctx.clock.now()) < MINOR_AGE) throw familyErrors.minorGuardianRule();
  const wallet = await walletByPerson(ctx.db, person.id);
  if (!wallet) throw walletNotOpen();
  if (wallet.managerUserId !== userId) throw familyErrors.managedByGuardian();
  const state = await stateOf(ctx.db, bindingId, person.id);
  if (!state.showsMyCode) {
    const [n] = rowsOf<{ n: number }>(
      await ctx.db.execute(
        sql`select count(*)::int as n from ${careAccess} where carer_person_id = ${carerPersonId} and status = 'active'`,
      ),
    );
    if (Number(n?.n ?? 0) >= CARE_ACCESS_LIMIT) throw familyErrors.careAccessLimit();
  }
  return { person, carerPersonId, wallet, alreadyGranted: state.showsMyCode };
}

/**
 * The person lets the bound relative show their e-code, after their own face check. A minor's code
 * stays with their guardian, and a wallet a guardian manages is the guardian's to show.
 */
export async function grantCareAccess(ctx: Ctx, userId: string, bindingId: string, faceToken: string) {
  const { person, carerPersonId } = await requireCareGrantor(ctx, userId, bindingId);
  await verifyFace(ctx, await revealIdNumber(ctx, person), faceToken);
  const now = ctx.clock.now();
  const notifier = createNotifier(ctx);
  await ctx.db.transaction(async (tx) => {
    const [b] = await tx.select({ status: bindings.status }).from(bindings).where(eq(bindings.id, bindingId)).for("update");
    if (b?.status !== "active") throw relativeErrors.notBound();
    // One grant at a time per carer, so two people granting at once cannot make a sixth.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`care\u0001${carerPersonId}`}, 7))`);
    const [mine] = await tx
      .select({ id: careAccess.id })
      .from(careAccess)
      .where(and(eq(careAccess.bindingId, bindingId), eq(careAccess.personId, person.id), eq(careAccess.status, "active")));
    if (mine) return;
    const [n] = rowsOf<{ n: number }>(
      await tx.execute(sql`select count(*)::int as n from ${careAccess} where carer_person_id = ${carerPersonId} and status = 'active'`),
    );
    if (Number(n?.n ?? 0) >= CARE_ACCESS_LIMIT) throw familyErrors.careAccessLimit();
    const id = newId();
    await tx.insert(careAccess).values({ id, bindingId, personId: person.id, carerPersonId, status: "active", grantedAt: now });
    await recordAudit(tx, now, {
      actorType: "user",
      actorId: userId,
      action: "care_access.grant",
      subjectType: "binding",
      subjectId: bindingId,
      details: { careAccessId: id },
    });
    await notifyUserOf(tx, notifier, carerPersonId, {
      kind: "care_access.granted",
      title: "亲属授权您代为出示医保码",
      body: `${person.maskedName} 授权您在自己的手机上出示其医保码，付款从其医保钱包扣除`,
      data: { bindingId, name: person.maskedName },
    });
  });
  await notifier.flush();
  return stateOf(ctx.db, bindingId, person.id);
}

/** The care access on an active binding this user takes part in: what either side could stop. */
export async function careAccessOn(ctx: Ctx, userId: string, bindingId: string) {
  const { personId } = await requireVerifiedPerson(ctx, ctx.db, userId);
  // An ended binding has already taken its care access with it, so only an active one is looked up.
  await requireActiveBindingFor(ctx, ctx.db, personId, bindingId);
  return { personId, ...(await stateOf(ctx.db, bindingId, personId)) };
}

/**
 * Either side stops it: `person` the access to my code, `carer` my access to theirs, absent both.
 * The chat confirms it with the user's PIN when they have a wallet (`paymentPassword`); the API does not.
 */
export async function revokeCareAccess(
  ctx: Ctx,
  userId: string,
  bindingId: string,
  side?: "person" | "carer",
  opts: { paymentPassword?: string } = {},
) {
  const { personId } = await careAccessOn(ctx, userId, bindingId);
  if (opts.paymentPassword !== undefined) {
    const wallet = await walletByPerson(ctx.db, personId);
    if (!wallet) throw walletNotOpen();
    await verifyPaymentPassword(ctx, wallet, opts.paymentPassword);
  }
  const now = ctx.clock.now();
  const mineAsPerson = and(eq(careAccess.personId, personId));
  const mineAsCarer = and(eq(careAccess.carerPersonId, personId));
  const who = side === "person" ? mineAsPerson : side === "carer" ? mineAsCarer : or(mineAsPerson, mineAsCarer);
  await ctx.db.transaction(async (tx) => {
    const rows = await tx
      .update(careAccess)
      .set({
        status: "revoked",
        revokedAt: now,
        revokedBy: sql`case when ${careAccess.personId} = ${personId} then 'person' else 'carer' end`,
      })
      .where(and(eq(careAccess.bindingId, bindingId), eq(careAccess.status, "active"), who))
      .returning({ id: careAccess.id });
    if (rows.length) {
      await recordAudit(tx, now, {
        actorType: "user",
        actorId: userId,
        action: "care_access.revoke",
        subjectType: "binding",
        subjectId: bindingId,
        details: { careAccessIds: rows.map((r) => r.id) },
      });
    }
  });
  return stateOf(ctx.db, bindingId, personId);
}

/** The people I may show the e-code of, and the people who may show mine. */
export async function listCareAccess(ctx: Ctx, userId: string) {
  const { personId } = await requireVerifiedPerson(ctx, ctx.db, userId);
  return careAccessOfPerson(ctx, personId);
}

/** Whom a person cares for and who cares for them (the user's list and the console's panel). */
export async function careAccessOfPerson(ctx: Ctx, personId: string) {
  const rows = await ctx.db
    .select()
    .from(careAccess)
    .where(and(eq(careAccess.status, "active"), or(eq(careAccess.personId, personId), eq(careAccess.carerPersonId, personId))))
    .orderBy(careAccess.grantedAt);
  const caringFor = [];
  const carers = [];
  for (const r of rows) {
    if (r.carerPersonId === personId) {
      const p = (await findPerson(ctx.db, r.personId))!;
      caringFor.push({
        bindingId: r.bindingId,
        person: { maskedName: p.maskedName },
        grantedAt: r.grantedAt.toISOString(),
        walletStatus: (await walletByPerson(ctx.db, p.id))?.status ?? null,
      });
    } else {
      const p = (await findPerson(ctx.db, r.carerPersonId))!;
      carers.push({ bindingId: r.bindingId, carer: { maskedName: p.maskedName }, grantedAt: r.grantedAt.toISOString() });
    }
  }
  return { caringFor, carers };
}

/**
 * A carer shows the relative's e-code: it pays from the relative's wallet (and the relative's
 * quotas). Every code shown this way is audited with who showed it.
 */
export async function carerEcode(ctx: Ctx, userId: string, bindingId: string) {
  const { personId: carerId } = await requireVerifiedPerson(ctx, ctx.db, userId);
  const { relativePersonId } = await requireActiveBindingFor(ctx, ctx.db, carerId, bindingId);
  const [access] = await ctx.db
    .select({ id: careAccess.id })
    .from(careAccess)
    .where(
      and(
        eq(careAccess.bindingId, bindingId),
        eq(careAccess.personId, relativePersonId),
        eq(careAccess.carerPersonId, carerId),
        eq(careAccess.status, "active"),
      ),
    );
  if (!access) throw familyErrors.careAccessRequired();
  const wallet = await walletByPerson(ctx.db, relativePersonId);
  if (!wallet) throw walletNotOpen();
  if (wallet.status !== "active") throw settlementErrors.walletNotActive("payer");
  const person = (await findPerson(ctx.db, relativePersonId))!;
  const code = await mintEcode(ctx, userId, wallet, {
    action: "ecode.shown_by_carer",
    subjectType: "wallet",
    subjectId: wallet.id,
    details: { bindingId, careAccessId: access.id, carerPersonId: carerId },
  });
  return { code: code.code, expiresAt: code.expiresAt, for: { maskedName: person.maskedName } };
}
