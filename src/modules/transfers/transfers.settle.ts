import { and, eq, lte, or, sql } from "drizzle-orm";
import { rowsOf } from "@/lib/rows";
import { gated } from "@/modules/platform/admission";
import { receiptOf } from "./transfers.view";
import type { Ctx } from "@/ctx";
import type { Tx } from "@/db/client";
import { newId } from "@/lib/ids";
import { formatFen } from "@/lib/money";
import { errors } from "@/lib/problem";
import { recordAudit } from "@/modules/audit/audit.service";
import { findPerson } from "@/modules/identity/identity.repo";
import { pools } from "@/modules/ledger/ledger.accounts";
import { post, type Posting } from "@/modules/ledger/ledger.service";
import { createNotifier } from "@/modules/notifications/notifications.service";
import { walletById } from "@/modules/wallet/wallet.repo";
import { transferErrors } from "./transfers.errors";
import { transferById, walletIdsManagedBy, type TransferRow } from "./transfers.repo";
import { transferEvents, transfers } from "./transfers.schema";
import { transferDto } from "./transfers.view";

type Outcome = "succeeded" | "declined" | "returned";

/**
 * Moves a pending transfer to its outcome exactly once: the conditional update claims the row (racing
 * accepts, declines and expiries wait on its lock and then find it no longer pending), and the money
 * leaves the in-flight account in the same database transaction.
 */
async function settle(ctx: Ctx, tx: Tx, t: TransferRow, outcome: Outcome, actor: { type: "user" | "system" | "region"; id: string }, note?: string) {
  const now = ctx.clock.now();
  const claimed = await tx
    .update(transfers)
    .set({ status: outcome, decidedAt: now })
    .where(and(eq(transfers.id, t.id), eq(transfers.status, "pending")))
    .returning();
  if (claimed.length === 0) return null;
  const sender = (await walletById(tx, t.senderWalletId))!;
  const recipient = (await walletById(tx, t.recipientWalletId))!;
  const inFlight: Posting = { accountId: pools.transfersInFlight(), amount: -t.amountFen };
  let postings: Posting[];
  let counterparties: Record<string, string>;
  if (outcome === "succeeded") {
    const from = await findPerson(tx, t.senderPersonId);
    postings = [inFlight, { accountId: recipient.receivedAccountId, amount: t.amountFen }];
    if (t.senderRegionCode !== t.recipientRegionCode) {
      // The sender's region owes the recipient's region: both sides of the pair, so it still sums to zero.
      postings.push(
        { accountId: pools.clearing(t.senderRegionCode, t.recipientRegionCode), amount: t.amountFen },
        { accountId: pools.clearing(t.recipientRegionCode, t.senderRegionCode), amount: -t.amountFen },
      );
    }
    counterparties = { [recipient.id]: from?.maskedName ?? "*" };
  } else {
    const to = await findPerson(tx, t.recipientPersonId);
    postings = [inFlight];
    if (t.fromOwnFen) postings.push({ accountId: sender.ownAccountId, amount: t.fromOwnFen });
    if (t.fromReceivedFen) postings.push({ accountId: sender.receivedAccountId, amount: t.fromReceivedFen });
    counterparties = { [sender.id]: to?.maskedName ?? "*" };
  }
  const kind = outcome === "succeeded" ? "transfer_in" : outcome === "declined" ? "transfer_declined" : "transfer_returned";
  const { transactionId } = await post(tx, { kind, reference: t.id, businessAt: now, metadata: { counterparties } }, postings);
  await tx.insert(transferEvents).values({ id: newId(), transferId: t.id, status: outcome, at: now, journalTransactionId: transactionId, note: note ?? null });
  await recordAudit(tx, now, { actorType: actor.type, actorId: actor.id, action: `transfer.${outcome}`, subjectType: "transfer", subjectId: t.id, details: { amountFen: t.amountFen, note } });
  return { row: claimed[0]!, sender, recipient };
}

const NOTICE: Record<Outcome, (amount: string) => [string, string]> = {
  succeeded: (a) => ["转账已到账", `您的 ${a} 共济转账已被对方接收`],
  declined: (a) => ["转账被拒收", `对方拒收了您的 ${a} 转账，资金已退回`],
  returned: (a) => ["转账已退回", `对方未在规定时间内确认，${a} 已退回您的医保钱包`],
};

async function settleWithNotice(ctx: Ctx, t: TransferRow, outcome: Outcome, actor: { type: "user" | "system" | "region"; id: string }, note?: string) {
  const notifier = createNotifier(ctx);
  const done = await ctx.db.transaction(async (tx) => {
    const r = await settle(ctx, tx, t, outcome, actor, note);
    if (r) {
      const [title, body] = NOTICE[outcome](formatFen(t.amountFen));
      await notifier.add(tx, { userId: r.sender.managerUserId, kind: `transfer.${outcome}`, title, body, data: { transferId: t.id } });
    }
    return r;
  });
  await notifier.flush();
  return done;
}

/** The recipient (or the guardian managing the recipient's wallet) accepts or declines. */
export async function decideTransfer(ctx: Ctx, userId: string, id: string, decision: "accept" | "decline") {
  // Deciding finishes a transfer whose money is already held: it goes ahead of new transfers.
  return gated(ctx, async () => (decision === "accept" ? await acceptFast(ctx, userId, id) : null) ?? decideChecked(ctx, userId, id, decision), { priority: true });
}

async function decideChecked(ctx: Ctx, userId: string, id: string, decision: "accept" | "decline") {
  const t = await transferById(ctx.db, id);
  const mine = await walletIdsManagedBy(ctx.db, userId);
  if (!t || (!mine.includes(t.recipientWalletId) && !mine.includes(t.senderWalletId))) throw errors.notFound("转账", "transfer");
  if (!mine.includes(t.recipientWalletId)) throw errors.forbidden("只有收款人可以确认或拒收", "Only the recipient can accept or decline");
  if (t.status === "pending" && t.expiresAt <= ctx.clock.now()) {
    await settleWithNotice(ctx, t, "returned", { type: "system", id: "expiry" });
    throw transferErrors.notPending("returned");
  }
  if (t.status !== "pending") throw transferErrors.notPending(t.status);
  const done = await settleWithNotice(ctx, t, decision === "accept" ? "succeeded" : "declined", { type: "user", id: userId });
  if (!done) throw transferErrors.notPending((await transferById(ctx.db, id))!.status);
  return transferDto(ctx.db, done.row, mine);
}

/** Returns every pending transfer that has passed its 06:00 deadline (the job, and lazily on reads). */
export async function returnDueTransfers(ctx: Ctx, limit = 500): Promise<number> {
  const due = await ctx.db
    .select()
    .from(transfers)
    .where(and(eq(transfers.status, "pending"), lte(transfers.expiresAt, ctx.clock.now())))
    .limit(limit);
  let n = 0;
  for (const t of due) if (await settleWithNotice(ctx, t, "returned", { type: "system", id: "expiry" })) n++;
  return n;
}

/** Lazily settles what has expired around one wallet before it is read or pays. */
export async function settleExpiredFor(ctx: Ctx, walletId: string): Promise<void> {
  const due = await ctx.db
    .select()
    .from(transfers)
    .where(
      and(
        eq(transfers.status, "pending"),
        lte(transfers.expiresAt, ctx.clock.now()),
        or(eq(transfers.senderWalletId, walletId), eq(transfers.recipientWalletId, walletId)),
      ),
    );
  for (const t of due) await settleWithNotice(ctx, t, "returned", { type: "system", id: "expiry" });
}

/** When a person's insurance ends or moves, their pending transfers (either way) go back to the senders. */
export async function returnPendingOfPerson(ctx: Ctx, personId: string, actor: { type: "region"; id: string }, note: string): Promise<number> {
  const due = await ctx.db
    .select()
    .from(transfers)
    .where(and(eq(transfers.status, "pending"), sql`(${transfers.senderPersonId} = ${personId} or ${transfers.recipientPersonId} = ${personId})`));
  let n = 0;
  for (const t of due) if (await settleWithNotice(ctx, t, "returned", actor, note)) n++;
  return n;
}

interface AcceptContext {
  t: Record<string, unknown>;
  mine: string[];
  r_received: string | null;
  s_manager: string | null;
  s_name: string | null;
  r_name: string | null;
  history: { status: string; at: string }[];
}

/** A transfer row as to_jsonb gives it, with the types drizzle's select would have. */
function transferFromJson(j: Record<string, unknown>): TransferRow {
  const d = (v: unknown) => (v === null || v === undefined ? null : new Date(String(v)));
  return {
    id: String(j.id),
    receiptNo: String(j.receipt_no),
    bindingId: String(j.binding_id),
    senderWalletId: String(j.sender_wallet_id),
    recipientWalletId: String(j.recipient_wallet_id),
    senderPersonId: String(j.sender_person_id),
    recipientPersonId: String(j.recipient_person_id),
    amountFen: Number(j.amount_fen),
    fromOwnFen: Number(j.from_own_fen),
    fromReceivedFen: Number(j.from_received_fen),
    status: j.status as TransferRow["status"],
    crossProvince: Boolean(j.cross_province),
    senderRegionCode: String(j.sender_region_code),
    recipientRegionCode: String(j.recipient_region_code),
    memo: (j.memo as string | null) ?? null,
    createdAt: d(j.created_at)!,
    businessDate: String(j.business_date),
    expiresAt: d(j.expires_at)!,
    decidedAt: d(j.decided_at),
  };
}

/**
 * Accepting in two round trips: one read (the transfer, the wallets the user manages, both parties'
 * masked names and the history), then one statement that claims the transfer (only if still pending:
 * a racing decline or expiry finds it claimed), credits the recipient's received funds, books the
 * in-flight release and the clearing pair, and writes the event, the audit row and the sender's notice.
 * Null when the step-by-step path must answer (not found, not the recipient's, not pending, overdue).
 */
async function acceptFast(ctx: Ctx, userId: string, id: string) {
  const now = ctx.clock.now();
  const nowTs = sql`${now.toISOString()}::timestamptz`;
  const [c] = rowsOf<AcceptContext>(
    await ctx.db.execute(sql`
      select to_jsonb(t) as t,
        (select coalesce(jsonb_agg(w.id), '[]'::jsonb) from wallets w where w.manager_user_id = ${userId}) as mine,
        rw.received_account_id as r_received, sw.manager_user_id as s_manager,
        sp.masked_name as s_name, rp.masked_name as r_name,
        (select coalesce(jsonb_agg(jsonb_build_object('status', e.status, 'at', e.at) order by e.id), '[]'::jsonb) from transfer_events e where e.transfer_id = t.id) as history
      from transfers t
      left join wallets rw on rw.id = t.recipient_wallet_id
      left join wallets sw on sw.id = t.sender_wallet_id
      left join persons sp on sp.id = t.sender_person_id
      left join persons rp on rp.id = t.recipient_person_id
      where t.id = ${id}`),
  );
  if (!c || !c.r_received || !c.s_manager || !c.s_name || !c.r_name) return null;
  const t = transferFromJson(c.t);
  if (!c.mine.includes(t.recipientWalletId) || t.status !== "pending" || t.expiresAt <= now) return null;

  const inFlight = pools.transfersInFlight();
  const cross = t.senderRegionCode !== t.recipientRegionCode;
  const poolIds = cross ? [inFlight, pools.clearing(t.senderRegionCode, t.recipientRegionCode), pools.clearing(t.recipientRegionCode, t.senderRegionCode)] : [inFlight];
  const poolRows = sql.join(
    poolIds.map((p) => {
      const [, kind, a, b] = p.split(":");
      return sql`(${p}::text, ${kind}::text, ${a ?? null}::text, ${b ?? null}::text)`;
    }),
    sql`, `,
  );
  const txId = newId();
  const [e1, e2, e3, e4, eventId, auditId, noticeId] = [newId(), newId(), newId(), newId(), newId(), newId(), newId()];
  const [title, body] = NOTICE.succeeded(formatFen(t.amountFen));
  const notice = { userId: c.s_manager, kind: "transfer.succeeded", title, body, data: { transferId: t.id } };
  const clearingEntries = cross
    ? sql`union all select ${e3}, ${txId}, ${pools.clearing(t.senderRegionCode, t.recipientRegionCode)}, ${t.amountFen}::bigint, null::bigint, null::bigint, null::bigint, ${nowTs} from jt
          union all select ${e4}, ${txId}, ${pools.clearing(t.recipientRegionCode, t.senderRegionCode)}, ${-t.amountFen}::bigint, null, null, null, ${nowTs} from jt`
    : sql``;
  const [out] = rowsOf<{ row: Record<string, unknown> | null }>(
    await ctx.db.execute(sql`
      with cl as (
        update transfers set status = 'succeeded', decided_at = ${nowTs} where id = ${t.id} and status = 'pending' returning *
      ), pools as (
        insert into ledger_accounts (id, kind, mode, allow_negative, region_code, counterparty_region_code)
        select v.id, v.kind, 'pooled', true, case when v.kind = 'clearing' then v.a end, case when v.kind = 'clearing' then v.b end
        from (values ${poolRows}) as v(id, kind, a, b) where exists (select 1 from cl)
        on conflict do nothing
      ), upd as (
        update ledger_accounts a set balance = a.balance + ${t.amountFen}::bigint, version = a.version + 1
        where a.id = ${c.r_received} and exists (select 1 from cl)
        returning a.balance, a.version
      ), jt as (
        insert into journal_transactions (id, kind, reference, business_at, metadata)
        select ${txId}, 'transfer_in', ${t.id}, ${nowTs}, ${JSON.stringify({ counterparties: { [t.recipientWalletId]: c.s_name } })}::jsonb from cl
        returning id
      ), je as (
        insert into journal_entries (id, transaction_id, account_id, amount, balance_before, balance_after, account_version, business_at)
        select ${e1}, ${txId}, ${inFlight}, ${-t.amountFen}::bigint, null::bigint, null::bigint, null::bigint, ${nowTs} from jt
        union all select ${e2}, ${txId}, ${c.r_received}, ${t.amountFen}::bigint, upd.balance - ${t.amountFen}::bigint, upd.balance, upd.version, ${nowTs} from upd, jt
        ${clearingEntries}
      ), ev as (
        insert into transfer_events (id, transfer_id, status, at, journal_transaction_id, note) select ${eventId}, ${t.id}, 'succeeded', ${nowTs}, ${txId}, null from jt
      ), au as (
        insert into audit_log (id, at, actor_type, actor_id, action, subject_type, subject_id, details)
        select ${auditId}, ${nowTs}, 'user', ${userId}, 'transfer.succeeded', 'transfer', ${t.id}, jsonb_build_object('amountFen', ${t.amountFen}::bigint) from cl
      ), nt as (
        insert into notifications (id, user_id, kind, title, body, data, created_at)
        select ${noticeId}, ${notice.userId}, ${notice.kind}, ${notice.title}, ${notice.body}, ${JSON.stringify(notice.data)}::jsonb, ${nowTs} from cl
      )
      select (select to_jsonb(cl) from cl) as row`),
  );
  if (!out?.row) return null; // claimed by a racing decision meanwhile: the step-by-step path says so
  await ctx.adapters.notifier.push(notice).catch((e: unknown) => ctx.log.warn("push failed", { kind: notice.kind, error: String(e) }));
  const done = transferFromJson(out.row);
  const history = [...c.history.map((h) => ({ status: h.status, at: new Date(h.at).toISOString() })), { status: "succeeded", at: now.toISOString() }];
  return receiptOf(done, { sender: c.s_name, recipient: c.r_name }, history, c.mine);
}
