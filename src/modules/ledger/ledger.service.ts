import { inArray, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { newId } from "@/lib/ids";
import { DomainError, errors } from "@/lib/problem";
import { rowsOf } from "@/lib/rows";
import { describePool, isPooled } from "./ledger.accounts";
import { ledgerAccounts } from "./ledger.schema";

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
const txt = (v: string | null | undefined) => (v === null || v === undefined ? sql`null::text` : sql`${v}::text`);

function walletClosed() {
  return new DomainError("WALLET_NOT_ACTIVE", 422, "医保钱包已注销，不能入账", "The wallet is closed and cannot receive money", {
    closed: true,
  });
}

/** What a movement adds around its posting, all in the posting's one statement. */
interface MovementSql {
  /** CTEs written before the ledger's (the movement's claim, e.g. `cl as (update transfers … returning *)`). */
  before?: SQL[];
  /** Only when this holds (evaluated after `before`) is anything posted: e.g. `exists (select 1 from cl)`. */
  when?: SQL;
  /** CTEs after the ledger's: they may read `jt` (the journal transaction, one row when posted). */
  after?: SQL[];
  /** The statement's result columns (default: none beyond `posted`). */
  select?: SQL;
}

export interface PostOptions extends MovementSql {
  /** Accounts the caller locked (and read) earlier in its transaction; required for any debit. */
  locked?: LockedAccounts;
  /**
   * `locked` was read without a lock (an earlier statement, no transaction): this statement locks the
   * accounts (id order) and posts only if none of them moved since (same versions), so the caller's
   * decisions on that read still hold. Else nothing is written and the result says `stale`: read again.
   */
  lockIn?: boolean;
  transactionId?: string;
}

export interface PostResult {
  transactionId: string;
  posted: boolean;
  /** With `lockIn`: an account moved since it was read; nothing was written. */
  stale: boolean;
  out: Record<string, unknown>;
}

// The marker of a refusal raised inside a posting statement (a failed cast aborts the whole statement).
const REFUSED = "LEDGER_REFUSED:";

/**
 * The refusal a posting statement raised, read from the database's own error only: the failed cast
 * (SQLSTATE 22P02) whose text starts with the marker. Never from a wrapper's message: drizzle's
 * "Failed query: … params: …" lists the statement's parameters, the markers among them, so any other
 * failure of the statement (a lost connection, a cancel, a lock timeout, a unique violation) would
 * read as the first marker in the list and answer a false refusal.
 */
function refusedCode(e: unknown): string | null {
  let x: unknown = e;
  for (let i = 0; i < 4 && x; i++) {
    const { code, message } = x as { code?: unknown; message?: unknown };
    if (code === "22P02" && typeof message === "string") {
      const m = new RegExp(`^invalid input syntax for type integer: "${REFUSED}([A-Z_]+) `).exec(message);
      return m ? m[1]! : null;
    }
    x = (x as { cause?: unknown }).cause;
  }
  return null;
}

function poolsCte(pooledIds: string[], when: SQL) {
  const rows = pooledIds.map((id) => {
    const d = describePool(id);
    return sql`(${id}::text, ${d.kind}::text, ${txt(d.regionCode)}, ${txt(d.counterpartyRegionCode)}, ${txt(d.merchantId)})`;
  });
  return sql`l_pools as (insert into ledger_accounts (id, kind, mode, allow_negative, region_code, counterparty_region_code, merchant_id)
    select v.id, v.kind, 'pooled', true, v.r, v.c, v.m from (values ${sql.join(rows, sql`, `)}) as v(id, kind, r, c, m) where ${when}
    on conflict do nothing)`;
}

function journalCte(input: JournalInput, transactionId: string, when: SQL) {
  return sql`jt as (insert into journal_transactions (id, kind, reference, reverses_id, business_at, memo, metadata)
    select ${transactionId}, ${input.kind}, ${txt(input.reference)}, ${txt(input.reversesId)}, ${ts(input.businessAt)}, ${txt(input.memo)}, ${input.metadata ? sql`${JSON.stringify(input.metadata)}::jsonb` : sql`null::jsonb`}
    where ${when} returning id)`;
}

function checkPostings(postings: Posting[]) {
  if (postings.length < 2) throw new Error("a journal transaction needs at least two entries");
  let sum = 0;
  for (const p of postings) {
    if (!Number.isSafeInteger(p.amount) || p.amount === 0) throw new Error(`bad posting amount ${p.amount}`);
    sum += p.amount;
  }
  if (sum !== 0) throw new Error(`unbalanced journal transaction (${sum})`);
}

/**
 * Locks cached accounts in id order (the one order everyone uses, so no deadlocks) and reads them,
 * with whether their wallet is closed (a closed wallet receives nothing).
 */
export type LockedAccounts = Map<string, { balance: number; version: number; allowNegative: boolean; closed: boolean }>;

function lockAccountsSql(ids: string[]) {
  const sorted = [...new Set(ids)].sort();
  return sql`select a.id, a.balance, a.version, a.allow_negative, coalesce(w.status = 'closed', false) as closed
    from ledger_accounts a left join wallets w on w.id = a.wallet_id where a.id in ${sorted} order by a.id for update of a`;
}

export function lockedFromRows(
  rows: { id: string; balance: string | number; version: string | number; allow_negative: boolean; closed: boolean }[],
): LockedAccounts {
  const state: LockedAccounts = new Map();
  for (const r of rows)
    state.set(r.id, { balance: Number(r.balance), version: Number(r.version), allowNegative: r.allow_negative, closed: Boolean(r.closed) });
  return state;
}

export async function lockAccounts(tx: DbOrTx, ids: string[]): Promise<LockedAccounts> {
  if (ids.length === 0) return new Map();
  return lockedFromRows(rowsOf(await tx.execute(lockAccountsSql(ids))));
}

/**
 * The one ledger writer. Posts one balanced journal transaction as a single statement, together with
 * whatever the movement writes beside it (`before`/`after` CTEs: its own row, events, audit, notice),
 * so a movement is one round trip while its locks are held.
 *
 * - Debits need the accounts locked and read earlier in the caller's transaction (`locked`): the
 *   entries get their before/after balances and versions here, and a balance below zero is refused.
 * - A posting whose cached accounts are only credited needs no lock: the increments and the entries'
 *   before/after come from the accounts' rows in the same statement (locked there in id order).
 * - A credit to an account of a closed wallet is refused (WALLET_NOT_ACTIVE), whichever path.
 * - Pool accounts come into being on first use, in the same statement, and are never locked.
 */
export async function post(tx: DbOrTx, input: JournalInput, postings: Posting[], opts: PostOptions = {}): Promise<PostResult> {
  checkPostings(postings);
  const transactionId = opts.transactionId ?? newId();
  const cachedIds = [...new Set(postings.filter((p) => !isPooled(p.accountId)).map((p) => p.accountId))].sort();
  const pooledIds = [...new Set(postings.filter((p) => isPooled(p.accountId)).map((p) => p.accountId))];
  const creditOnly = !opts.locked && postings.every((p) => isPooled(p.accountId) || p.amount > 0);
  // A debit without the caller's lock: lock and read here, in the caller's transaction.
  const locked = creditOnly ? undefined : (opts.locked ?? (await lockAccounts(tx, cachedIds)));
  const statement = creditOnly
    ? creditStatement(input, transactionId, postings, cachedIds, pooledIds, opts)
    : lockedStatement(input, transactionId, postings, cachedIds, pooledIds, { ...opts, locked });
  let row: Record<string, unknown> | undefined;
  try {
    [row] = rowsOf<Record<string, unknown>>(await tx.execute(statement));
  } catch (e) {
    const code = refusedCode(e);
    if (code === "WALLET_CLOSED") throw walletClosed();
    if (code === "CONFLICT") throw errors.busy();
    if (code) throw new Error(`posting refused: ${code}`);
    throw e;
  }
  return { transactionId, posted: Boolean(row?.posted), stale: Boolean(row?.l_stale), out: row ?? {} };
}

function withAll(parts: SQL[], opts: MovementSql) {
  return sql`with ${sql.join([...(opts.before ?? []), ...parts, ...(opts.after ?? [])], sql`, `)}
    select exists (select 1 from jt) as posted${opts.select ? sql`, ${opts.select}` : sql``}`;
}

function lockedStatement(
  input: JournalInput,
  transactionId: string,
  postings: Posting[],
  cachedIds: string[],
  pooledIds: string[],
  opts: PostOptions,
) {
  const state = opts.locked ?? new Map();
  if (cachedIds.some((id) => !state.has(id))) throw new Error("posting to an unknown or unlocked account");
  // lockIn: the accounts are locked here, and nothing is posted unless each still has the version read.
  const fresh =
    opts.lockIn && cachedIds.length
      ? sql`((select count(*) from l_lk k join (values ${sql.join(
          cachedIds.map((id) => sql`(${id}::text, ${state.get(id)!.version}::bigint)`),
          sql`, `,
        )}) as e(id, v) on e.id = k.id and e.v = k.version) = ${cachedIds.length})`
      : null;
  const when = fresh ? sql`((${opts.when ?? sql`true`}) and ${fresh})` : (opts.when ?? sql`true`);
  // Work on copies: if `when` does not hold, nothing is written and the caller's state stays right.
  const next = new Map(cachedIds.map((id) => [id, { ...state.get(id)! }]));
  const entries: SQL[] = [];
  for (const p of postings) {
    const s = next.get(p.accountId);
    if (!s) {
      entries.push(sql`(${newId()}::text, ${p.accountId}::text, ${p.amount}::bigint, null::bigint, null::bigint, null::bigint)`);
      continue;
    }
    const before = s.balance;
    s.balance += p.amount;
    s.version += 1;
    if (p.amount > 0 && s.closed) throw walletClosed();
    if (s.balance < 0 && !s.allowNegative) throw insufficientFunds();
    entries.push(
      sql`(${newId()}::text, ${p.accountId}::text, ${p.amount}::bigint, ${before}::bigint, ${s.balance}::bigint, ${s.version}::bigint)`,
    );
  }
  const parts: SQL[] = [];
  if (fresh)
    parts.push(
      sql`l_lk as materialized (select a.id, a.version from ledger_accounts a where a.id in ${cachedIds} order by a.id for update of a)`,
    );
  if (pooledIds.length) parts.push(poolsCte(pooledIds, when));
  parts.push(journalCte(input, transactionId, when));
  parts.push(sql`l_je as (insert into journal_entries (id, transaction_id, account_id, amount, balance_before, balance_after, account_version, business_at)
    select e.id, jt.id, e.account_id, e.amount, e.b, e.a, e.v, ${ts(input.businessAt)} from jt, (values ${sql.join(entries, sql`, `)}) as e(id, account_id, amount, b, a, v))`);
  if (cachedIds.length) {
    const values = sql.join(
      cachedIds.map((id) => sql`(${id}::text, ${next.get(id)!.balance}::bigint, ${next.get(id)!.version}::bigint)`),
      sql`, `,
    );
    parts.push(
      sql`l_upd as (update ledger_accounts a set balance = v.balance, version = v.version from (values ${values}) as v(id, balance, version) where a.id = v.id and exists (select 1 from jt))`,
    );
  }
  const statement = withAll(parts, {
    ...opts,
    select: fresh
      ? sql`((${opts.when ?? sql`true`}) and not ${fresh}) as l_stale${opts.select ? sql`, ${opts.select}` : sql``}`
      : opts.select,
  });
  // The caller's view follows what was written only once the statement ran; callers that post twice
  // under one lock read `locked` again (none does today).
  return statement;
}

function creditStatement(
  input: JournalInput,
  transactionId: string,
  postings: Posting[],
  cachedIds: string[],
  pooledIds: string[],
  opts: PostOptions,
) {
  const when = opts.when ?? sql`true`;
  const parts: SQL[] = [];
  if (pooledIds.length) parts.push(poolsCte(pooledIds, when));
  parts.push(journalCte(input, transactionId, when));
  if (cachedIds.length === 0) {
    const rows = postings.map((p) => sql`(${newId()}::text, ${p.accountId}::text, ${p.amount}::bigint)`);
    parts.push(sql`l_je as (insert into journal_entries (id, transaction_id, account_id, amount, business_at)
      select e.id, jt.id, e.account_id, e.amount, ${ts(input.businessAt)} from jt, (values ${sql.join(rows, sql`, `)}) as e(id, account_id, amount))`);
    return withAll(parts, opts);
  }
  // Per account: the total credited and how many entries (versions) it gets.
  const per = new Map<string, { delta: number; n: number }>();
  for (const p of postings) {
    if (isPooled(p.accountId)) continue;
    const x = per.get(p.accountId) ?? { delta: 0, n: 0 };
    x.delta += p.amount;
    x.n += 1;
    per.set(p.accountId, x);
  }
  const deltas = sql.join(
    cachedIds.map((id) => sql`(${id}::text, ${per.get(id)!.delta}::bigint, ${per.get(id)!.n}::bigint)`),
    sql`, `,
  );
  // Locked in id order first (materialized), then incremented; a closed wallet's account is not.
  // The journal row is joined in FROM, not tested by a sub-select: when a row's lock had to be waited
  // for, PostgreSQL re-checks the query against the newest row (EvalPlanQual), and there a sub-select
  // over a CTE found nothing, so the account was skipped and an open wallet's credit refused as closed.
  parts.push(
    sql`l_lk as materialized (select a.id from ledger_accounts a cross join (select 1 from jt limit 1) j where a.id in ${cachedIds} and a.mode = 'cached' order by a.id for update of a)`,
  );
  // l_lk joined in FROM for the same reason.
  parts.push(sql`l_upd as (update ledger_accounts a set balance = a.balance + v.delta, version = a.version + v.n
    from (values ${deltas}) as v(id, delta, n) join l_lk k on k.id = v.id
    where a.id = v.id and not exists (select 1 from wallets w where w.id = a.wallet_id and w.status = 'closed')
    returning a.id, a.balance - v.delta as b0, a.version - v.n as v0)`);
  // Entries in posting order, with running offsets per account from its row before the increment.
  const running = new Map<string, { off: number; k: number }>();
  const rows = postings.map((p) => {
    if (isPooled(p.accountId))
      return sql`(${newId()}::text, ${p.accountId}::text, ${p.amount}::bigint, null::bigint, null::bigint, null::bigint)`;
    const r = running.get(p.accountId) ?? { off: 0, k: 0 };
    const row = sql`(${newId()}::text, ${p.accountId}::text, ${p.amount}::bigint, ${r.off}::bigint, ${r.off + p.amount}::bigint, ${r.k + 1}::bigint)`;
    running.set(p.accountId, { off: r.off + p.amount, k: r.k + 1 });
    return row;
  });
  parts.push(sql`l_je as (insert into journal_entries (id, transaction_id, account_id, amount, balance_before, balance_after, account_version, business_at)
    select e.id, jt.id, e.account_id, e.amount, u.b0 + e.ob, u.b0 + e.oa, u.v0 + e.k, ${ts(input.businessAt)}
    from jt cross join (values ${sql.join(rows, sql`, `)}) as e(id, account_id, amount, ob, oa, k) left join l_upd u on u.id = e.account_id)`);
  // Every credited account must have been incremented, else the whole statement fails (nothing applied):
  // an account not incremented is a closed wallet's (WALLET_NOT_ACTIVE). A short count with no closed
  // wallet is not known to happen (l_lk locks every cached row named, and the increment's re-check of a
  // row updated meanwhile joins the same rows again); it would answer 503 BUSY, nothing applied.
  // (The false WALLET_NOT_ACTIVE the chaos smoke saw was never this guard: see refusedCode.)
  parts.push(sql`l_guard as (select case when exists (select 1 from jt) and (select count(*) from l_upd) <> ${cachedIds.length}
    then cast(case when exists (select 1 from ledger_accounts a join wallets w on w.id = a.wallet_id where a.id in ${cachedIds} and w.status = 'closed')
      then ${`${REFUSED}WALLET_CLOSED `}::text else ${`${REFUSED}CONFLICT `}::text end || (select count(*) from l_upd)::text as int) else 0 end as g)`);
  // (Not a constant: the planner would fold a constant cast, and fail, whatever the condition.)
  return sql`with ${sql.join([...(opts.before ?? []), ...parts, ...(opts.after ?? [])], sql`, `)}
    select exists (select 1 from jt) as posted, (select g from l_guard) as l_guard${opts.select ? sql`, ${opts.select}` : sql``}`;
}

/** Cached balances of some accounts (no lock). */
export async function balances(db: DbOrTx, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: ledgerAccounts.id, balance: ledgerAccounts.balance })
    .from(ledgerAccounts)
    .where(inArray(ledgerAccounts.id, ids));
  return new Map(rows.map((r) => [r.id, Number(r.balance)]));
}

/** A new cached user account (a wallet's own or received funds). */
export async function createUserAccount(
  tx: DbOrTx,
  kind: "wallet_own" | "wallet_received",
  walletId: string,
  regionCode: string,
): Promise<string> {
  const id = newId();
  await tx.insert(ledgerAccounts).values({ id, kind, mode: "cached", walletId, regionCode, allowNegative: false });
  return id;
}
