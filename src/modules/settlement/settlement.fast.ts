import { sql } from "drizzle-orm";
import type { Ctx } from "@/ctx";
import { newId } from "@/lib/ids";
import { isUniqueViolation } from "@/lib/pg-errors";
import { rowsOf } from "@/lib/rows";
import { pools } from "@/modules/ledger/ledger.accounts";
import { keyReused } from "@/modules/platform/idempotency";
import type { SettlementRow } from "./settlement.repo";
import { settlementDto } from "./settlement.views";
import type { SettleInput } from "./settlement.service";

// The fast path of a settlement: one database round trip instead of thirteen.

interface Outcome {
  merchant: boolean;
  existing: Record<string, unknown> | null;
  done: boolean;
  ecode_id: string | null;
  wallet_id: string | null;
  patient_region: string | null;
  merchant_region: string | null;
  masked_name: string | null;
  from_own: string | null;
  from_received: string | null;
}

/** A settlement row as to_jsonb gives it, with the types drizzle's select would have. */
export function settlementFromJson(j: Record<string, unknown>): SettlementRow {
  return {
    id: String(j.id),
    merchantId: String(j.merchant_id),
    walletId: String(j.wallet_id),
    orderNo: String(j.order_no),
    amountFen: Number(j.amount_fen),
    fromOwnFen: Number(j.from_own_fen),
    fromReceivedFen: Number(j.from_received_fen),
    refundedOwnFen: Number(j.refunded_own_fen),
    refundedReceivedFen: Number(j.refunded_received_fen),
    status: j.status as SettlementRow["status"],
    patientRegionCode: String(j.patient_region_code),
    merchantRegionCode: String(j.merchant_region_code),
    patientMaskedName: String(j.patient_masked_name),
    ecodeId: String(j.ecode_id),
    requestHash: String(j.request_hash),
    journalTransactionId: String(j.journal_transaction_id),
    createdAt: new Date(String(j.created_at)),
  };
}

/**
 * One statement does what the step-by-step path does in a transaction: it takes the order number's
 * advisory lock (try: a concurrent duplicate sends this request to the step-by-step path, which waits
 * for it), reads the merchant and any earlier settlement of the order, locks the e-code (skip locked:
 * never waits for it, so the lock order of the step-by-step path — e-code, then accounts — cannot be
 * crossed into a deadlock), locks the patient's two sub-balances in id order, splits own-first, and —
 * only if everything holds — spends the e-code and writes the settlement, the pool accounts on first
 * use, the journal transaction with its entries (before/after/version), the new balances and the
 * audit row. The statement runs in autocommit: one database transaction, locks held for its execution
 * and commit only.
 *
 * Returns the answer for a new settlement (201) or a replay of the order (200, or 422 if the order
 * came with another request); null when the step-by-step path must give the exact answer (unknown
 * merchant, not accepting, e-code unknown/used/expired/busy, wallet not active, insufficient funds,
 * a concurrent duplicate).
 */
export async function settleFast(
  ctx: Ctx,
  merchantId: string,
  input: SettleInput,
  requestHash: string,
  codeHash: string,
): Promise<{ status: 200 | 201; body: ReturnType<typeof settlementDto> } | null> {
  const now = ctx.clock.now();
  const nowTs = sql`${now.toISOString()}::timestamptz`;
  const amount = sql`${input.amountFen}::bigint`;
  const orderNo = sql`${input.orderNo}::text`;
  const mid = sql`${merchantId}::text`;
  const id = newId();
  const txId = newId();
  // Entry ids in posting order (own, received, merchant, clearing pair), as post() gives them.
  const [eOwn, eReceived, eMerchant, eClearing1, eClearing2, auditId] = [newId(), newId(), newId(), newId(), newId(), newId()];
  const merchantPool = pools.merchantSettlement(merchantId);

  let out: Outcome;
  try {
    const r = await ctx.db.execute(sql`
      with lk as materialized (
        select pg_try_advisory_xact_lock(hashtextextended(${`settlement\u0001${merchantId}\u0001${input.orderNo}`}::text, 7)) as ok
      ), m as materialized (
        select id, name, region_code, accepts_wallet from merchants where id = ${mid}
      ), ex as materialized (
        select to_jsonb(s) as j from settlements s where s.merchant_id = ${mid} and s.order_no = ${orderNo}
      ), ec as materialized (
        select e.id, e.wallet_id from ecodes e
        -- coalesce: the status test must not let the planner pick the partial index of active codes (a
        -- range scan over every live code) over the code's unique hash when the statistics are stale.
        where e.code_hash = ${codeHash}::text and coalesce(e.status, '') = 'active' and e.expires_at > ${nowTs}
          and (select ok from lk) and not exists (select 1 from ex) and coalesce((select accepts_wallet from m), false)
        for update skip locked
      ), w as materialized (
        select w.id, w.region_code, w.own_account_id, w.received_account_id, p.masked_name
        from ec join wallets w on w.id = ec.wallet_id and w.status = 'active' join persons p on p.id = w.person_id
      ), acc as materialized (
        select id, balance, version from ledger_accounts
        where id = any (array[(select own_account_id from w), (select received_account_id from w)])
        order by id for update
      ), d as materialized (
        select b.*, least(${amount}, b.own_bal) as from_own, ${amount} - least(${amount}, b.own_bal) as from_received,
          (b.found = 2 and b.own_bal + b.rec_bal >= ${amount}) as go
        from (
          select w.*, m.name as m_name, m.region_code as m_region, (w.region_code <> m.region_code) as cross_region,
            (select count(*) from acc)::int as found,
            coalesce((select balance from acc where acc.id = w.own_account_id), 0) as own_bal,
            coalesce((select version from acc where acc.id = w.own_account_id), 0) as own_ver,
            coalesce((select balance from acc where acc.id = w.received_account_id), 0) as rec_bal,
            coalesce((select version from acc where acc.id = w.received_account_id), 0) as rec_ver
          from w, m
        ) b
      ), cl as (
        update ecodes e set status = 'used', used_at = ${nowTs}, settlement_id = ${id}::text
        where e.id = (select id from ec) and coalesce(e.status, '') = 'active' and exists (select 1 from d where d.go)
        returning e.id
      ), sr as (
        insert into settlements (id, merchant_id, wallet_id, order_no, amount_fen, from_own_fen, from_received_fen, status,
          patient_region_code, merchant_region_code, patient_masked_name, ecode_id, request_hash, journal_transaction_id, created_at)
        select ${id}::text, ${mid}, d.id, ${orderNo}, ${amount}, d.from_own, d.from_received, 'paid',
          d.region_code, d.m_region, d.masked_name, cl.id, ${requestHash}::text, ${txId}::text, ${nowTs}
        from d, cl
        returning id
      ), pools as (
        insert into ledger_accounts (id, kind, mode, allow_negative, region_code, counterparty_region_code, merchant_id)
        select ${merchantPool}::text, 'merchant_settlement', 'pooled', true, null, null, ${mid} from cl
        union all
        select 'pool:clearing:' || d.region_code || ':' || d.m_region, 'clearing', 'pooled', true, d.region_code, d.m_region, null from d, cl where d.cross_region
        union all
        select 'pool:clearing:' || d.m_region || ':' || d.region_code, 'clearing', 'pooled', true, d.m_region, d.region_code, null from d, cl where d.cross_region
        on conflict do nothing
      ), jt as (
        insert into journal_transactions (id, kind, reference, reverses_id, business_at, memo, metadata)
        select ${txId}::text, 'medical_settlement', ${orderNo}, null, ${nowTs}, null,
          jsonb_build_object('settlementId', ${id}::text, 'merchantId', ${mid}, 'counterparties', jsonb_build_object(d.id, d.m_name))
        from d, cl
        returning id
      ), je as (
        insert into journal_entries (id, transaction_id, account_id, amount, balance_before, balance_after, account_version, business_at)
        select ${eOwn}::text, ${txId}::text, d.own_account_id, -d.from_own, d.own_bal, d.own_bal - d.from_own, d.own_ver + 1, ${nowTs} from d, jt where d.from_own > 0
        union all
        select ${eReceived}::text, ${txId}::text, d.received_account_id, -d.from_received, d.rec_bal, d.rec_bal - d.from_received, d.rec_ver + 1, ${nowTs} from d, jt where d.from_received > 0
        union all
        select ${eMerchant}::text, ${txId}::text, ${merchantPool}::text, ${amount}, null, null, null, ${nowTs} from jt
        union all
        select ${eClearing1}::text, ${txId}::text, 'pool:clearing:' || d.region_code || ':' || d.m_region, ${amount}, null, null, null, ${nowTs} from d, jt where d.cross_region
        union all
        select ${eClearing2}::text, ${txId}::text, 'pool:clearing:' || d.m_region || ':' || d.region_code, -${amount}, null, null, null, ${nowTs} from d, jt where d.cross_region
      ), upd as (
        update ledger_accounts a set balance = v.balance, version = v.version
        from (
          select d.own_account_id as id, d.own_bal - d.from_own as balance, d.own_ver + 1 as version from d, jt where d.from_own > 0
          union all
          select d.received_account_id, d.rec_bal - d.from_received, d.rec_ver + 1 from d, jt where d.from_received > 0
        ) v
        where a.id = v.id
      ), au as (
        insert into audit_log (id, at, actor_type, actor_id, action, subject_type, subject_id, details)
        select ${auditId}::text, ${nowTs}, 'merchant', ${mid}, 'settlement.charge', 'settlement', ${id}::text,
          jsonb_build_object('walletId', d.id, 'orderNo', ${orderNo}, 'amountFen', ${amount}, 'ownFen', d.from_own, 'receivedFen', d.from_received, 'crossRegion', d.cross_region)
        from d, jt
      )
      select exists (select 1 from m) as merchant, (select j from ex) as existing, exists (select 1 from sr) as done,
        (select id from cl) as ecode_id, d.id as wallet_id, d.region_code as patient_region, d.m_region as merchant_region, d.masked_name,
        d.from_own::text as from_own, d.from_received::text as from_received
      from (select 1) one left join d on true`);
    out = rowsOf<Outcome>(r)[0]!;
  } catch (e) {
    // A duplicate committed between this statement's snapshot and its lock: the step-by-step path replays it.
    if (isUniqueViolation(e, "settlements_order_uq")) return null;
    throw e;
  }
  if (!out.merchant) return null;
  if (out.existing) {
    const s = settlementFromJson(out.existing);
    if (s.requestHash !== requestHash) throw keyReused();
    return { status: 200, body: settlementDto(s, "paid") };
  }
  if (!out.done) return null;
  const row: SettlementRow = {
    id,
    merchantId,
    walletId: out.wallet_id!,
    orderNo: input.orderNo,
    amountFen: input.amountFen,
    fromOwnFen: Number(out.from_own),
    fromReceivedFen: Number(out.from_received),
    refundedOwnFen: 0,
    refundedReceivedFen: 0,
    status: "paid",
    patientRegionCode: out.patient_region!,
    merchantRegionCode: out.merchant_region!,
    patientMaskedName: out.masked_name!,
    ecodeId: out.ecode_id!,
    requestHash,
    journalTransactionId: txId,
    createdAt: now,
  };
  return { status: 201, body: settlementDto(row) };
}
