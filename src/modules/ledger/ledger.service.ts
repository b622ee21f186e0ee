import { inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { newId } from "@/lib/ids";
import { DomainError } from "@/lib/problem";
import { rowsOf } from "@/lib/rows";
import { describePool, isPooled } from "./ledger.accounts";
import { journalEntries, ledgerAccounts } from "./ledger.schema";

export interface Posting {
  accountId: string;
  /** Signed fen: + increases the account, − decreases it. */
  amount: number;
}

export interface JournalInput {
  kind: string;
  reference?: string | null;
  reversesId?: string | null;
  businessAt: Date;
  memo?: string | null;
  /** What each wallet's statement shows as the other party, by wallet id (already masked). */
  metadata?: Record<string, unknown> | null;
}

export function insufficientFunds(extra: Record<string, unknown> = {}) {
  return new DomainError("INSUFFICIENT_FUNDS", 422, "余额不足", "Insufficient funds", extra);
}

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;
const big = (n: number | null | undefined) => (n === null || n === undefined ? sql`null::bigint` : sql`${n}::bigint`);
const txt = (v: string | null | undefined) => (v === null || v === undefined ? sql`null::text` : sql`${v}::text`);

/**
 * The writes of one posting as a single statement. Pool accounts come into being on first use (a new
 * region pair, a new merchant) in the same statement: the foreign keys of the entries are checked at
 * its end, when the pool row is there.
 */
export function postingStatement(
  input: JournalInput,
  transactionId: string,
  entries: (typeof journalEntries.$inferInsert)[],
  pooledIds: string[],
  cached: { id: string; balance: number; version: number }[],
) {
  const parts = [];
  if (pooledIds.length) {
    const rows = pooledIds.map((id) => {
      const d = describePool(id);
      return sql`(${id}::text, ${d.kind}::text, 'pooled', true, ${txt(d.regionCode)}, ${txt(d.counterpartyRegionCode)}, ${txt(d.merchantId)})`;
    });
    parts.push(sql`pools as (insert into ledger_accounts (id, kind, mode, allow_negative, region_code, counterparty_region_code, merchant_id) values ${sql.join(rows, sql`, `)} on conflict do nothing)`);
  }
  parts.push(sql`jt as (insert into journal_transactions (id, kind, reference, reverses_id, business_at, memo, metadata) values (${transactionId}, ${input.kind}, ${txt(input.reference)}, ${txt(input.reversesId)}, ${ts(input.businessAt)}, ${txt(input.memo)}, ${input.metadata ? sql`${JSON.stringify(input.metadata)}::jsonb` : sql`null::jsonb`}))`);
  const entryRows = entries.map(
    (e) => sql`(${e.id}::text, ${transactionId}::text, ${e.accountId}::text, ${e.amount}::bigint, ${big(e.balanceBefore)}, ${big(e.balanceAfter)}, ${big(e.accountVersion)}, ${ts(e.businessAt as Date)})`,
  );
  parts.push(sql`je as (insert into journal_entries (id, transaction_id, account_id, amount, balance_before, balance_after, account_version, business_at) values ${sql.join(entryRows, sql`, `)})`);
  if (cached.length) {
    const values = sql.join(
      cached.map((s) => sql`(${s.id}::text, ${s.balance}::bigint, ${s.version}::bigint)`),
      sql`, `,
    );
    parts.push(sql`upd as (update ledger_accounts a set balance = v.balance, version = v.version from (values ${values}) as v(id, balance, version) where a.id = v.id)`);
  }
  return sql`with ${sql.join(parts, sql`, `)} select 1 as ok`;
}

/**
 * Posts one balanced journal transaction inside the caller's database transaction: locks the cached
 * accounts in id order (no deadlocks), refuses any that would go below zero, writes the entries with
 * their before/after balances and versions, and updates the cached balances. Pooled accounts only
 * receive entries: they are never locked.
 */
export type LockedAccounts = Map<string, { balance: number; version: number; allowNegative: boolean }>;

/** Locks cached accounts in id order (the one order everyone uses, so no deadlocks) and reads them. */
export async function lockAccounts(tx: DbOrTx, ids: string[]): Promise<LockedAccounts> {
  const sorted = [...new Set(ids)].sort();
  const state: LockedAccounts = new Map();
  if (sorted.length === 0) return state;
  const rows = rowsOf<{ id: string; balance: string | number; version: string | number; allow_negative: boolean }>(
    await tx.execute(sql`select id, balance, version, allow_negative from ledger_accounts where id in ${sorted} order by id for update`),
  );
  for (const r of rows) state.set(r.id, { balance: Number(r.balance), version: Number(r.version), allowNegative: r.allow_negative });
  return state;
}

export async function post(
  tx: DbOrTx,
  input: JournalInput,
  postings: Posting[],
  opts: { locked?: LockedAccounts } = {},
): Promise<{ transactionId: string }> {
  if (postings.length < 2) throw new Error("a journal transaction needs at least two entries");
  let sum = 0;
  for (const p of postings) {
    if (!Number.isSafeInteger(p.amount) || p.amount === 0) throw new Error(`bad posting amount ${p.amount}`);
    sum += p.amount;
  }
  if (sum !== 0) throw new Error(`unbalanced journal transaction (${sum})`);

  const cachedIds = [...new Set(postings.filter((p) => !isPooled(p.accountId)).map((p) => p.accountId))].sort();
  const pooledIds = [...new Set(postings.filter((p) => isPooled(p.accountId)).map((p) => p.accountId))];
  // A credit to one user account needs no balance check: no lock round trip, the increment and the
  // entry's before/after come from the account's row in the same statement.
  if (!opts.locked && cachedIds.length === 1 && postings.filter((p) => p.accountId === cachedIds[0]).every((p) => p.amount > 0)) {
    return postCredit(tx, input, postings, cachedIds[0]!, pooledIds);
  }
  const state = opts.locked ?? (await lockAccounts(tx, cachedIds));
  if (cachedIds.some((id) => !state.has(id))) throw new Error("posting to an unknown or unlocked account");
  const transactionId = newId();
  const entries: (typeof journalEntries.$inferInsert)[] = [];
  for (const p of postings) {
    const s = state.get(p.accountId);
    if (!s) {
      entries.push({ id: newId(), transactionId, accountId: p.accountId, amount: p.amount, businessAt: input.businessAt });
      continue;
    }
    const before = s.balance;
    s.balance += p.amount;
    s.version += 1;
    if (s.balance < 0 && !s.allowNegative) throw insufficientFunds();
    entries.push({
      id: newId(),
      transactionId,
      accountId: p.accountId,
      amount: p.amount,
      balanceBefore: before,
      balanceAfter: s.balance,
      accountVersion: s.version,
      businessAt: input.businessAt,
    });
  }

  // One statement, one round trip while the locks are held: the pool accounts on first use, the
  // journal transaction, its entries and the new cached balances and versions.
  await tx.execute(postingStatement(input, transactionId, entries, pooledIds, cachedIds.map((id) => ({ id, ...state.get(id)! }))));
  return { transactionId };
}

async function postCredit(tx: DbOrTx, input: JournalInput, postings: Posting[], accountId: string, pooledIds: string[]): Promise<{ transactionId: string }> {
  const transactionId = newId();
  const delta = postings.filter((p) => p.accountId === accountId).reduce((a, p) => a + p.amount, 0);
  const parts = [];
  if (pooledIds.length) {
    const rows = pooledIds.map((id) => {
      const d = describePool(id);
      return sql`(${id}::text, ${d.kind}::text, 'pooled', true, ${txt(d.regionCode)}, ${txt(d.counterpartyRegionCode)}, ${txt(d.merchantId)})`;
    });
    parts.push(sql`pools as (insert into ledger_accounts (id, kind, mode, allow_negative, region_code, counterparty_region_code, merchant_id) values ${sql.join(rows, sql`, `)} on conflict do nothing)`);
  }
  parts.push(sql`upd as (update ledger_accounts set balance = balance + ${delta}::bigint, version = version + ${postings.filter((p) => p.accountId === accountId).length}::bigint
    where id = ${accountId} and mode = 'cached' returning balance - ${delta}::bigint as before, version - ${postings.filter((p) => p.accountId === accountId).length}::bigint as v0)`);
  parts.push(sql`jt as (insert into journal_transactions (id, kind, reference, reverses_id, business_at, memo, metadata) select ${transactionId}, ${input.kind}, ${txt(input.reference)}, ${txt(input.reversesId)}, ${ts(input.businessAt)}, ${txt(input.memo)}, ${input.metadata ? sql`${JSON.stringify(input.metadata)}::jsonb` : sql`null::jsonb`} from upd)`);
  // Entries of the account in posting order: running before/after and versions from the locked row.
  let running = 0;
  let k = 0;
  const rows = postings.map((p) => {
    if (p.accountId !== accountId) return sql`(${newId()}::text, ${p.accountId}::text, ${p.amount}::bigint, null::bigint, null::bigint, null::bigint)`;
    const r = sql`(${newId()}::text, ${p.accountId}::text, ${p.amount}::bigint, ${running}::bigint, ${running + p.amount}::bigint, ${++k}::bigint)`;
    running += p.amount;
    return r;
  });
  parts.push(sql`je as (insert into journal_entries (id, transaction_id, account_id, amount, balance_before, balance_after, account_version, business_at)
    select e.id, ${transactionId}, e.account_id, e.amount, upd.before + e.off_before, upd.before + e.off_after, upd.v0 + e.k, ${ts(input.businessAt)}
    from upd, (values ${sql.join(rows, sql`, `)}) as e(id, account_id, amount, off_before, off_after, k))`);
  const [r] = rowsOf<{ n: number }>(await tx.execute(sql`with ${sql.join(parts, sql`, `)} select (select count(*) from upd)::int as n`));
  if (r?.n !== 1) throw new Error("posting to an unknown or unlocked account");
  return { transactionId };
}

/** Cached balances of some accounts (no lock). */
export async function balances(db: DbOrTx, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: ledgerAccounts.id, balance: ledgerAccounts.balance }).from(ledgerAccounts).where(inArray(ledgerAccounts.id, ids));
  return new Map(rows.map((r) => [r.id, Number(r.balance)]));
}

/** A new cached user account (a wallet's own or received funds). */
export async function createUserAccount(tx: DbOrTx, kind: "wallet_own" | "wallet_received", walletId: string, regionCode: string): Promise<string> {
  const id = newId();
  await tx.insert(ledgerAccounts).values({ id, kind, mode: "cached", walletId, regionCode, allowNegative: false });
  return id;
}
