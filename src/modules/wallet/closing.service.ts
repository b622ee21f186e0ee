import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import { AdapterError } from "@/adapters/types";
import type { Ctx } from "@/ctx";
import type { DbOrTx, Tx } from "@/db/client";
import { newId } from "@/lib/ids";
import { formatFen } from "@/lib/money";
import { DomainError, errors } from "@/lib/problem";
import { rowsOf } from "@/lib/rows";
import { recordAudit } from "@/modules/audit/audit.service";
import { persons } from "@/modules/identity/identity.schema";
import { revealIdNumber } from "@/modules/identity/identity.service";
import { pools } from "@/modules/ledger/ledger.accounts";
import { lockAccounts, post, type Posting } from "@/modules/ledger/ledger.service";
import { createNotifier } from "@/modules/notifications/notifications.service";
import { regions } from "@/modules/relatives/relatives.schema";
import { transfers } from "@/modules/transfers/transfers.schema";
import { settleExpiredFor } from "@/modules/transfers/transfers.settle";
import { personalAccountReturns, walletClosures } from "./closing.schema";
import { verifyPaymentPassword } from "./password";
import { wallets } from "./wallet.schema";

/**
 * Closing a wallet that still holds money (the published rule, issue #24):
 * - own funds (the personal account's money) go back to the holder's personal account at the region's
 *   insurance core: a signed, idempotent outbound call, retried with the same id until the core confirms;
 * - received funds go back to the people who sent them, oldest accepted transfer first, each part to the
 *   sender's own funds as far as it came from them, the rest to their received funds; a sender whose
 *   wallet is closed gets the part on their personal account at their region core, the same way;
 * - closing is refused while anything is pending towards or from the wallet: a transfer waiting to be
 *   accepted, a reversal awaiting approval, a medical payment that may still be refunded.
 * Everything on the wallet's side is one database transaction through the ledger's one writer; the
 * outbound call comes after it commits, so a core that fails or times out leaves nothing half-applied
 * (the money waits in the region's in-transit account, `pool:personal_account_returns:<region>`).
 */

/** A medical payment may be refunded this long after it was made; until then the wallet cannot close. */
const REFUND_WINDOW_DAYS = 30;

export type CloseBlocker = "pending_transfers" | "pending_reversals" | "open_settlements";

const BLOCKER_TEXT: Record<CloseBlocker, { zh: string; en: string }> = {
  pending_transfers: { zh: "有待对方确认或待您确认的转账", en: "a transfer from or to the wallet is waiting to be accepted" },
  pending_reversals: { zh: "有待审批的冲正申请", en: "a reversal of one of its transfers awaits approval" },
  open_settlements: {
    zh: `${REFUND_WINDOW_DAYS} 天内的医药费结算仍可能退款`,
    en: `a medical payment of the last ${REFUND_WINDOW_DAYS} days may still be refunded`,
  },
};

function closeBlocked(reasons: CloseBlocker[]) {
  return new DomainError(
    "WALLET_CLOSE_BLOCKED",
    422,
    `暂时不能注销医保钱包：${reasons.map((r) => BLOCKER_TEXT[r].zh).join("；")}`,
    `The wallet cannot be closed yet: ${reasons.map((r) => BLOCKER_TEXT[r].en).join("; ")}`,
    { reasons },
  );
}

function alreadyClosed() {
  return new DomainError("WALLET_NOT_ACTIVE", 422, "医保钱包已注销", "The wallet is already closed");
}

function frozen() {
  return new DomainError(
    "WALLET_NOT_ACTIVE",
    422,
    "医保钱包已冻结，不能注销，请联系客服",
    "A frozen wallet cannot be closed; contact customer service",
    {
      frozen: true,
    },
  );
}

/** What stops the wallet from closing now (read in the caller's transaction when given one). */
async function closingBlockers(db: DbOrTx, walletId: string, now: Date): Promise<CloseBlocker[]> {
  const since = new Date(now.getTime() - REFUND_WINDOW_DAYS * 86_400_000).toISOString();
  const [r] = rowsOf<{ t: boolean; r: boolean; s: boolean }>(
    await db.execute(sql`select
      exists (select 1 from transfers where status = 'pending' and (sender_wallet_id = ${walletId} or recipient_wallet_id = ${walletId})) as t,
      exists (select 1 from reversals v join transfers x on x.id = v.transfer_id
        where v.status = 'pending' and (x.sender_wallet_id = ${walletId} or x.recipient_wallet_id = ${walletId})) as r,
      (exists (select 1 from settlements s where s.wallet_id = ${walletId} and s.status <> 'refunded' and s.created_at > ${since}::timestamptz)
        or exists (select 1 from settlement_funding f join settlements s on s.id = f.settlement_id
          where f.giver_wallet_id = ${walletId} and f.refunded_fen < f.amount_fen and s.created_at > ${since}::timestamptz)) as s`),
  );
  const out: CloseBlocker[] = [];
  if (r?.t) out.push("pending_transfers");
  if (r?.r) out.push("pending_reversals");
  if (r?.s) out.push("open_settlements");
  return out;
}

interface Incoming {
  transferId: string;
  receiptNo: string;
  amountFen: number;
  fromOwnFen: number;
  senderWalletId: string;
  senderPersonId: string;
  senderOwnAccountId: string;
  senderReceivedAccountId: string;
  senderManagerUserId: string;
  senderRegionCode: string;
  senderMaskedName: string;
}

/** Transfers the wallet accepted (and that were not reversed), oldest accepted first. */
async function incomingTransfers(db: DbOrTx, walletId: string): Promise<Incoming[]> {
  return db
    .select({
      transferId: transfers.id,
      receiptNo: transfers.receiptNo,
      amountFen: transfers.amountFen,
      fromOwnFen: transfers.fromOwnFen,
      senderWalletId: transfers.senderWalletId,
      senderPersonId: transfers.senderPersonId,
      senderOwnAccountId: wallets.ownAccountId,
      senderReceivedAccountId: wallets.receivedAccountId,
      senderManagerUserId: wallets.managerUserId,
      senderRegionCode: wallets.regionCode,
      senderMaskedName: persons.maskedName,
    })
    .from(transfers)
    .innerJoin(wallets, eq(wallets.id, transfers.senderWalletId))
    .innerJoin(persons, eq(persons.id, transfers.senderPersonId))
    .where(and(eq(transfers.recipientWalletId, walletId), eq(transfers.status, "succeeded")))
    .orderBy(asc(transfers.decidedAt), asc(transfers.id));
}

export interface SenderReturn {
  senderWalletId: string;
  maskedName: string;
  amountFen: number;
  toOwnFen: number;
  toReceivedFen: number;
  /** `wallet`: credited to the sender's wallet at once; `personal_account`: the sender's wallet is closed. */
  via: "wallet" | "personal_account";
  returnId: string | null;
  receiptNos: string[];
}

/** Received funds back to their senders, oldest accepted transfer first (pure; exported for tests). */
export function allocateReceived(receivedFen: number, incoming: Incoming[], closedWallets: Set<string>) {
  let left = receivedFen;
  const bySender = new Map<
    string,
    SenderReturn & { regionCode: string; personId: string; managerUserId: string; ownAccountId: string; receivedAccountId: string }
  >();
  for (const t of incoming) {
    if (left <= 0) break;
    const give = Math.min(left, t.amountFen);
    left -= give;
    const toOwn = Math.min(give, t.fromOwnFen);
    const s = bySender.get(t.senderWalletId) ?? {
      senderWalletId: t.senderWalletId,
      maskedName: t.senderMaskedName,
      amountFen: 0,
      toOwnFen: 0,
      toReceivedFen: 0,
      via: closedWallets.has(t.senderWalletId) ? ("personal_account" as const) : ("wallet" as const),
      returnId: null,
      receiptNos: [],
      regionCode: t.senderRegionCode,
      personId: t.senderPersonId,
      managerUserId: t.senderManagerUserId,
      ownAccountId: t.senderOwnAccountId,
      receivedAccountId: t.senderReceivedAccountId,
    };
    s.amountFen += give;
    s.toOwnFen += toOwn;
    s.toReceivedFen += give - toOwn;
    s.receiptNos.push(t.receiptNo);
    bySender.set(t.senderWalletId, s);
  }
  return { senders: [...bySender.values()], unattributedFen: left };
}

function unattributed(fen: number) {
  return new DomainError(
    "RECEIVED_FUNDS_UNTRACED",
    422,
    "部分共济资金无法对应到转出人，请联系客服注销钱包",
    "Part of the received funds cannot be traced to a sender; contact customer service to close the wallet",
    { amountFen: fen },
  );
}

/** Closes the holder's own wallet, sending whatever it holds back where it came from. */
/**
 * Whether the wallet may close, as far as can be told before the PIN: not closed, not frozen, and
 * nothing blocking (transfers waiting, a reversal awaiting approval, a payment still refundable).
 * The route and the chat hear this before the PIN is asked; closeWallet checks again under its locks.
 */
export async function requireClosable(ctx: Ctx, wallet: typeof wallets.$inferSelect): Promise<void> {
  await settleExpiredFor(ctx, wallet.id);
  if (wallet.status === "closed") throw alreadyClosed();
  if (wallet.status === "frozen") throw frozen();
  const early = await closingBlockers(ctx.db, wallet.id, ctx.clock.now());
  if (early.length) throw closeBlocked(early);
}

export async function closeWallet(ctx: Ctx, userId: string, wallet: typeof wallets.$inferSelect, maskedName: string, pin: string) {
  await requireClosable(ctx, wallet);
  await verifyPaymentPassword(ctx, wallet, pin);
  const now = ctx.clock.now();
  const candidates = await incomingTransfers(ctx.db, wallet.id);
  const notifier = createNotifier(ctx);
  const closureId = newId();

  await ctx.db.transaction(async (tx) => {
    // Every account the closing may touch, locked in id order (the one order, so no deadlocks). Money
    // moving into or out of this wallet takes these locks too, so from here its balances, its pending
    // transfers and its accepted transfers stay as read.
    const lockIds = [wallet.ownAccountId, wallet.receivedAccountId];
    for (const t of candidates) lockIds.push(t.senderOwnAccountId, t.senderReceivedAccountId);
    const locked = await lockAccounts(tx, lockIds);
    const [w] = await tx
      .update(wallets)
      .set({ status: "closed", closedAt: now, statusReason: "closed by holder" })
      .where(and(eq(wallets.id, wallet.id), eq(wallets.status, "active")))
      .returning({ id: wallets.id });
    if (!w) {
      const [cur] = await tx.select({ status: wallets.status }).from(wallets).where(eq(wallets.id, wallet.id));
      throw cur?.status === "frozen" ? frozen() : alreadyClosed();
    }
    const blockers = await closingBlockers(tx, wallet.id, now);
    if (blockers.length) throw closeBlocked(blockers);
    const incoming = await incomingTransfers(tx, wallet.id);
    // A transfer accepted between the first read and the lock, from a sender not locked: try again.
    if (incoming.some((t) => !locked.has(t.senderOwnAccountId) || !locked.has(t.senderReceivedAccountId))) throw errors.busy();

    const ownFen = locked.get(wallet.ownAccountId)!.balance;
    const receivedFen = locked.get(wallet.receivedAccountId)!.balance;
    const closedSenders = new Set(incoming.filter((t) => locked.get(t.senderOwnAccountId)!.closed).map((t) => t.senderWalletId));
    const { senders, unattributedFen } = allocateReceived(receivedFen, incoming, closedSenders);
    if (unattributedFen > 0) throw unattributed(unattributedFen);

    const postings = new Map<string, number>();
    const add = (accountId: string, amount: number) => {
      if (amount !== 0) postings.set(accountId, (postings.get(accountId) ?? 0) + amount);
    };
    const returns: (typeof personalAccountReturns.$inferInsert)[] = [];
    const newReturn = (personId: string, reason: "wallet_closed" | "received_return", regionCode: string, amountFen: number) => {
      const id = newId();
      returns.push({ id, closureId, personId, reason, regionCode, amountFen, status: "pending", nextAttemptAt: now, createdAt: now });
      return id;
    };
    if (ownFen > 0) {
      add(wallet.ownAccountId, -ownFen);
      add(pools.personalAccountReturns(wallet.regionCode), ownFen);
      newReturn(wallet.personId, "wallet_closed", wallet.regionCode, ownFen);
    }
    const counterparties: Record<string, string> = { [wallet.id]: "钱包注销退回" };
    if (receivedFen > 0) add(wallet.receivedAccountId, -receivedFen);
    for (const s of senders) {
      counterparties[s.senderWalletId] = maskedName;
      if (s.via === "wallet") {
        add(s.ownAccountId, s.toOwnFen);
        add(s.receivedAccountId, s.toReceivedFen);
      } else {
        add(pools.personalAccountReturns(s.regionCode), s.amountFen);
        s.returnId = newReturn(s.personId, "received_return", s.regionCode, s.amountFen);
      }
    }
    const list: Posting[] = [...postings].filter(([, a]) => a !== 0).map(([accountId, amount]) => ({ accountId, amount }));
    let journalTransactionId: string | null = null;
    if (list.length) {
      const r = await post(tx, { kind: "wallet_closing", reference: closureId, businessAt: now, metadata: { counterparties } }, list, {
        locked,
      });
      journalTransactionId = r.transactionId;
    }
    const senderReturns = senders.map(({ senderWalletId, maskedName, amountFen, toOwnFen, toReceivedFen, via, returnId, receiptNos }) => ({
      senderWalletId,
      maskedName,
      amountFen,
      toOwnFen,
      toReceivedFen,
      via,
      returnId,
      receiptNos,
    }));
    await tx.insert(walletClosures).values({
      id: closureId,
      walletId: wallet.id,
      personId: wallet.personId,
      closedByUserId: userId,
      closedAt: now,
      ownFen,
      receivedFen,
      journalTransactionId,
      senderReturns,
    });
    if (returns.length) await tx.insert(personalAccountReturns).values(returns);
    for (const s of senders) {
      await notifier.add(tx, {
        userId: s.managerUserId,
        kind: "wallet.closing_return",
        title: "共济资金退回",
        body:
          s.via === "wallet"
            ? `${maskedName}注销了医保钱包，您转给对方的 ${formatFen(s.amountFen)} 已退回您的钱包`
            : `${maskedName}注销了医保钱包，您转给对方的 ${formatFen(s.amountFen)} 将退回您的个人账户`,
        data: { closureId, amountFen: s.amountFen, via: s.via },
      });
    }
    await recordAudit(tx, now, {
      actorType: "user",
      actorId: userId,
      action: "wallet.close",
      subjectType: "wallet",
      subjectId: wallet.id,
      details: { closureId, ownFen, receivedFen, senders: senders.length, returns: returns.length },
    });
  });
  await notifier.flush();
  // The first attempt at once; what fails is retried by the personal-account-returns job.
  await deliverReturns(ctx, { closureId });
  return closureView(ctx.db, closureId);
}

/**
 * Money owed to a closed wallet's holder after it closed (a refund of a payment it funded): it goes
 * where the wallet's own funds went, to the holder's personal account at the region core, through the
 * same outbox. Inside the caller's transaction: the caller posts the amount to the returned account
 * (the region's in-transit account) in the same journal transaction; the call goes out after commit
 * (`deliverReturns`, or the retry job). Null when the wallet has no closure record to attach it to.
 */
export async function owedToClosedWallet(
  tx: DbOrTx,
  w: { id: string; personId: string; regionCode: string },
  amountFen: number,
  now: Date,
): Promise<{ accountId: string; returnId: string; closureId: string } | null> {
  const [c] = await tx.select({ id: walletClosures.id }).from(walletClosures).where(eq(walletClosures.walletId, w.id));
  if (!c) return null;
  const returnId = newId();
  await tx.insert(personalAccountReturns).values({
    id: returnId,
    closureId: c.id,
    personId: w.personId,
    reason: "refund_return",
    regionCode: w.regionCode,
    amountFen,
    status: "pending",
    nextAttemptAt: now,
    createdAt: now,
  });
  return { accountId: pools.personalAccountReturns(w.regionCode), returnId, closureId: c.id };
}

/** 1 min, 2, 4 … up to an hour between attempts. */
const MAX_BACKOFF_MS = 3_600_000;

/**
 * Sends due returns to the region cores: each is claimed (its next attempt pushed back) before the call,
 * so two runners do not call at once; a repeat call would be harmless anyway, the core credits an id
 * once. A confirmation books the money from the in-transit account into the region's fund, once.
 */
export async function deliverReturns(ctx: Ctx, filter: { closureId?: string; limit?: number } = {}): Promise<number> {
  const now = ctx.clock.now();
  const due = await ctx.db
    .select({ id: personalAccountReturns.id })
    .from(personalAccountReturns)
    .where(
      and(
        eq(personalAccountReturns.status, "pending"),
        lte(personalAccountReturns.nextAttemptAt, now),
        filter.closureId ? eq(personalAccountReturns.closureId, filter.closureId) : undefined,
      ),
    )
    .orderBy(asc(personalAccountReturns.nextAttemptAt))
    .limit(filter.limit ?? 50);
  let done = 0;
  for (const { id } of due) {
    const [r] = await ctx.db
      .update(personalAccountReturns)
      .set({
        attempts: sql`${personalAccountReturns.attempts} + 1`,
        // 1 min × 2^attempts, capped, computed from the row's count in the claiming statement.
        nextAttemptAt: sql`${now.toISOString()}::timestamptz + make_interval(secs => least(${MAX_BACKOFF_MS / 1000}, 60 * power(2, ${personalAccountReturns.attempts})))`,
      })
      .where(
        and(
          eq(personalAccountReturns.id, id),
          eq(personalAccountReturns.status, "pending"),
          lte(personalAccountReturns.nextAttemptAt, now),
        ),
      )
      .returning();
    if (!r) continue;
    const [person] = await ctx.db.select().from(persons).where(eq(persons.id, r.personId));
    try {
      if (!person) throw new AdapterError("region-core", "person missing", "rejected");
      const { coreReference } = await ctx.adapters.regionCore.returnToPersonalAccount({
        returnId: r.id,
        regionCode: r.regionCode,
        idNumber: await revealIdNumber(ctx, person),
        amountFen: r.amountFen,
        // To the core a refund owed after closing is the holder's money like the rest (its contract is unchanged).
        reason: r.reason === "refund_return" ? "wallet_closed" : r.reason,
      });
      await confirmReturn(ctx, r, coreReference);
      done++;
    } catch (e) {
      if (e instanceof AdapterError && e.kind === "rejected") {
        await rejectReturn(ctx, r, e.message);
        done++;
        continue;
      }
      const error = e instanceof Error ? e.message.slice(0, 200) : "failed";
      ctx.log.warn("personal-account return not confirmed; will retry", { returnId: r.id, attempts: r.attempts, error });
      await ctx.db.update(personalAccountReturns).set({ lastError: error }).where(eq(personalAccountReturns.id, r.id));
    }
  }
  return done;
}

type ReturnRow = typeof personalAccountReturns.$inferSelect;

async function confirmReturn(ctx: Ctx, r: ReturnRow, coreReference: string) {
  const now = ctx.clock.now();
  const transactionId = newId();
  await ctx.db.transaction(async (tx: Tx) => {
    // Claimed in the posting's own statement: a second confirmation finds it no longer pending and posts nothing.
    await post(
      tx,
      { kind: "personal_account_return", reference: r.id, businessAt: now, metadata: { coreReference } },
      [
        { accountId: pools.personalAccountReturns(r.regionCode), amount: -r.amountFen },
        { accountId: pools.personalAccountFund(r.regionCode), amount: r.amountFen },
      ],
      {
        transactionId,
        before: [
          sql`cl as (update personal_account_returns set status = 'confirmed', decided_at = ${now.toISOString()}::timestamptz,
            core_reference = ${coreReference}, last_error = null, journal_transaction_id = ${transactionId}
            where id = ${r.id} and status = 'pending' returning id)`,
        ],
        when: sql`exists (select 1 from cl)`,
      },
    );
    await recordAudit(tx, now, {
      actorType: "system",
      actorId: "personal-account-returns",
      action: "personal_account_return.confirmed",
      subjectType: "personal_account_return",
      subjectId: r.id,
      details: { amountFen: r.amountFen, regionCode: r.regionCode, coreReference },
    });
  });
}

async function rejectReturn(ctx: Ctx, r: ReturnRow, error: string) {
  const now = ctx.clock.now();
  // The money stays in the region's in-transit account until an agent settles it with the core.
  ctx.log.error("personal-account return refused by the region core; needs an agent", { returnId: r.id, error });
  await ctx.db.transaction(async (tx) => {
    const [x] = await tx
      .update(personalAccountReturns)
      .set({ status: "rejected", decidedAt: now, lastError: error.slice(0, 200) })
      .where(and(eq(personalAccountReturns.id, r.id), eq(personalAccountReturns.status, "pending")))
      .returning({ id: personalAccountReturns.id });
    if (!x) return;
    await recordAudit(tx, now, {
      actorType: "system",
      actorId: "personal-account-returns",
      action: "personal_account_return.rejected",
      subjectType: "personal_account_return",
      subjectId: r.id,
      details: { amountFen: r.amountFen, regionCode: r.regionCode, error: error.slice(0, 200) },
    });
  });
}

/** Where each part of a closed wallet's money went, for the holder. */
async function closureView(db: DbOrTx, closureId: string) {
  const [c] = await db.select().from(walletClosures).where(eq(walletClosures.id, closureId));
  if (!c) throw errors.notFound("注销记录", "closure");
  const rets = await db.select().from(personalAccountReturns).where(eq(personalAccountReturns.closureId, closureId));
  const codes = [...new Set(rets.map((r) => r.regionCode))];
  const names = new Map(
    codes.length
      ? (await db.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, codes))).map((r) => [
          r.code,
          r.name,
        ])
      : [],
  );
  const byId = new Map(rets.map((r) => [r.id, r]));
  const own = rets.find((r) => r.reason === "wallet_closed") ?? null;
  const status = (r: ReturnRow) => ({
    status: r.status,
    confirmedAt: r.status === "confirmed" ? (r.decidedAt?.toISOString() ?? null) : null,
  });
  return {
    id: c.id,
    closedAt: c.closedAt.toISOString(),
    ownFen: c.ownFen,
    receivedFen: c.receivedFen,
    personalAccount: own
      ? { amountFen: own.amountFen, regionCode: own.regionCode, regionName: names.get(own.regionCode) ?? own.regionCode, ...status(own) }
      : null,
    senders: (c.senderReturns as SenderReturn[]).map((s) => {
      const r = s.returnId ? byId.get(s.returnId) : undefined;
      return {
        maskedName: s.maskedName,
        amountFen: s.amountFen,
        via: s.via,
        receiptNos: s.receiptNos,
        ...(r ? status(r) : { status: "confirmed" as const, confirmedAt: c.closedAt.toISOString() }),
      };
    }),
  };
}

export async function closureOfWallet(db: DbOrTx, walletId: string) {
  const [c] = await db.select({ id: walletClosures.id }).from(walletClosures).where(eq(walletClosures.walletId, walletId));
  return c ? closureView(db, c.id) : null;
}
