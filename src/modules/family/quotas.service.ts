import { and, desc, eq, lte, or, sql } from "drizzle-orm";
import type { Ctx } from "@/ctx";
import type { DbOrTx } from "@/db/client";
import type { AuthAgent } from "@/app-env";
import { newId } from "@/lib/ids";
import { errors } from "@/lib/problem";
import { formatFen } from "@/lib/money";
import { cleanReason } from "@/modules/agents/reason";
import { recordAudit } from "@/modules/audit/audit.service";
import { findPerson } from "@/modules/identity/identity.repo";
import { requireVerifiedPerson } from "@/modules/identity/identity.service";
import { createNotifier } from "@/modules/notifications/notifications.service";
import { requireActiveBindingFor } from "@/modules/relatives/bindings.service";
import { relativeErrors } from "@/modules/relatives/relatives.errors";
import { bindings } from "@/modules/relatives/relatives.schema";
import { verifyPaymentPassword } from "@/modules/wallet/password";
import { walletByPerson } from "@/modules/wallet/wallet.repo";
import { walletNotOpen } from "@/modules/wallet/wallet.service";
import { MAX_QUOTA_FEN } from "./family.dto";
import { familyErrors } from "./family.errors";
import { familyQuotas } from "./family.schema";
import { notifyUserOf } from "./notify";
import { beijingYear, quotaInYear } from "./quota-year";

export type QuotaRow = typeof familyQuotas.$inferSelect;

/** The row that governs a binding's quota from one giver in `year`: the latest of that year or before. */
async function latestRow(db: DbOrTx, bindingId: string, giverPersonId: string, year: number): Promise<QuotaRow | undefined> {
  const [r] = await db
    .select()
    .from(familyQuotas)
    .where(and(eq(familyQuotas.bindingId, bindingId), eq(familyQuotas.giverPersonId, giverPersonId), lte(familyQuotas.year, year)))
    .orderBy(desc(familyQuotas.year))
    .limit(1);
  return r;
}

function quotaDto(bindingId: string, row: QuotaRow, year: number, giverWalletActive: boolean) {
  const v = quotaInYear(row, year, giverWalletActive);
  if (!v) return null;
  return { bindingId, ...v, grantedAt: row.grantedAt.toISOString() };
}

/**
 * The giver sets or changes the yearly quota of one bound relative, confirmed by the giver's PIN.
 * A change keeps what was used this year and the grant order; a quota set again after it was revoked
 * is a new grant (it pays after the older ones).
 */
/**
 * Whether this user may set a quota on this binding now: verified, the binding active, their own
 * wallet open and active. The one check both the API and the chat use; the chat runs it (and
 * `checkQuotaAmounts`) before it asks for the PIN.
 */
export async function requireQuotaGiver(ctx: Ctx, userId: string, bindingId: string) {
  const { giver, wallet } = await requireGiverWallet(ctx, userId);
  const { relativePersonId } = await requireActiveBindingFor(ctx, ctx.db, giver.id, bindingId);
  return { giver, relativePersonId, wallet };
}

/** The giver's side of `requireQuotaGiver`: verified, with an open and active wallet (no binding yet). */
export async function requireGiverWallet(ctx: Ctx, userId: string) {
  const { person: giver } = await requireVerifiedPerson(ctx, ctx.db, userId);
  const wallet = await walletByPerson(ctx.db, giver.id);
  if (!wallet) throw walletNotOpen();
  if (wallet.status !== "active") throw familyErrors.giverWalletNotActive();
  return { giver, wallet };
}

/** 1 fen … ¥50,000.00 a year, and a per-payment cap (optional) no larger than the annual quota. */
export function checkQuotaAmounts(annualFen: number, perPaymentFen?: number | null): void {
  if (!Number.isInteger(annualFen) || annualFen < 1 || annualFen > MAX_QUOTA_FEN) throw familyErrors.quotaOutOfRange("annualFen");
  if (perPaymentFen === null || perPaymentFen === undefined) return;
  if (!Number.isInteger(perPaymentFen) || perPaymentFen < 1 || perPaymentFen > MAX_QUOTA_FEN) {
    throw familyErrors.quotaOutOfRange("perPaymentFen");
  }
  if (perPaymentFen > annualFen) throw familyErrors.capAboveQuota();
}

export async function setQuota(
  ctx: Ctx,
  userId: string,
  bindingId: string,
  input: { annualFen: number; perPaymentFen?: number | null; paymentPassword: string },
) {
  checkQuotaAmounts(input.annualFen, input.perPaymentFen);
  const { giver, relativePersonId, wallet } = await requireQuotaGiver(ctx, userId, bindingId);
  await verifyPaymentPassword(ctx, wallet, input.paymentPassword);

  const now = ctx.clock.now();
  const year = beijingYear(now);
  const prior = await latestRow(ctx.db, bindingId, giver.id, year);
  const grantedAt = prior && prior.status === "active" ? prior.grantedAt : now;
  const perPaymentFen = input.perPaymentFen ?? null;
  const notifier = createNotifier(ctx);
  const row = await ctx.db.transaction(async (tx) => {
    // The binding may have ended since it was read: lock it and look again, so no quota outlives it.
    const [b] = await tx.select({ status: bindings.status }).from(bindings).where(eq(bindings.id, bindingId)).for("update");
    if (b?.status !== "active") throw relativeErrors.notBound();
    const [r] = await tx
      .insert(familyQuotas)
      .values({
        id: newId(),
        bindingId,
        giverPersonId: giver.id,
        payerPersonId: relativePersonId,
        year,
        annualFen: input.annualFen,
        perPaymentFen,
        status: "active",
        grantedAt,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: [familyQuotas.bindingId, familyQuotas.giverPersonId, familyQuotas.year],
        set: {
          annualFen: input.annualFen,
          perPaymentFen,
          status: "active",
          updatedAt: now,
          endedAt: null,
          endReason: null,
          grantedAt: sql`case when ${familyQuotas.status} = 'active' then ${familyQuotas.grantedAt} else excluded.granted_at end`,
        },
      })
      .returning();
    await recordAudit(tx, now, {
      actorType: "user",
      actorId: userId,
      action: "quota.set",
      subjectType: "binding",
      subjectId: bindingId,
      details: { quotaId: r!.id, year, annualFen: input.annualFen, perPaymentFen },
    });
    await notifyUserOf(tx, notifier, relativePersonId, {
      kind: "quota.granted",
      title: "亲属为您设置了共济额度",
      body: `${giver.maskedName} 为您设置了 ${year} 年共济额度 ${formatFen(input.annualFen)}，在定点医药机构付款时可使用`,
      data: { bindingId, year, annualFen: input.annualFen, perPaymentFen, name: giver.maskedName },
    });
    return r!;
  });
  await notifier.flush();
  return quotaDto(bindingId, row, year, true)!;
}

/** The quota this user granted on this binding that can still be revoked (active or stopped), or NOT_FOUND. */
export async function requireRevocableQuota(ctx: Ctx, userId: string, bindingId: string) {
  const { person: giver } = await requireVerifiedPerson(ctx, ctx.db, userId);
  const { relativePersonId } = await requireActiveBindingFor(ctx, ctx.db, giver.id, bindingId);
  const [row] = await ctx.db
    .select({ id: familyQuotas.id })
    .from(familyQuotas)
    .where(and(eq(familyQuotas.bindingId, bindingId), eq(familyQuotas.giverPersonId, giver.id), eq(familyQuotas.status, "active")))
    .limit(1);
  if (!row) throw familyErrors.quotaNotFound();
  return { giver, relativePersonId };
}

/**
 * The giver revokes at once; what was already paid stays paid. The chat confirms it with the giver's
 * PIN (`paymentPassword`, checked against their wallet whatever its state); the API's DELETE does not.
 */
export async function revokeQuota(ctx: Ctx, userId: string, bindingId: string, opts: { paymentPassword?: string } = {}): Promise<void> {
  const { giver, relativePersonId } = await requireRevocableQuota(ctx, userId, bindingId);
  if (opts.paymentPassword !== undefined) {
    const wallet = await walletByPerson(ctx.db, giver.id);
    if (!wallet) throw walletNotOpen();
    await verifyPaymentPassword(ctx, wallet, opts.paymentPassword);
  }
  const now = ctx.clock.now();
  const notifier = createNotifier(ctx);
  await ctx.db.transaction(async (tx) => {
    const revoked = await revokeRows(tx, bindingId, giver.id, now);
    if (revoked.length === 0) throw familyErrors.quotaNotFound();
    await recordAudit(tx, now, {
      actorType: "user",
      actorId: userId,
      action: "quota.revoke",
      subjectType: "binding",
      subjectId: bindingId,
      details: { quotaIds: revoked.map((r) => r.id) },
    });
    await notifyUserOf(tx, notifier, relativePersonId, {
      kind: "quota.revoked",
      title: "共济额度已取消",
      body: `${giver.maskedName} 取消了为您设置的共济额度`,
      data: { bindingId, name: giver.maskedName },
    });
  });
  await notifier.flush();
}

/** Ends one giver's quota on a binding at once (every active row, whatever its year): the one way a quota is revoked. */
async function revokeRows(tx: DbOrTx, bindingId: string, giverPersonId: string, now: Date) {
  return tx
    .update(familyQuotas)
    .set({ status: "revoked", endedAt: now, endReason: "revoked", updatedAt: now })
    .where(and(eq(familyQuotas.bindingId, bindingId), eq(familyQuotas.giverPersonId, giverPersonId), eq(familyQuotas.status, "active")))
    .returning({ id: familyQuotas.id });
}

/**
 * An agent revokes a quota when a user asks (the console's family panel, or the agent API): the same
 * revocation as the giver's, audited with the agent, their role and the reason, and both the giver and
 * the relative told why. A quota is named by its binding and its giver (either side may grant one).
 */
export async function revokeQuotaByAgent(ctx: Ctx, agent: AuthAgent, bindingId: string, giverPersonId: string, rawReason: string) {
  const reason = cleanReason(rawReason);
  if (reason.length < 2 || reason.length > 500) throw errors.validation([{ path: "reason", message: "请填写原因（2–500 个字）" }]);
  const row = await latestRow(ctx.db, bindingId, giverPersonId, beijingYear(ctx.clock.now()));
  if (!row) throw familyErrors.quotaNotFound();
  const [giver, payer] = await Promise.all([findPerson(ctx.db, row.giverPersonId), findPerson(ctx.db, row.payerPersonId)]);
  const now = ctx.clock.now();
  const notifier = createNotifier(ctx);
  await ctx.db.transaction(async (tx) => {
    const revoked = await revokeRows(tx, row.bindingId, row.giverPersonId, now);
    if (revoked.length === 0) throw familyErrors.quotaNotActive();
    await recordAudit(tx, now, {
      actorType: "agent",
      actorId: agent.agentId,
      action: "quota.revoke",
      subjectType: "binding",
      subjectId: row.bindingId,
      details: {
        quotaIds: revoked.map((r) => r.id),
        giverPersonId: row.giverPersonId,
        payerPersonId: row.payerPersonId,
        reason,
        role: agent.role,
      },
    });
    const data = { bindingId: row.bindingId, reason, by: "agent" };
    await notifyUserOf(tx, notifier, row.giverPersonId, {
      kind: "quota.revoked",
      title: "共济额度已由客服撤销",
      body: `您为 ${payer?.maskedName ?? "亲属"} 设置的共济额度已由客服撤销，原因：${reason}。已经支付的不受影响。`,
      data,
    });
    await notifyUserOf(tx, notifier, row.payerPersonId, {
      kind: "quota.revoked",
      title: "共济额度已由客服撤销",
      body: `${giver?.maskedName ?? "亲属"} 为您设置的共济额度已由客服撤销，原因：${reason}。`,
      data,
    });
  });
  await notifier.flush();
  return { bindingId, giverPersonId, status: "revoked" as const };
}

/** One quota as an agent sees it before revoking it: who gives, who uses, and how it stands this year. */
export async function quotaForAgent(ctx: Ctx, bindingId: string, giverPersonId: string) {
  const year = beijingYear(ctx.clock.now());
  const row = await latestRow(ctx.db, bindingId, giverPersonId, year);
  if (!row) throw familyErrors.quotaNotFound();
  const latest = row;
  const giverWallet = await walletByPerson(ctx.db, row.giverPersonId);
  const view = quotaInYear(latest, year, giverWallet?.status === "active");
  const [giver, payer] = await Promise.all([findPerson(ctx.db, row.giverPersonId), findPerson(ctx.db, row.payerPersonId)]);
  return {
    bindingId: row.bindingId,
    giver: { personId: row.giverPersonId, maskedName: giver?.maskedName ?? "—" },
    payer: { personId: row.payerPersonId, maskedName: payer?.maskedName ?? "—" },
    view,
    /** Whether there is anything to revoke: an active row (it may be stopped by a frozen wallet). */
    revocable: latest.status === "active",
  };
}

/** Quotas I granted and quotas granted to me, as they stand this Beijing year. */
export async function listQuotas(ctx: Ctx, userId: string) {
  const { personId } = await requireVerifiedPerson(ctx, ctx.db, userId);
  const { granted, received } = await quotasOfPerson(ctx, personId);
  // The giver's person id is the console's (an agent revoking); the user's API names quotas by binding.
  return { granted: granted.map(({ giverPersonId: _, ...q }) => q), received: received.map(({ giverPersonId: _, ...q }) => q) };
}

/** A person's granted and received quotas this Beijing year (the user's list and the console's panel). */
export async function quotasOfPerson(ctx: Ctx, personId: string) {
  const year = beijingYear(ctx.clock.now());
  const rows = await ctx.db
    .select()
    .from(familyQuotas)
    .where(and(or(eq(familyQuotas.giverPersonId, personId), eq(familyQuotas.payerPersonId, personId)), lte(familyQuotas.year, year)))
    .orderBy(familyQuotas.grantedAt, desc(familyQuotas.year));
  const latest = new Map<string, QuotaRow>();
  for (const r of rows) {
    const key = `${r.bindingId}|${r.giverPersonId}`;
    const seen = latest.get(key);
    if (!seen || seen.year < r.year) latest.set(key, r);
  }
  const granted = [];
  const received = [];
  const walletActive = new Map<string, boolean>();
  const giverActive = async (pid: string) => {
    if (!walletActive.has(pid)) walletActive.set(pid, (await walletByPerson(ctx.db, pid))?.status === "active");
    return walletActive.get(pid)!;
  };
  for (const r of latest.values()) {
    const dto = quotaDto(r.bindingId, r, year, await giverActive(r.giverPersonId));
    if (!dto) continue;
    if (r.giverPersonId === personId) {
      granted.push({
        ...dto,
        giverPersonId: r.giverPersonId,
        relative: { maskedName: (await findPerson(ctx.db, r.payerPersonId))!.maskedName },
      });
    } else {
      received.push({
        ...dto,
        giverPersonId: r.giverPersonId,
        giver: { maskedName: (await findPerson(ctx.db, r.giverPersonId))!.maskedName },
      });
    }
  }
  return { granted, received };
}
