import { sql } from "drizzle-orm";
import type { Ctx } from "@/ctx";
import type { DbOrTx } from "@/db/client";
import { newId } from "@/lib/ids";
import { formatFen } from "@/lib/money";
import { DomainError, errors } from "@/lib/problem";
import { rowsOf } from "@/lib/rows";
import { auditInsertSql } from "@/modules/audit/audit.service";
import { pools } from "@/modules/ledger/ledger.accounts";
import { post, type Posting } from "@/modules/ledger/ledger.service";
import { noticeInsertSql, pushAfterCommit } from "@/modules/notifications/notifications.service";
import { gated } from "@/modules/platform/admission";
import { transferErrors } from "./transfers.errors";
import { factsReceipt, transferFacts, transferFromJson, type TransferFacts } from "./transfers.view";

type Outcome = "succeeded" | "declined" | "returned";
type Actor = { type: "user" | "system" | "region"; id: string };

const NOTICE: Record<Outcome, (amount: string) => [string, string]> = {
  succeeded: (a) => ["转账已到账", `您的 ${a} 共济转账已被对方接收`],
  declined: (a) => ["转账被拒收", `对方拒收了您的 ${a} 转账，资金已退回`],
  returned: (a) => ["转账已退回", `对方未在规定时间内确认，${a} 已退回您的医保钱包`],
};

/** What leaves the in-flight account, and where it goes. */
function outcomePostings(f: TransferFacts, outcome: Outcome): { postings: Posting[]; counterparties: Record<string, string> } {
  const t = f.t;
  const inFlight: Posting = { accountId: pools.transfersInFlight(), amount: -t.amountFen };
  if (outcome === "succeeded") {
    const postings = [inFlight, { accountId: f.recipientReceived, amount: t.amountFen }];
    if (t.senderRegionCode !== t.recipientRegionCode) {
      // The sender's region owes the recipient's region: both sides of the pair, so it still sums to zero.
      postings.push(
        { accountId: pools.clearing(t.senderRegionCode, t.recipientRegionCode), amount: t.amountFen },
        { accountId: pools.clearing(t.recipientRegionCode, t.senderRegionCode), amount: -t.amountFen },
      );
    }
    return { postings, counterparties: { [t.recipientWalletId]: f.senderName } };
  }
  const postings = [inFlight];
  if (t.fromOwnFen) postings.push({ accountId: f.senderOwn, amount: t.fromOwnFen });
  if (t.fromReceivedFen) postings.push({ accountId: f.senderReceived, amount: t.fromReceivedFen });
  return { postings, counterparties: { [t.senderWalletId]: f.recipientName } };
}

/**
 * Moves a pending transfer to its outcome exactly once — the one implementation of accept, decline and
 * return. One statement: the conditional update claims the row (racing accepts, declines and expiries
 * find it no longer pending and write nothing), the money leaves the in-flight account through the
 * ledger, and the event, the audit row and the sender's notice are written. Null when it was no longer
 * pending.
 */
async function finish(ctx: Ctx, f: TransferFacts, outcome: Outcome, actor: Actor, note?: string): Promise<TransferFacts | null> {
  const now = ctx.clock.now();
  const nowTs = sql`${now.toISOString()}::timestamptz`;
  const t = f.t;
  const { postings, counterparties } = outcomePostings(f, outcome);
  const kind = outcome === "succeeded" ? "transfer_in" : outcome === "declined" ? "transfer_declined" : "transfer_returned";
  const [title, body] = NOTICE[outcome](formatFen(t.amountFen));
  const notice = { userId: f.senderManager, kind: `transfer.${outcome}`, title, body, data: { transferId: t.id, amountFen: t.amountFen } };
  const claimed = sql`exists (select 1 from cl)`;
  const r = await post(ctx.db, { kind, reference: t.id, businessAt: now, metadata: { counterparties } }, postings, {
    before: [
      sql`cl as (update transfers set status = ${outcome}, decided_at = ${nowTs} where id = ${t.id} and status = 'pending' returning *)`,
    ],
    when: claimed,
    after: [
      sql`ev as (insert into transfer_events (id, transfer_id, status, at, journal_transaction_id, note) select ${newId()}, ${t.id}, ${outcome}, ${nowTs}, jt.id, ${note ?? null}::text from jt)`,
      sql`au as (${auditInsertSql(now, { actorType: actor.type, actorId: actor.id, action: `transfer.${outcome}`, subjectType: "transfer", subjectId: t.id, details: { amountFen: t.amountFen, note } }, claimed)})`,
      sql`nt as (${noticeInsertSql(now, notice, claimed)})`,
    ],
    select: sql`(select to_jsonb(cl) from cl) as row`,
  });
  if (!r.posted) return null;
  await pushAfterCommit(ctx, [notice]);
  return {
    ...f,
    t: transferFromJson(r.out.row as Record<string, unknown>),
    history: [...f.history, { status: outcome, at: now.toISOString() }],
  };
}

/** Returns transfers past their deadline; a refusal (a closed sender wallet) is logged and left for later. */
async function returnAll(ctx: Ctx, due: TransferFacts[], actor: Actor, note?: string): Promise<number> {
  let n = 0;
  for (const f of due) {
    try {
      if (await finish(ctx, f, "returned", actor, note)) n++;
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      ctx.log.warn("transfer not returned", { transferId: f.t.id, code: e.code });
    }
  }
  return n;
}

/** The recipient (or the guardian managing the recipient's wallet) accepts or declines. */
export async function decideTransfer(ctx: Ctx, userId: string, id: string, decision: "accept" | "decline") {
  // Deciding finishes a transfer whose money is already held: it goes ahead of new transfers.
  return gated(ctx, () => decide(ctx, userId, id, decision), { priority: true });
}

async function decide(ctx: Ctx, userId: string, id: string, decision: "accept" | "decline") {
  // One read: the transfer, its parties and history, and the wallets this user manages.
  const [f] = await transferFacts(ctx.db, sql`t.id = ${id}`, sql``, userId);
  const mine = f ? f.mine! : await walletIdsOf(ctx.db, userId);
  if (!f || (!mine.includes(f.t.recipientWalletId) && !mine.includes(f.t.senderWalletId))) throw errors.notFound("转账", "transfer");
  if (!mine.includes(f.t.recipientWalletId)) throw errors.forbidden("只有收款人可以确认或拒收", "Only the recipient can accept or decline");
  if (f.t.status === "pending" && f.t.expiresAt <= ctx.clock.now()) {
    await returnAll(ctx, [f], { type: "system", id: "expiry" });
    throw transferErrors.notPending("returned");
  }
  if (f.t.status !== "pending") throw transferErrors.notPending(f.t.status);
  if (decision === "accept" && f.recipientStatus === "closed") throw transferErrors.walletNotActive("recipient");
  const done = await finish(ctx, f, decision === "accept" ? "succeeded" : "declined", { type: "user", id: userId });
  if (!done) {
    const [now] = await transferFacts(ctx.db, sql`t.id = ${id}`);
    throw transferErrors.notPending(now!.t.status);
  }
  return factsReceipt(done, mine);
}

/** Wallets a user acts for: their own and those they manage as a guardian. */
async function walletIdsOf(db: DbOrTx, userId: string): Promise<string[]> {
  return rowsOf<{ id: string }>(await db.execute(sql`select id from wallets where manager_user_id = ${userId}`)).map((r) => r.id);
}

/** Returns every pending transfer that has passed its 06:00 deadline (the job, and lazily on reads). */
export async function returnDueTransfers(ctx: Ctx, limit = 500): Promise<number> {
  const due = await transferFacts(
    ctx.db,
    sql`t.status = 'pending' and t.expires_at <= ${ctx.clock.now().toISOString()}::timestamptz`,
    sql`limit ${limit}`,
  );
  return returnAll(ctx, due, { type: "system", id: "expiry" });
}

/** Lazily settles what has expired around some wallets before they are read or pay (one query to find them). */
export async function settleExpiredFor(ctx: Ctx, walletIds: string | string[]): Promise<void> {
  const ids = Array.isArray(walletIds) ? walletIds : [walletIds];
  if (ids.length === 0) return;
  const due = await transferFacts(
    ctx.db,
    sql`t.status = 'pending' and t.expires_at <= ${ctx.clock.now().toISOString()}::timestamptz and (t.sender_wallet_id in ${ids} or t.recipient_wallet_id in ${ids})`,
  );
  await returnAll(ctx, due, { type: "system", id: "expiry" });
}

/** When a person's insurance ends or moves, their pending transfers (either way) go back to the senders. */
export async function returnPendingOfPerson(
  ctx: Ctx,
  personId: string,
  actor: { type: "region"; id: string },
  note: string,
): Promise<number> {
  const due = await transferFacts(
    ctx.db,
    sql`t.status = 'pending' and (t.sender_person_id = ${personId} or t.recipient_person_id = ${personId})`,
  );
  return returnAll(ctx, due, actor, note);
}
