import { and, eq, lte, or, sql } from "drizzle-orm";
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
