import { and, asc, eq, gte, ilike, lt, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { rowsOf } from "@/lib/rows";
import { ecodes, merchants, settlementRefunds, settlements } from "./settlement.schema";

export type MerchantRow = typeof merchants.$inferSelect;
export type SettlementRow = typeof settlements.$inferSelect;
export type RefundRow = typeof settlementRefunds.$inferSelect;

export async function findMerchant(db: DbOrTx, id: string): Promise<MerchantRow | undefined> {
  const [m] = await db.select().from(merchants).where(eq(merchants.id, id));
  return m;
}

/** `%` and `_` typed by a user are literal characters, not wildcards. */
function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

export async function searchMerchants(db: DbOrTx, q: { regionCode?: string; q?: string; acceptsWallet?: boolean; limit: number }) {
  const conds: SQL[] = [];
  if (q.regionCode) conds.push(eq(merchants.regionCode, q.regionCode));
  if (q.q) conds.push(ilike(merchants.name, `%${likeEscape(q.q)}%`));
  if (q.acceptsWallet !== undefined) conds.push(eq(merchants.acceptsWallet, q.acceptsWallet));
  return db
    .select()
    .from(merchants)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(asc(merchants.regionCode), asc(merchants.name), asc(merchants.id))
    .limit(q.limit);
}

/** Marks codes past their expiry; codes left unused for a day are removed (they never moved money). */
export async function expireEcodes(db: DbOrTx, now: Date): Promise<number> {
  const nowTs = sql`${now.toISOString()}::timestamptz`;
  const expired = await db
    .update(ecodes)
    .set({ status: "expired" })
    .where(and(eq(ecodes.status, "active"), sql`${ecodes.expiresAt} <= ${nowTs}`))
    .returning({ id: ecodes.id });
  await db.delete(ecodes).where(and(eq(ecodes.status, "expired"), sql`${ecodes.expiresAt} < ${nowTs} - interval '1 day'`));
  return expired.length;
}

export async function settlementByOrder(db: DbOrTx, merchantId: string, orderNo: string): Promise<SettlementRow | undefined> {
  const [s] = await db
    .select()
    .from(settlements)
    .where(and(eq(settlements.merchantId, merchantId), eq(settlements.orderNo, orderNo)));
  return s;
}

/** A settlement as its merchant sees it: another merchant's is indistinguishable from a missing one. */
export async function merchantSettlement(db: DbOrTx, merchantId: string, id: string, lock = false): Promise<SettlementRow | undefined> {
  const q = db
    .select()
    .from(settlements)
    .where(and(eq(settlements.id, id), eq(settlements.merchantId, merchantId)));
  const [s] = lock ? await q.for("update") : await q;
  return s;
}

export async function refundByNo(db: DbOrTx, merchantId: string, refundNo: string): Promise<RefundRow | undefined> {
  const [r] = await db
    .select()
    .from(settlementRefunds)
    .where(and(eq(settlementRefunds.merchantId, merchantId), eq(settlementRefunds.refundNo, refundNo)));
  return r;
}

export async function refundsOf(db: DbOrTx, settlementId: string): Promise<RefundRow[]> {
  return db.select().from(settlementRefunds).where(eq(settlementRefunds.settlementId, settlementId)).orderBy(asc(settlementRefunds.id));
}

/** A merchant's settlements and refunds booked in [from, to) business time. */
export async function merchantDay(db: DbOrTx, merchantId: string, from: Date, to: Date) {
  const charged = await db
    .select()
    .from(settlements)
    .where(and(eq(settlements.merchantId, merchantId), gte(settlements.createdAt, from), lt(settlements.createdAt, to)))
    .orderBy(asc(settlements.id));
  const refunded = await db
    .select()
    .from(settlementRefunds)
    .where(and(eq(settlementRefunds.merchantId, merchantId), gte(settlementRefunds.createdAt, from), lt(settlementRefunds.createdAt, to)))
    .orderBy(asc(settlementRefunds.id));
  return { charged, refunded };
}

/** Net movement of one ledger account over [from, to) business time. */
export async function accountMovement(db: DbOrTx, accountId: string, from: Date, to: Date): Promise<number> {
  const [r] = rowsOf<{ s: string }>(
    await db.execute(sql`
      select coalesce(sum(amount), 0)::text as s from journal_entries
      where account_id = ${accountId} and business_at >= ${from.toISOString()}::timestamptz and business_at < ${to.toISOString()}::timestamptz`),
  );
  return Number(r?.s ?? 0);
}
