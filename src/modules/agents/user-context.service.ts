import { desc, eq, inArray, or } from "drizzle-orm";
import type { AuthAgent } from "@/app-env";
import type { Ctx } from "@/ctx";
import type { DbOrTx } from "@/db/client";
import { errors } from "@/lib/problem";
import { recordAudit } from "@/modules/audit/audit.service";
import { persons, users } from "@/modules/identity/identity.schema";
import { bindings, invitations } from "@/modules/relatives/relatives.schema";
import { transfers } from "@/modules/transfers/transfers.schema";
import { walletBalances, walletByPerson } from "@/modules/wallet/wallet.repo";

async function maskedNames(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: persons.id, m: persons.maskedName }).from(persons).where(inArray(persons.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.m]));
}

/**
 * Other modules own these tables and are still changing; one failing section must not take the
 * whole console view down, so each is fetched on its own and shown as unavailable on error.
 */
async function section<T>(ctx: Ctx, name: string, load: () => Promise<T>, fallback: T, failed: string[]): Promise<T> {
  try {
    return await load();
  } catch (e) {
    ctx.log.warn("user context section failed", { section: name, error: e instanceof Error ? e.name : "unknown" });
    failed.push(name);
    return fallback;
  }
}

async function walletSection(ctx: Ctx, personId: string) {
  const w = await walletByPerson(ctx.db, personId);
  if (!w) return null;
  return { id: w.id, status: w.status, regionCode: w.regionCode, usageRegionCode: w.usageRegionCode, openedAt: w.openedAt.toISOString(), balances: await walletBalances(ctx.db, w) };
}

async function bindingsSection(ctx: Ctx, personId: string) {
  const rows = await ctx.db
    .select()
    .from(bindings)
    .where(or(eq(bindings.giverPersonId, personId), eq(bindings.relativePersonId, personId)))
    .orderBy(desc(bindings.createdAt))
    .limit(20);
  const names = await maskedNames(ctx.db, rows.map((b) => (b.giverPersonId === personId ? b.relativePersonId : b.giverPersonId)));
  return rows.map((b) => {
    const asGiver = b.giverPersonId === personId;
    const other = asGiver ? b.relativePersonId : b.giverPersonId;
    return { id: b.id, side: asGiver ? ("giver" as const) : ("relative" as const), relation: b.relation, status: b.status, otherPersonId: other, otherMaskedName: names.get(other) ?? "", since: b.createdAt.toISOString() };
  });
}

async function invitationsSection(ctx: Ctx, personId: string) {
  const now = ctx.clock.now().getTime();
  const rows = await ctx.db
    .select()
    .from(invitations)
    .where(or(eq(invitations.inviterPersonId, personId), eq(invitations.inviteePersonId, personId)))
    .orderBy(desc(invitations.createdAt))
    .limit(20);
  const names = await maskedNames(ctx.db, rows.map((i) => (i.inviterPersonId === personId ? i.inviteePersonId : i.inviterPersonId)));
  return rows.map((i) => {
    const asInviter = i.inviterPersonId === personId;
    const other = asInviter ? i.inviteePersonId : i.inviterPersonId;
    // An unexpired-in-storage invitation past its time is expired for every practical purpose.
    const status = i.status === "pending" && i.expiresAt.getTime() <= now ? "expired" : i.status;
    return { id: i.id, code: i.code, side: asInviter ? ("inviter" as const) : ("invitee" as const), relation: i.relation, status, otherMaskedName: names.get(other) ?? "", createdAt: i.createdAt.toISOString(), expiresAt: i.expiresAt.toISOString() };
  });
}

async function transfersSection(ctx: Ctx, personId: string) {
  const rows = await ctx.db
    .select()
    .from(transfers)
    .where(or(eq(transfers.senderPersonId, personId), eq(transfers.recipientPersonId, personId)))
    .orderBy(desc(transfers.createdAt))
    .limit(10);
  const names = await maskedNames(ctx.db, rows.map((t) => (t.senderPersonId === personId ? t.recipientPersonId : t.senderPersonId)));
  return rows.map((t) => {
    const out = t.senderPersonId === personId;
    const other = out ? t.recipientPersonId : t.senderPersonId;
    return { id: t.id, receiptNo: t.receiptNo, direction: out ? ("out" as const) : ("in" as const), amountFen: t.amountFen, status: t.status, crossProvince: t.crossProvince, otherMaskedName: names.get(other) ?? "", createdAt: t.createdAt.toISOString() };
  });
}

/** Everything an agent needs to help one person, masked; viewing it is itself audited. */
export async function userContext(ctx: Ctx, agent: AuthAgent, personId: string) {
  const [p] = await ctx.db.select().from(persons).where(eq(persons.id, personId));
  if (!p) throw errors.notFound("人员", "person");
  const [u] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.personId, personId));
  const unavailable: string[] = [];
  const [wallet, bindingList, invitationList, transferList] = await Promise.all([
    section(ctx, "wallet", () => walletSection(ctx, personId), null, unavailable),
    section(ctx, "bindings", () => bindingsSection(ctx, personId), [], unavailable),
    section(ctx, "invitations", () => invitationsSection(ctx, personId), [], unavailable),
    section(ctx, "transfers", () => transfersSection(ctx, personId), [], unavailable),
  ]);
  await recordAudit(ctx.db, ctx.clock.now(), { actorType: "agent", actorId: agent.agentId, action: "user.view", subjectType: "person", subjectId: personId });
  return {
    person: {
      personId: p.id,
      userId: u?.id ?? null,
      maskedName: p.maskedName,
      maskedIdNumber: `${p.idPrefix4}**********${p.idLast4}`,
      maskedPhone: p.maskedPhone,
      gender: p.gender,
      regionCode: p.regionCode,
      insurance: p.insurance,
    },
    wallet,
    bindings: bindingList,
    invitations: invitationList,
    transfers: transferList,
    /** Sections that could not be loaded (shown as such, never as empty). */
    unavailable,
  };
}

export type UserContext = Awaited<ReturnType<typeof userContext>>;
