import { sql } from "drizzle-orm";
import type { Ctx } from "@/ctx";
import { errors } from "@/lib/problem";
import { newId, randomDigits } from "@/lib/ids";
import { formatFen, splitPayment } from "@/lib/money";
import { isUniqueViolation } from "@/lib/pg-errors";
import { rowsOf } from "@/lib/rows";
import { beijingDate } from "@/lib/time";
import { auditInsertSql } from "@/modules/audit/audit.service";
import { requireVerifiedPerson } from "@/modules/identity/identity.service";
import { pools } from "@/modules/ledger/ledger.accounts";
import { insufficientFunds, lockedFromRows, post } from "@/modules/ledger/ledger.service";
import { noticeInsertSql, pushAfterCommit } from "@/modules/notifications/notifications.service";
import { gated } from "@/modules/platform/admission";
import { idempotencySql, requestInProgress, type StoredResult } from "@/modules/platform/idempotency";
import { requirePolicy } from "@/modules/relatives/policy.service";
import { relativeErrors } from "@/modules/relatives/relatives.errors";
import { pinCheckSql, pinOutcome, verifyPaymentPassword } from "@/modules/wallet/password";
import type { WalletRow } from "@/modules/wallet/wallet.repo";
import { walletNotOpen } from "@/modules/wallet/wallet.service";
import { checkTransferRequest, crossProvinceAllowed, isCrossProvince, transferExpiresAt, type TransferLimits } from "./transfer-rules";
import { transferErrors } from "./transfers.errors";
import type { TransferRow } from "./transfers.repo";
import { settleExpiredFor } from "./transfers.settle";
import { receiptOf, type Receipt } from "./transfers.view";

export interface CreateInput {
  bindingId: string;
  amountFen: number;
  paymentPassword: string;
  memo?: string;
}

/** Everything the rules of a new transfer need, read in one query. */
interface Context {
  replay: { h: string; s: number; b: unknown } | null;
  user_id: string | null;
  person_id: string | null;
  sender_name: string | null;
  w_id: string | null;
  w_status: WalletRow["status"] | null;
  w_region: string | null;
  w_own: string | null;
  w_received: string | null;
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
  /** The sender's two sub-balances as read (no lock), and the day's count: checked again under the lock by version. */
  accounts: { id: string; balance: string | number; version: string | number; allow_negative: boolean; closed: boolean }[] | null;
  sent: number;
}

const policyOf = (j: Record<string, unknown>) => ({
  crossProvince: Boolean(j.cross_province),
  limits: {
    minTransferFen: Number(j.min_transfer_fen),
    maxTransferFen: Number(j.max_transfer_fen),
    maxDailyTransfers: Number(j.max_daily_transfers),
    quietStart: String(j.quiet_start),
    quietEnd: String(j.quiet_end),
  } satisfies TransferLimits,
});

async function readContext(
  ctx: Ctx,
  userId: string,
  scope: string,
  key: string,
  bindingId: string,
  now: Date,
): Promise<Context | undefined> {
  const today = beijingDate(now);
  const nowTs = sql`${now.toISOString()}::timestamptz`;
  return rowsOf<Context>(
    await ctx.db.execute(sql`
      select
        (select jsonb_build_object('h', k.request_hash, 's', k.response_status, 'b', k.response_body) from idempotency_keys k where k.scope = ${scope} and k.key = ${key}) as replay,
        u.id as user_id, u.person_id, p.masked_name as sender_name,
        w.id as w_id, w.status as w_status, w.region_code as w_region, w.own_account_id as w_own, w.received_account_id as w_received,
        w.password_hash as w_hash, w.password_failures as w_failures, w.password_locked_until as w_locked_until,
        exists (select 1 from transfers t where t.status = 'pending' and t.expires_at <= ${nowTs} and (t.sender_wallet_id = w.id or t.recipient_wallet_id = w.id)) as expired,
        exists (select 1 from transfers t where t.sender_wallet_id = w.id and t.status = 'pending') as pending,
        b.id as b_id, b.status as b_status,
        rw.id as r_id, rw.status as r_status, rw.region_code as r_region, rw.manager_user_id as r_manager, rp.id as r_person, rp.masked_name as r_name,
        (select to_jsonb(x) from region_policies x where x.region_code = w.region_code and x.effective_from <= ${today}::date order by x.effective_from desc limit 1) as s_policy,
        (select to_jsonb(x) from region_policies x where x.region_code = rw.region_code and x.effective_from <= ${today}::date order by x.effective_from desc limit 1) as r_policy,
        (select province_code from regions where code = w.region_code) as s_province,
        (select province_code from regions where code = rw.region_code) as r_province,
        (select jsonb_agg(jsonb_build_object('id', a.id, 'balance', a.balance, 'version', a.version, 'allow_negative', a.allow_negative, 'closed', w.status = 'closed'))
          from ledger_accounts a where a.id in (w.own_account_id, w.received_account_id)) as accounts,
        (select count(*) from transfers t where t.sender_wallet_id = w.id and t.business_date = ${today})::int as sent
      from (select 1) one
      left join users u on u.id = ${userId}
      left join persons p on p.id = u.person_id
      left join wallets w on w.person_id = u.person_id
      left join bindings b on b.id = ${bindingId} and (b.giver_person_id = u.person_id or b.relative_person_id = u.person_id)
      left join persons rp on rp.id = (case when b.giver_person_id = u.person_id then b.relative_person_id else b.giver_person_id end)
      left join wallets rw on rw.person_id = rp.id`),
  )[0];
}

/**
 * Creates a pending transfer and holds the sender's money (own first, then received) in flight: the
 * one implementation, in two round trips. One read gives every fact the rules need, the sender's two
 * sub-balances and their versions and the day's count included (each refusal is decided from it, with
 * its exact code). Then one statement checks the PIN (keyed hash), locks the two sub-balances in id
 * order and, only when the PIN is right and neither sub-balance moved since the read (so the read's
 * balances and day count still hold), writes the transfer, its hold through the ledger, the event,
 * the audit row, the recipient's notice and the key's stored result. A sub-balance that moved (a
 * parallel payment or credit) writes nothing but the PIN check: read again and decide again.
 */
export async function createTransfer(ctx: Ctx, userId: string, idempotencyKey: string, input: CreateInput): Promise<StoredResult<Receipt>> {
  return gated(ctx, () => create(ctx, userId, idempotencyKey, input));
}

/** Reads tried before answering 503 BUSY while the sender's sub-balances keep moving under the read. */
const ATTEMPTS = 4;

async function create(ctx: Ctx, userId: string, idempotencyKey: string, input: CreateInput): Promise<StoredResult<Receipt>> {
  const scope = `user:${userId}:transfer`;
  const request = { ...input, memo: input.memo ?? null };
  const now = ctx.clock.now();
  const [requestHash, first] = await Promise.all([
    idempotencySql.hash(ctx, request),
    readContext(ctx, userId, scope, idempotencyKey, input.bindingId, now),
  ]);
  let c = first!;
  for (let attempt = 1; ; attempt++) {
    const out = await attemptCreate(ctx, userId, scope, idempotencyKey, requestHash, input, now, c);
    if (out) return out;
    if (attempt >= ATTEMPTS) throw errors.busy();
    c = (await readContext(ctx, userId, scope, idempotencyKey, input.bindingId, now))!;
  }
}

/** One decision on one read; null when a sub-balance moved after the read (nothing was written). */
async function attemptCreate(
  ctx: Ctx,
  userId: string,
  scope: string,
  idempotencyKey: string,
  requestHash: string,
  input: CreateInput,
  now: Date,
  first: Context,
): Promise<StoredResult<Receipt> | null> {
  const today = beijingDate(now);
  let c = first;
  // A retry of a request that already succeeded gets its first answer, whatever the rules say now.
  if (c.replay) return idempotencySql.replay<Receipt>(c.replay, requestHash);
  if (!c.user_id || !c.person_id) await requireVerifiedPerson(ctx, ctx.db, userId);
  if (!c.w_id) throw walletNotOpen();
  if (c.expired) {
    // Overdue transfers around this wallet go back first (they may free the pending slot and funds).
    await settleExpiredFor(ctx, c.w_id);
    c = (await readContext(ctx, userId, scope, idempotencyKey, input.bindingId, now))!;
    if (c.replay) return idempotencySql.replay<Receipt>(c.replay, requestHash);
    if (!c.w_id) throw walletNotOpen();
  }
  if (c.w_status !== "active") throw transferErrors.walletNotActive("sender");
  if (!c.b_id) throw errors.notFound("亲属关系", "binding");
  if (c.b_status !== "active") throw relativeErrors.notBound();
  if (!c.r_id || c.r_status === "closed" || !c.r_person) throw transferErrors.recipientNoWallet();
  if (!c.s_policy) await requirePolicy(ctx.db, c.w_region!, today);
  const policy = policyOf(c.s_policy!);
  const provinces = new Map([
    [c.w_region!, c.s_province],
    [c.r_region!, c.r_province],
  ]);
  const crossProvince = isCrossProvince(c.w_region!, c.r_region!, (code) => provinces.get(code));
  if (crossProvince) {
    if (!c.r_policy) await requirePolicy(ctx.db, c.r_region!, today);
    if (!crossProvinceAllowed(policy, policyOf(c.r_policy!))) throw transferErrors.crossProvince();
  }
  const limits = policy.limits;
  const early = checkTransferRequest({ amountFen: input.amountFen, now, sentToday: 0, limits });
  if (early) throw transferErrors.fromRefusal(early);
  if (c.pending) throw transferErrors.pending();
  const wallet = { id: c.w_id, passwordHash: c.w_hash! };
  const own = c.w_own!;
  const received = c.w_received!;
  const read = lockedFromRows(c.accounts ?? []);
  const refusal = checkTransferRequest({ amountFen: input.amountFen, now, sentToday: Number(c.sent), limits });
  const split = splitPayment(input.amountFen, { ownFen: read.get(own)?.balance ?? 0, receivedFen: read.get(received)?.balance ?? 0 });
  const pin = await pinCheckSql(ctx, wallet, input.paymentPassword);
  if (!pin || refusal || !split) {
    // The PIN is checked before any refusal that follows it (and an old PBKDF2 hash the slow way).
    await verifyPaymentPassword(ctx, wallet, input.paymentPassword);
    if (refusal) throw transferErrors.fromRefusal(refusal);
    if (!split) throw insufficientFunds();
  }

  const id = newId();
  const done: TransferRow = {
    id,
    receiptNo: `T${today.replace(/-/g, "")}${randomDigits(10)}`,
    bindingId: c.b_id,
    senderWalletId: c.w_id,
    recipientWalletId: c.r_id,
    senderPersonId: c.person_id!,
    recipientPersonId: c.r_person,
    amountFen: input.amountFen,
    fromOwnFen: split!.ownFen,
    fromReceivedFen: split!.receivedFen,
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
  const notice = {
    userId: c.r_manager!,
    kind: "transfer.received",
    title: "您收到一笔共济转账",
    body: `${c.sender_name} 向您转账 ${formatFen(input.amountFen)}，请在次日06:00前接受`,
    // name and amountFen let the inbox write the body in the reader's language.
    data: { transferId: id, name: c.sender_name, amountFen: input.amountFen },
  };
  const receipt = receiptOf(
    done,
    { sender: c.sender_name ?? "*", recipient: c.r_name ?? "*" },
    [{ status: "pending", at: now.toISOString() }],
    [c.w_id!],
  );
  const postings = [{ accountId: pools.transfersInFlight(), amount: input.amountFen }];
  if (done.fromOwnFen) postings.push({ accountId: own, amount: -done.fromOwnFen });
  if (done.fromReceivedFen) postings.push({ accountId: received, amount: -done.fromReceivedFen });
  const posted = sql`exists (select 1 from jt)`;
  let r: Awaited<ReturnType<typeof post>>;
  try {
    r = await post(
      ctx.db,
      { kind: "transfer_hold", reference: id, businessAt: now, metadata: { counterparties: { [c.w_id!]: c.r_name ?? "*" } } },
      postings,
      {
        locked: read,
        lockIn: true,
        before: pin ? pin.ctes : [],
        when: pin ? pin.ok : undefined,
        after: [
          sql`tr as (insert into transfers ${insertColumns} select ${insertValues(done)} from jt)`,
          sql`ev as (insert into transfer_events (id, transfer_id, status, at, journal_transaction_id) select ${newId()}, ${id}, 'pending', ${now.toISOString()}::timestamptz, jt.id from jt)`,
          sql`au as (${auditInsertSql(
            now,
            {
              actorType: "user",
              actorId: userId,
              action: "transfer.create",
              subjectType: "transfer",
              subjectId: id,
              details: { amountFen: input.amountFen, fromOwnFen: done.fromOwnFen, fromReceivedFen: done.fromReceivedFen, crossProvince },
            },
            posted,
          )})`,
          sql`nt as (${noticeInsertSql(now, notice, posted)})`,
          sql`ik as (${idempotencySql.store(scope, idempotencyKey, requestHash, 201, receipt, posted)})`,
        ],
        select: pin ? pin.select : undefined,
      },
    );
  } catch (e) {
    if (isUniqueViolation(e, "transfers_one_pending_uq")) throw transferErrors.pending();
    // The same key committed by a parallel request meanwhile: nothing of this one was applied; a retry replays it.
    if (isUniqueViolation(e, "idempotency_keys_scope_key_pk")) throw requestInProgress();
    throw e;
  }
  if (pin) await pinOutcome(ctx, wallet, r.out);
  if (!r.posted) {
    if (r.stale) return null;
    throw new Error("transfer not posted");
  }
  await pushAfterCommit(ctx, [notice]);
  return { status: 201, body: receipt, replayed: false };
}

const insertColumns = sql`(id, receipt_no, binding_id, sender_wallet_id, recipient_wallet_id, sender_person_id, recipient_person_id, amount_fen,
      from_own_fen, from_received_fen, status, cross_province, sender_region_code, recipient_region_code, memo, created_at, business_date, expires_at, decided_at)`;

/** The values of a transfer row, as a select list (`insert … select <this> from …`). */
function insertValues(t: TransferRow) {
  const ts = (d: Date | null) => (d ? sql`${d.toISOString()}::timestamptz` : sql`null::timestamptz`);
  return sql`${t.id}::text, ${t.receiptNo}::text, ${t.bindingId}::text, ${t.senderWalletId}::text, ${t.recipientWalletId}::text, ${t.senderPersonId}::text, ${t.recipientPersonId}::text, ${t.amountFen}::bigint,
      ${t.fromOwnFen}::bigint, ${t.fromReceivedFen}::bigint, ${t.status}::text, ${t.crossProvince}::boolean, ${t.senderRegionCode}::text, ${t.recipientRegionCode}::text, ${t.memo}::text,
      ${ts(t.createdAt)}, ${t.businessDate}::text, ${ts(t.expiresAt)}, ${ts(t.decidedAt)}`;
}
