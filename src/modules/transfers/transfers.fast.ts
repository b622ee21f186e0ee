import type { Ctx } from "@/ctx";
import { sql } from "drizzle-orm";
import { hmacHex } from "@/lib/crypto";
import { newId, randomDigits } from "@/lib/ids";
import { rowsOf } from "@/lib/rows";
import { isUniqueViolation } from "@/lib/pg-errors";
import { beijingDate } from "@/lib/time";
import { pools } from "@/modules/ledger/ledger.accounts";
import { insufficientFunds } from "@/modules/ledger/ledger.service";
import { canonicalJson, keyReused, requestInProgress, type StoredResult } from "@/modules/platform/idempotency";
import { verifyPaymentPassword } from "@/modules/wallet/password";
import { type WalletRow } from "@/modules/wallet/wallet.repo";
import { formatFen } from "@/lib/money";
import { checkTransferRequest, crossProvinceAllowed, transferExpiresAt } from "./transfer-rules";
import { transferErrors } from "./transfers.errors";
import { type TransferRow } from "./transfers.repo";
import { receiptOf, type Receipt } from "./transfers.view";
import type { CreateInput } from "./transfers.service";

// The fast path: two database round trips (plus the PIN check) instead of about thirty.

interface Context {
  replay: { h: string; s: number; b: unknown } | null;
  person_id: string | null;
  sender_name: string | null;
  w_id: string | null;
  w_status: WalletRow["status"] | null;
  w_region: string | null;
  w_own: string | null;
  w_received: string | null;
  w_manager: string | null;
  w_hash: string | null;
  w_failures: number | null;
  w_locked_until: string | Date | null;
  expired: boolean;
  pending: boolean;
  b_id: string | null;
  b_status: string | null;
  r_id: string | null;
  r_status: string | null;
  r_region: string | null;
  r_manager: string | null;
  r_person: string | null;
  r_name: string | null;
  s_policy: Record<string, unknown> | null;
  r_policy: Record<string, unknown> | null;
  s_province: string | null;
  r_province: string | null;
}

const policyOf = (j: Record<string, unknown>) => ({
  crossProvince: Boolean(j.cross_province),
  minTransferFen: Number(j.min_transfer_fen),
  maxTransferFen: Number(j.max_transfer_fen),
  maxDailyTransfers: Number(j.max_daily_transfers),
  quietStart: String(j.quiet_start),
  quietEnd: String(j.quiet_end),
});

/**
 * One read for everything the rules need (stored result of the key, the sender's wallet, the binding,
 * the recipient's wallet, both regions' policies, pending and overdue transfers), the PIN check, then
 * one statement that locks the sender's sub-balances and writes the transfer, its hold, the event,
 * the audit row, the notification and the key's stored result. Returns null when some rule needs the
 * step-by-step path to give its exact answer (no wallet, a binding that is not active, an overdue
 * transfer to return first…).
 */
export async function createTransferFast(ctx: Ctx, userId: string, idempotencyKey: string, input: CreateInput): Promise<StoredResult<Receipt> | null> {
  const scope = `user:${userId}:transfer`;
  const request = { ...input, memo: input.memo ?? null };
  const now = ctx.clock.now();
  const today = beijingDate(now);
  const nowTs = sql`${now.toISOString()}::timestamptz`;
  const [requestHash, result] = await Promise.all([
    hmacHex(ctx.config.secrets.lookupHmac, canonicalJson(request)),
    ctx.db.execute(sql`
      select
        (select jsonb_build_object('h', k.request_hash, 's', k.response_status, 'b', k.response_body) from idempotency_keys k where k.scope = ${scope} and k.key = ${idempotencyKey}) as replay,
        u.person_id, p.masked_name as sender_name,
        w.id as w_id, w.status as w_status, w.region_code as w_region, w.own_account_id as w_own, w.received_account_id as w_received,
        w.manager_user_id as w_manager, w.password_hash as w_hash, w.password_failures as w_failures, w.password_locked_until as w_locked_until,
        exists (select 1 from transfers t where t.status = 'pending' and t.expires_at <= ${nowTs} and (t.sender_wallet_id = w.id or t.recipient_wallet_id = w.id)) as expired,
        exists (select 1 from transfers t where t.sender_wallet_id = w.id and t.status = 'pending') as pending,
        b.id as b_id, b.status as b_status,
        rw.id as r_id, rw.status as r_status, rw.region_code as r_region, rw.manager_user_id as r_manager, rw.person_id as r_person, rp.masked_name as r_name,
        (select to_jsonb(x) from region_policies x where x.region_code = w.region_code and x.effective_from <= ${today}::date order by x.effective_from desc limit 1) as s_policy,
        (select to_jsonb(x) from region_policies x where x.region_code = rw.region_code and x.effective_from <= ${today}::date order by x.effective_from desc limit 1) as r_policy,
        (select province_code from regions where code = w.region_code) as s_province,
        (select province_code from regions where code = rw.region_code) as r_province
      from users u
      left join persons p on p.id = u.person_id
      left join wallets w on w.person_id = u.person_id
      left join bindings b on b.id = ${input.bindingId} and (b.giver_person_id = u.person_id or b.relative_person_id = u.person_id)
      left join persons rp on rp.id = (case when b.giver_person_id = u.person_id then b.relative_person_id else b.giver_person_id end)
      left join wallets rw on rw.person_id = rp.id
      where u.id = ${userId}`),
  ]);
  const c = rowsOf<Context>(result)[0];
  if (!c) return null;
  if (c.replay) {
    if (c.replay.h !== requestHash) throw keyReused();
    return { status: c.replay.s, body: c.replay.b as Receipt, replayed: true };
  }
  // Anything off the happy path gets its exact answer from the step-by-step path.
  if (!c.person_id || !c.sender_name || !c.w_id || c.expired || c.w_status !== "active") return null;
  if (!c.b_id || c.b_status !== "active" || !c.r_id || c.r_status === "closed" || !c.r_person || !c.r_name || !c.s_policy) return null;
  const policy = policyOf(c.s_policy);
  const crossProvince = c.s_province !== c.r_province;
  if (crossProvince) {
    if (!c.r_policy) return null;
    if (!crossProvinceAllowed(policy, policyOf(c.r_policy))) throw transferErrors.crossProvince();
  }
  const limits = { ...policy };
  const early = checkTransferRequest({ amountFen: input.amountFen, now, sentToday: 0, limits });
  if (early) throw transferErrors.fromRefusal(early);
  if (c.pending) throw transferErrors.pending();
  const sender = {
    id: c.w_id,
    passwordHash: c.w_hash!,
    passwordFailures: Number(c.w_failures ?? 0),
    passwordLockedUntil: c.w_locked_until ? new Date(c.w_locked_until) : null,
  } as WalletRow;
  await verifyPaymentPassword(ctx, sender, input.paymentPassword);

  const id = newId();
  const row: TransferRow = {
    id,
    receiptNo: `T${today.replace(/-/g, "")}${randomDigits(10)}`,
    bindingId: c.b_id,
    senderWalletId: c.w_id,
    recipientWalletId: c.r_id,
    senderPersonId: c.person_id,
    recipientPersonId: c.r_person,
    amountFen: input.amountFen,
    fromOwnFen: 0,
    fromReceivedFen: 0,
    status: "pending",
    crossProvince,
    senderRegionCode: c.w_region!,
    recipientRegionCode: c.r_region!,
    memo: input.memo ?? null,
    createdAt: now,
    businessDate: today,
    expiresAt: transferExpiresAt(now),
    decidedAt: null,
  };
  const names = { sender: c.sender_name, recipient: c.r_name };
  const history = [{ status: "pending", at: now.toISOString() }];
  const template = receiptOf(row, names, history, [c.w_id]);
  const notice = {
    userId: c.r_manager!,
    kind: "transfer.received",
    title: "您收到一笔共济转账",
    body: `${c.sender_name} 向您转账 ${formatFen(input.amountFen)}，请在次日06:00前确认收款`,
    data: { transferId: id },
  };
  const own = c.w_own!;
  const received = c.w_received!;
  const txId = newId();
  const [e1, e2, e3, eventId, auditId, noticeId] = [newId(), newId(), newId(), newId(), newId(), newId()];
  const inFlight = pools.transfersInFlight();

  for (let attempt = 0; attempt < 5; attempt++) {
    let out: {
      locked: boolean;
      existing: { h: string; s: number; b: unknown } | null;
      stale: boolean;
      found: number;
      sent: number;
      from_own: string | null;
      from_received: string | null;
      go: boolean;
      done: boolean;
    };
    try {
      const r = await ctx.db.execute(sql`
        with lk as (
          select pg_try_advisory_xact_lock(hashtextextended(${`${scope}\u0001${idempotencyKey}`}, 7)) as ok
        ), ex as (
          select jsonb_build_object('h', request_hash, 's', response_status, 'b', response_body) as j
          from idempotency_keys where scope = ${scope} and key = ${idempotencyKey}
        ), snap as (
          select id, version from ledger_accounts where id in (${own}, ${received})
        ), acc as (
          select id, balance, version from ledger_accounts where id in (${own}, ${received}) and (select ok from lk) order by id for update
        ), st as (
          select
            (select ok from lk) as locked,
            (select j from ex) as existing,
            -- A sub-balance changed between this statement's snapshot and its lock: the count below may
            -- be stale (another transfer of this sender committed meanwhile), so nothing is written and
            -- the statement runs again with a fresh snapshot.
            exists (select 1 from acc a join snap s on s.id = a.id where a.version <> s.version) as stale,
            (select count(*) from acc)::int as found,
            (select count(*) from transfers where sender_wallet_id = ${c.w_id} and business_date = ${today})::int as sent,
            coalesce((select balance from acc where id = ${own}), 0) as own_bal,
            coalesce((select version from acc where id = ${own}), 0) as own_ver,
            coalesce((select balance from acc where id = ${received}), 0) as rec_bal,
            coalesce((select version from acc where id = ${received}), 0) as rec_ver
        ), d as (
          select st.*,
            least(${input.amountFen}::bigint, own_bal) as from_own,
            ${input.amountFen}::bigint - least(${input.amountFen}::bigint, own_bal) as from_received,
            (locked and existing is null and not stale and found = 2 and sent < ${limits.maxDailyTransfers} and own_bal + rec_bal >= ${input.amountFen}) as go
          from st
        ), tr as (
          insert into transfers (id, receipt_no, binding_id, sender_wallet_id, recipient_wallet_id, sender_person_id, recipient_person_id, amount_fen,
            from_own_fen, from_received_fen, status, cross_province, sender_region_code, recipient_region_code, memo, created_at, business_date, expires_at, decided_at)
          select ${id}, ${row.receiptNo}, ${row.bindingId}, ${row.senderWalletId}, ${row.recipientWalletId}, ${row.senderPersonId}, ${row.recipientPersonId}, ${input.amountFen},
            from_own, from_received, 'pending', ${crossProvince}, ${row.senderRegionCode}, ${row.recipientRegionCode}, ${row.memo}::text, ${nowTs}, ${today}, ${row.expiresAt.toISOString()}::timestamptz, null
          from d where go
          returning id
        ), pool as (
          insert into ledger_accounts (id, kind, mode, allow_negative) select ${inFlight}, 'transfers_in_flight', 'pooled', true from tr on conflict do nothing
        ), jt as (
          insert into journal_transactions (id, kind, reference, business_at, metadata)
          select ${txId}, 'transfer_hold', ${id}, ${nowTs}, ${JSON.stringify({ counterparties: { [c.w_id]: c.r_name } })}::jsonb from tr
          returning id
        ), je as (
          insert into journal_entries (id, transaction_id, account_id, amount, balance_before, balance_after, account_version, business_at)
          select ${e1}, ${txId}, ${inFlight}, ${input.amountFen}::bigint, null, null, null, ${nowTs} from jt
          union all
          select ${e2}, ${txId}, ${own}, -d.from_own, d.own_bal, d.own_bal - d.from_own, d.own_ver + 1, ${nowTs} from d, jt where d.from_own > 0
          union all
          select ${e3}, ${txId}, ${received}, -d.from_received, d.rec_bal, d.rec_bal - d.from_received, d.rec_ver + 1, ${nowTs} from d, jt where d.from_received > 0
        ), upd as (
          update ledger_accounts a set balance = v.balance, version = v.version
          from (
            select ${own}::text as id, d.own_bal - d.from_own as balance, d.own_ver + 1 as version from d where d.go and d.from_own > 0
            union all
            select ${received}::text, d.rec_bal - d.from_received, d.rec_ver + 1 from d where d.go and d.from_received > 0
          ) v
          where a.id = v.id
        ), ev as (
          insert into transfer_events (id, transfer_id, status, at, journal_transaction_id, note) select ${eventId}, ${id}, 'pending', ${nowTs}, ${txId}, null from jt
        ), au as (
          insert into audit_log (id, at, actor_type, actor_id, action, subject_type, subject_id, details)
          select ${auditId}, ${nowTs}, 'user', ${userId}, 'transfer.create', 'transfer', ${id},
            jsonb_build_object('amountFen', ${input.amountFen}::bigint, 'fromOwnFen', d.from_own, 'fromReceivedFen', d.from_received, 'crossProvince', ${crossProvince}::boolean)
          from d, tr
        ), nt as (
          insert into notifications (id, user_id, kind, title, body, data, created_at)
          select ${noticeId}, ${notice.userId}, ${notice.kind}, ${notice.title}, ${notice.body}, ${JSON.stringify(notice.data)}::jsonb, ${nowTs} from tr
        ), ik as (
          insert into idempotency_keys (scope, key, request_hash, response_status, response_body)
          select ${scope}, ${idempotencyKey}, ${requestHash}, 201,
            jsonb_set(${JSON.stringify(template)}::jsonb, '{paidFrom}', jsonb_build_object('ownFen', d.from_own, 'receivedFen', d.from_received))
          from d, tr
        )
        select locked, existing, stale, found, sent, from_own::text, from_received::text, go, exists (select 1 from tr) as done from d`);
      out = rowsOf<typeof out>(r)[0]!;
    } catch (e) {
      if (isUniqueViolation(e, "transfers_one_pending_uq")) throw transferErrors.pending();
      throw e;
    }
    if (!out.locked) throw requestInProgress();
    if (out.existing) {
      if (out.existing.h !== requestHash) throw keyReused();
      return { status: out.existing.s, body: out.existing.b as Receipt, replayed: true };
    }
    if (out.stale) continue;
    if (out.found !== 2) return null;
    if (!out.go) {
      const refusal = checkTransferRequest({ amountFen: input.amountFen, now, sentToday: out.sent, limits });
      if (refusal) throw transferErrors.fromRefusal(refusal);
      throw insufficientFunds();
    }
    const body = { ...template, paidFrom: { ownFen: Number(out.from_own), receivedFen: Number(out.from_received) } } as Receipt;
    // Best-effort push after commit, as the notifier's flush does; the inbox row is already written.
    await ctx.adapters.notifier.push(notice).catch((e: unknown) => ctx.log.warn("push failed", { kind: notice.kind, error: String(e) }));
    return { status: 201, body, replayed: false };
  }
  return null;
}
