import { inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { newId } from "@/lib/ids";
import { DomainError } from "@/lib/problem";
import { rowsOf } from "@/lib/rows";
import { describePool, isPooled } from "./ledger.accounts";
import { journalEntries, journalTransactions, ledgerAccounts } from "./ledger.schema";

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

/** Pool accounts come into being on first use (a new region pair, a new merchant). */
async function ensurePools(tx: DbOrTx, ids: string[]) {
  if (ids.length === 0) return;
  await tx
    .insert(ledgerAccounts)
    .values(ids.map((id) => ({ id, mode: "pooled" as const, allowNegative: true, ...describePool(id) })))
    .onConflictDoNothing();
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
  await ensurePools(tx, pooledIds);

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

  await tx.insert(journalTransactions).values({
    id: transactionId,
    kind: input.kind,
    reference: input.reference ?? null,
    reversesId: input.reversesId ?? null,
    businessAt: input.businessAt,
    memo: input.memo ?? null,
    metadata: input.metadata ?? null,
  });
  await tx.insert(journalEntries).values(entries);
  if (cachedIds.length) {
    const values = sql.join(
      cachedIds.map((id) => {
        const s = state.get(id)!;
        return sql`(${id}, ${s.balance}::bigint, ${s.version}::bigint)`;
      }),
      sql`, `,
    );
    await tx.execute(
      sql`update ledger_accounts a set balance = v.balance, version = v.version from (values ${values}) as v(id, balance, version) where a.id = v.id`,
    );
  }
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
