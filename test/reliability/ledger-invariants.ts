import type { Sql } from "postgres";
import type { Db } from "../../src/db/client";
import { checkLedger } from "../../src/modules/ledger/ledger.check";

export interface LedgerVerdict {
  ok: boolean;
  problems: string[];
  counts: { accounts: number; transactions: number; entries: number };
  checks: number;
}

/**
 * Remembers every journal transaction and entry it has seen, by a digest of the whole row: a row that
 * later changes or disappears was updated or deleted, which the ledger must never allow.
 */
export class ImmutabilityWatch {
  private seen = new Map<string, string>();
  async check(sql: Sql): Promise<string[]> {
    const problems: string[] = [];
    const rows = await sql<{ t: string; id: string; h: string }[]>`
      select 'tx' as t, id, md5(row(j.*)::text) as h from journal_transactions j
      union all
      select 'en' as t, id, md5(row(e.*)::text) as h from journal_entries e`;
    const now = new Map(rows.map((r) => [`${r.t}:${r.id}`, r.h]));
    for (const [k, h] of this.seen) {
      const cur = now.get(k);
      if (cur === undefined) problems.push(`${k} was deleted`);
      else if (cur !== h) problems.push(`${k} was updated`);
    }
    for (const [k, h] of now) if (!this.seen.has(k)) this.seen.set(k, h);
    return problems.slice(0, 20);
  }
  get size() {
    return this.seen.size;
  }
}

/**
 * The ledger invariants, read in one REPEATABLE READ snapshot so they hold mid-traffic: everything sums
 * to zero, every transaction balances and has entries, no orphan entries, each cached balance equals
 * its entries and its chain is continuous, no user balance is or ever was below zero.
 */
export async function checkLedgerSnapshot(db: Db, sql: Sql, watch: ImmutabilityWatch): Promise<LedgerVerdict> {
  const problems: string[] = [];
  let checks = 0;
  const r = await db.transaction(async (tx) => checkLedger(tx), { isolationLevel: "repeatable read", accessMode: "read only" });
  checks += 6;
  for (const p of r.problems) problems.push(`${p.kind} ${p.id}: ${p.detail}`);
  const extra = await sql.begin("isolation level repeatable read read only", async (q) => {
    const [orphans] = await q<{ n: number }[]>`
      select count(*)::int as n from journal_entries e
      left join journal_transactions t on t.id = e.transaction_id
      left join ledger_accounts a on a.id = e.account_id
      where t.id is null or a.id is null`;
    const [everNegative] = await q<{ n: number }[]>`
      select count(*)::int as n from journal_entries e join ledger_accounts a on a.id = e.account_id
      where a.mode = 'cached' and not a.allow_negative and (e.balance_after < 0 or e.balance_before < 0)`;
    const pooledCached = await q<{ id: string }[]>`
      select e.id from journal_entries e join ledger_accounts a on a.id = e.account_id
      where a.mode = 'pooled' and (e.balance_after is not null or e.account_version is not null) limit 5`;
    return { orphans: orphans!.n, everNegative: everNegative!.n, pooledCached: pooledCached.length };
  });
  checks += 3;
  if (extra.orphans) problems.push(`orphan entries: ${extra.orphans}`);
  if (extra.everNegative) problems.push(`a user balance went below zero in ${extra.everNegative} entries`);
  if (extra.pooledCached) problems.push("pooled account entries carry cached balances");
  problems.push(...(await watch.check(sql)));
  checks += 1;
  return {
    ok: problems.length === 0,
    problems,
    counts: { accounts: r.accounts, transactions: r.transactions, entries: r.entries },
    checks,
  };
}

/** The trigger must exist and refuse an UPDATE and a DELETE (tried in a rolled-back transaction). */
export async function checkAppendOnlyTrigger(sql: Sql): Promise<string[]> {
  const problems: string[] = [];
  const triggers = await sql<
    { tgname: string }[]
  >`select tgname from pg_trigger where tgname like '%append_only' or tgname like '%no_truncate'`;
  if (triggers.length < 4) problems.push(`append-only triggers missing (found ${triggers.map((t) => t.tgname).join(", ") || "none"})`);
  for (const stmt of [
    "update journal_entries set amount = amount where id = (select min(id) from journal_entries)",
    "delete from journal_transactions where id = (select min(id) from journal_transactions)",
  ]) {
    const refused = await sql
      .begin(async (q) => {
        await q.unsafe(stmt);
        throw new Error("rollback");
      })
      .then(
        () => false,
        (e: { code?: string; message?: string }) => e.code === "P0001" && /append-only/.test(e.message ?? ""),
      );
    if (!refused) problems.push(`not refused: ${stmt}`);
  }
  return problems;
}
