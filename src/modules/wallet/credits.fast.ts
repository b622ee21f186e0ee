import { sql } from "drizzle-orm";
import type { Ctx } from "@/ctx";
import { newId } from "@/lib/ids";
import { rowsOf } from "@/lib/rows";
import { pools } from "@/modules/ledger/ledger.accounts";
import { keyReused } from "@/modules/platform/idempotency";
import type { personalAccountCredits } from "./wallet.schema";

// The fast path of a personal-account credit: one database round trip instead of nine.

export type CreditRow = typeof personalAccountCredits.$inferSelect;

export function creditDto(r: CreditRow) {
  return { id: r.id, walletId: r.walletId, amountFen: r.amountFen, period: r.period, reference: r.reference, createdAt: r.createdAt.toISOString() };
}

export interface CreditInput {
  idNumber: string;
  amountFen: number;
  period: string;
  reference: string;
}

/** A credit row as to_jsonb gives it, with the types drizzle's select would have. */
function creditFromJson(j: Record<string, unknown>): CreditRow {
  return {
    id: String(j.id),
    regionCode: String(j.region_code),
    reference: String(j.reference),
    walletId: String(j.wallet_id),
    amountFen: Number(j.amount_fen),
    period: String(j.period),
    journalTransactionId: String(j.journal_transaction_id),
    requestHash: String(j.request_hash),
    createdAt: new Date(String(j.created_at)),
  };
}

/**
 * One statement: reads any earlier credit of the reference, the person by ID hash and their wallet,
 * and — only if the rules hold (the wallet exists, is this region's and not closed, the person is
 * employee-insured) — claims the reference (a concurrent duplicate waits on the unique index and then
 * claims nothing), creates the region fund's pool account on first use, credits the own funds with
 * `balance + amount … returning` (no separate lock), and writes the journal transaction, its two
 * entries and the audit row. Autocommit: one database transaction.
 *
 * Returns the answer for a new credit (201) or a replay of the reference (200, or 422 if it came with
 * another request); null when the step-by-step path must give the exact answer (no wallet, another
 * region, not employee-insured, closed wallet, a concurrent duplicate).
 */
export async function creditFast(
  ctx: Ctx,
  regionCode: string,
  input: CreditInput,
  requestHash: string,
  idHash: string,
): Promise<{ status: 200 | 201; body: ReturnType<typeof creditDto> } | null> {
  const now = ctx.clock.now();
  const nowTs = sql`${now.toISOString()}::timestamptz`;
  const amount = sql`${input.amountFen}::bigint`;
  const region = sql`${regionCode}::text`;
  const reference = sql`${input.reference}::text`;
  const period = sql`${input.period}::text`;
  const id = newId();
  const txId = newId();
  const [eFund, eOwn, auditId] = [newId(), newId(), newId()];
  const fund = pools.personalAccountFund(regionCode);
  const [out] = rowsOf<{ existing: Record<string, unknown> | null; wallet_id: string | null; done: boolean; guard: number | null }>(
    await ctx.db.execute(sql`
      with ex as materialized (
        select to_jsonb(c) as j from personal_account_credits c where c.region_code = ${region} and c.reference = ${reference}
      ), ok as materialized (
        select w.id, w.own_account_id
        from persons p
        join wallets w on w.person_id = p.id
        join ledger_accounts a on a.id = w.own_account_id and a.mode = 'cached'
        where p.id_hash = ${idHash}::text and p.insurance = 'employee' and w.region_code = ${region} and w.status <> 'closed'
          and not exists (select 1 from ex)
      ), ins as (
        insert into personal_account_credits (id, region_code, reference, wallet_id, amount_fen, period, journal_transaction_id, request_hash, created_at)
        select ${id}::text, ${region}, ${reference}, ok.id, ${amount}, ${period}, ${txId}::text, ${requestHash}::text, ${nowTs} from ok
        on conflict do nothing
        returning id
      ), pool as (
        insert into ledger_accounts (id, kind, mode, allow_negative, region_code)
        select ${fund}::text, 'personal_account_fund', 'pooled', true, ${region} from ins
        on conflict do nothing
      ), upd as (
        update ledger_accounts a set balance = a.balance + ${amount}, version = a.version + 1
        where a.id = (select own_account_id from ok) and a.mode = 'cached' and exists (select 1 from ins)
        returning a.id, a.balance, a.version
      ), jt as (
        insert into journal_transactions (id, kind, reference, reverses_id, business_at, memo, metadata)
        select ${txId}::text, 'personal_account_credit', ${reference}, null, ${nowTs}, null,
          jsonb_build_object('period', ${period}, 'counterparties', jsonb_build_object(ok.id, '个人账户划入'::text))
        from ok, upd
        returning id
      ), je as (
        insert into journal_entries (id, transaction_id, account_id, amount, balance_before, balance_after, account_version, business_at)
        select ${eFund}::text, ${txId}::text, ${fund}::text, -${amount}, null, null, null, ${nowTs} from jt
        union all
        select ${eOwn}::text, ${txId}::text, upd.id, ${amount}, upd.balance - ${amount}, upd.balance, upd.version, ${nowTs} from upd, jt
      ), au as (
        insert into audit_log (id, at, actor_type, actor_id, action, subject_type, subject_id, details)
        select ${auditId}::text, ${nowTs}, 'region', ${region}, 'wallet.credit', 'wallet', ok.id,
          jsonb_build_object('amountFen', ${amount}, 'period', ${period}, 'reference', ${reference})
        from ok, jt
      )
      select (select j from ex) as existing, (select id from ok) as wallet_id, exists (select 1 from jt) as done,
        -- A claimed reference without its posting must never commit: fail the whole statement instead.
        case when exists (select 1 from ins) and not exists (select 1 from upd) then cast('claimed without a posting: ' || (select id from ok) as int) end as guard`),
  );
  if (!out) return null;
  if (out.existing) {
    const r = creditFromJson(out.existing);
    if (r.requestHash !== requestHash) throw keyReused();
    return { status: 200, body: creditDto(r) };
  }
  if (!out.done) return null;
  return {
    status: 201,
    body: creditDto({
      id,
      regionCode,
      reference: input.reference,
      walletId: out.wallet_id!,
      amountFen: input.amountFen,
      period: input.period,
      journalTransactionId: txId,
      requestHash,
      createdAt: now,
    }),
  };
}
