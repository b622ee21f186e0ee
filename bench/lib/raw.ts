import type { Sql } from "postgres";
import { newId } from "../../src/lib/ids";

/**
 * The raw-SQL ceiling: the writes one money movement makes, without HTTP, validation, PIN, audit or
 * notifications — lock the two accounts in id order, update both balances and versions, insert the
 * journal transaction, its two entries (with before/after and versions, so the ledger check still
 * proves every chain) and an idempotency record. Money goes from one spouse's own funds to the other's
 * received funds, so the ledger stays balanced and the check after the phase covers these rows too.
 *
 * `loop`: a plain postgres.js transaction (BEGIN, 5 statements, COMMIT: 7 round trips).
 * `single`: the same writes as one statement (one round trip, the locks held only for its execution).
 * `hot`: a settlement's writes into ONE hospital account, as one statement: the patient's own funds
 *   (locked, checked) to a single pooled merchant account (never locked: an append-only entry), so
 *   every concurrent statement references the same account row (foreign-key share locks included).
 */

export type RawMode = "loop" | "single" | "hot";

/** One movement: from the sender's own funds to the recipient's received funds; the user scopes its stored response. */
export interface Movement {
  debit: string;
  credit: string;
  userId: string;
}

export function rawMover(sql: Sql, mode: RawMode, tag: string) {
  let seq = 0;
  return async ({ debit, credit, userId }: Movement, amount: number): Promise<void> => {
    const txId = newId();
    const e1 = newId();
    const e2 = newId();
    const key = `raw-${tag}-${seq++}`;
    const body = { id: txId, amountFen: amount };
    if (mode === "hot") {
      const hot = "pool:merchant_settlement:bench-raw-hot";
      const [r] = await sql<{ n: number }[]>`
        with pools as (
          insert into ledger_accounts (id, kind, mode, allow_negative, merchant_id) values (${hot}, 'merchant_settlement', 'pooled', true, 'bench-raw-hot') on conflict do nothing
        ), upd as (
          update ledger_accounts set balance = balance - ${amount}::bigint, version = version + 1 where id = ${debit}
          returning id, balance, version
        ), jt as (
          insert into journal_transactions (id, kind, reference, business_at) select ${txId}, 'bench_raw_hot', ${key}, now() from upd returning id
        ), je as (
          insert into journal_entries (id, transaction_id, account_id, amount, balance_before, balance_after, account_version, business_at)
          select ${e1}, jt.id, upd.id, ${-amount}::bigint, upd.balance + ${amount}::bigint, upd.balance, upd.version, now() from upd, jt
          union all select ${e2}, jt.id, ${hot}, ${amount}::bigint, null, null, null, now() from jt
          returning 1
        ), ik as (
          insert into idempotency_keys (scope, key, request_hash, response_status, response_body)
          select ${`bench:${userId}`}, ${key}, 'raw', 201, ${sql.json(body)} from jt returning 1
        )
        select (select count(*) from je)::int + (select count(*) from ik)::int as n`;
      if (r?.n !== 3) throw new Error(`raw hot: wrote ${r?.n}`);
      return;
    }
    if (mode === "loop") {
      await sql.begin(async (tx) => {
        const ids = [debit, credit].sort();
        const rows = await tx<{ id: string; balance: string; version: string }[]>`
          select id, balance, version from ledger_accounts where id in ${tx(ids)} order by id for update`;
        const st = new Map(rows.map((r) => [r.id, { balance: Number(r.balance), version: Number(r.version) }]));
        const d = st.get(debit)!;
        const c = st.get(credit)!;
        if (d.balance < amount) throw new Error("raw: insufficient funds");
        const dAfter = d.balance - amount;
        const cAfter = c.balance + amount;
        await tx`update ledger_accounts a set balance = v.balance, version = v.version
                 from (values (${debit}::text, ${dAfter}::bigint, ${d.version + 1}::bigint), (${credit}::text, ${cAfter}::bigint, ${c.version + 1}::bigint)) as v(id, balance, version)
                 where a.id = v.id`;
        await tx`insert into journal_transactions (id, kind, reference, business_at) values (${txId}, 'bench_raw', ${key}, now())`;
        await tx`insert into journal_entries (id, transaction_id, account_id, amount, balance_before, balance_after, account_version, business_at) values
                 (${e1}, ${txId}, ${debit}, ${-amount}, ${d.balance}, ${dAfter}, ${d.version + 1}, now()),
                 (${e2}, ${txId}, ${credit}, ${amount}, ${c.balance}, ${cAfter}, ${c.version + 1}, now())`;
        await tx`insert into idempotency_keys (scope, key, request_hash, response_status, response_body) values (${`bench:${userId}`}, ${key}, 'raw', 201, ${sql.json(body)})`;
      });
      return;
    }
    // One statement: the lock CTE takes both rows in id order before the update touches either.
    const [r] = await sql<{ n: number }[]>`
      with locked as (
        select id, balance, version from ledger_accounts where id in (${debit}, ${credit}) order by id for update
      ), d(id, delta, eid) as (
        values (${debit}::text, ${-amount}::bigint, ${e1}::text), (${credit}::text, ${amount}::bigint, ${e2}::text)
      ), upd as (
        update ledger_accounts a set balance = a.balance + d.delta, version = a.version + 1
        from d where a.id = d.id and (select count(*) from locked) = 2
        returning a.id, a.balance, a.version, d.delta, d.eid
      ), jt as (
        insert into journal_transactions (id, kind, reference, business_at)
        select ${txId}, 'bench_raw', ${key}, now() where (select count(*) from upd) = 2
        returning id
      ), je as (
        insert into journal_entries (id, transaction_id, account_id, amount, balance_before, balance_after, account_version, business_at)
        select upd.eid, jt.id, upd.id, upd.delta, upd.balance - upd.delta, upd.balance, upd.version, now() from upd, jt
        returning 1
      ), ik as (
        insert into idempotency_keys (scope, key, request_hash, response_status, response_body)
        select ${`bench:${userId}`}, ${key}, 'raw', 201, ${sql.json(body)} from jt
        returning 1
      )
      select (select count(*) from je)::int + (select count(*) from ik)::int as n`;
    if (r?.n !== 3) throw new Error(`raw single: wrote ${r?.n}`);
  };
}
