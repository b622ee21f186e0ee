import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { rowsOf } from "@/lib/rows";

export interface LedgerCheck {
  ok: boolean;
  accounts: number;
  transactions: number;
  entries: number;
  totalFen: number;
  problems: { kind: string; id: string; detail: string }[];
}

/**
 * Recomputes the whole ledger from its entries: everything sums to zero, every transaction balances
 * and has entries, every cached balance and version equals its entries, each cached account's entry
 * chain is continuous (before = previous after, after = before + amount, versions 1..n), no user
 * account is below zero, and no closed wallet holds money.
 */
export async function checkLedger(db: DbOrTx): Promise<LedgerCheck> {
  const problems: LedgerCheck["problems"] = [];
  const q = async <T>(query: ReturnType<typeof sql>) => rowsOf<T>(await db.execute(query));

  const [totals] = await q<{ accounts: number; transactions: number; entries: number; total: string | null }>(sql`
    select (select count(*)::int from ledger_accounts) as accounts,
           (select count(*)::int from journal_transactions) as transactions,
           (select count(*)::int from journal_entries) as entries,
           (select coalesce(sum(amount), 0)::text from journal_entries) as total`);
  const totalFen = Number(totals?.total ?? 0);
  if (totalFen !== 0) problems.push({ kind: "ledger_not_zero", id: "*", detail: `all entries sum to ${totalFen}` });

  for (const r of await q<{ id: string; s: string }>(sql`
    select transaction_id as id, sum(amount)::text as s from journal_entries group by transaction_id having sum(amount) <> 0 limit 100`)) {
    problems.push({ kind: "transaction_unbalanced", id: r.id, detail: `sums to ${r.s}` });
  }
  for (const r of await q<{ id: string }>(sql`
    select t.id from journal_transactions t where not exists (select 1 from journal_entries e where e.transaction_id = t.id) limit 100`)) {
    problems.push({ kind: "transaction_without_entries", id: r.id, detail: "no entries" });
  }
  for (const r of await q<{ id: string; balance: string; version: string; s: string; v: string; n: number }>(sql`
    select a.id, a.balance::text, a.version::text, coalesce(e.s, 0)::text as s, coalesce(e.v, 0)::text as v, coalesce(e.n, 0)::int as n
    from ledger_accounts a
    left join (select account_id, sum(amount) s, max(account_version) v, count(*) n from journal_entries group by account_id) e on e.account_id = a.id
    where a.mode = 'cached' and (a.balance <> coalesce(e.s, 0) or a.version <> coalesce(e.v, 0) or a.version <> coalesce(e.n, 0))
    limit 100`)) {
    problems.push({ kind: "balance_mismatch", id: r.id, detail: `cached ${r.balance} v${r.version}, entries ${r.s} v${r.v} n${r.n}` });
  }
  for (const r of await q<{ id: string; account_id: string }>(sql`
    select id, account_id from (
      select e.id, e.account_id, e.amount, e.balance_before, e.balance_after, e.account_version,
             lag(e.balance_after) over w as prev_after, lag(e.account_version) over w as prev_version
      from journal_entries e join ledger_accounts a on a.id = e.account_id and a.mode = 'cached'
      window w as (partition by e.account_id order by e.account_version)
    ) c
    where c.balance_after <> c.balance_before + c.amount
       or c.balance_before <> coalesce(c.prev_after, 0)
       or c.account_version <> coalesce(c.prev_version, 0) + 1
       or c.balance_after is null
    limit 100`)) {
    problems.push({ kind: "chain_broken", id: r.id, detail: `account ${r.account_id}` });
  }
  for (const r of await q<{ id: string }>(sql`
    select id from ledger_accounts where not allow_negative and balance < 0 limit 100`)) {
    problems.push({ kind: "negative_balance", id: r.id, detail: "below zero" });
  }
  for (const r of await q<{ id: string; balance: string }>(sql`
    select a.id, a.balance::text from ledger_accounts a join wallets w on w.id = a.wallet_id where w.status = 'closed' and a.balance <> 0 limit 100`)) {
    problems.push({ kind: "closed_wallet_holds_money", id: r.id, detail: `balance ${r.balance}` });
  }
  return {
    ok: problems.length === 0,
    accounts: totals?.accounts ?? 0,
    transactions: totals?.transactions ?? 0,
    entries: totals?.entries ?? 0,
    totalFen,
    problems,
  };
}
