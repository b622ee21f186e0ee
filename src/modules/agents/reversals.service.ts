import { and, eq, inArray } from "drizzle-orm";
import type { AuthAgent } from "@/app-env";
import type { Ctx } from "@/ctx";
import type { DbOrTx, Tx } from "@/db/client";
import { newId } from "@/lib/ids";
import { formatFen } from "@/lib/money";
import { isUniqueViolation } from "@/lib/pg-errors";
import { DomainError, errors } from "@/lib/problem";
import { recordAudit } from "@/modules/audit/audit.service";
import { persons } from "@/modules/identity/identity.schema";
import { pools } from "@/modules/ledger/ledger.accounts";
import { balances, insufficientFunds, post } from "@/modules/ledger/ledger.service";
import { createNotifier } from "@/modules/notifications/notifications.service";
import { transferEvents, transfers } from "@/modules/transfers/transfers.schema";
import { walletById } from "@/modules/wallet/wallet.repo";
import { reversals } from "./agents.schema";
import {
  acceptTransactionId,
  entriesOf,
  findReversal,
  findTransfer,
  findTransferByReceipt,
  listReversalRows,
  type ReversalRow,
  type TransferRow,
} from "./reversals.repo";
import { cleanReason } from "./reason";

type Notifier = ReturnType<typeof createNotifier>;

function notSucceeded(status: string) {
  return new DomainError("TRANSFER_NOT_SUCCEEDED", 409, "只有已到账的转账可以冲正", "Only a succeeded transfer can be reversed", {
    transferStatus: status,
  });
}

function notPending() {
  return new DomainError("REVERSAL_NOT_PENDING", 409, "该冲正申请已处理", "The reversal was already decided");
}

function reversalDto(r: ReversalRow, amountFen: number | null, receiptNo: string | null = null) {
  return {
    id: r.id,
    transferId: r.transferId,
    receiptNo,
    status: r.status,
    reason: r.reason,
    amountFen,
    proposedBy: r.proposedBy,
    proposedAt: r.proposedAt.toISOString(),
    decidedBy: r.decidedBy,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    journalTransactionId: r.journalTransactionId,
  };
}

async function receivedFen(ctx: Ctx, walletId: string): Promise<number> {
  const w = await walletById(ctx.db, walletId);
  if (!w) return 0;
  return (await balances(ctx.db, [w.receivedAccountId])).get(w.receivedAccountId) ?? 0;
}

/** What identifies the transfer to reverse: its receipt number (回单号, what people read out) or its id. */
export interface TransferRef {
  transferId?: string;
  receiptNo?: string;
}

/** A receipt number as typed: spaces dropped, the letter upper-cased ("t 2026…" → "T2026…"). */
export function normalizeReceiptNo(raw: string): string {
  return raw.replace(/\s+/g, "").toUpperCase();
}

export const RECEIPT_NO = /^T\d{18}$/;

async function resolveTransfer(db: DbOrTx, ref: TransferRef): Promise<TransferRow> {
  const receiptNo = ref.receiptNo ? normalizeReceiptNo(ref.receiptNo) : "";
  const t = receiptNo ? await findTransferByReceipt(db, receiptNo) : ref.transferId ? await findTransfer(db, ref.transferId) : undefined;
  if (!t) {
    throw receiptNo
      ? new DomainError("NOT_FOUND", 404, `找不到回单号为 ${receiptNo} 的转账`, `No transfer has the receipt number ${receiptNo}`, {
          receiptNo,
        })
      : errors.notFound("转账", "transfer");
  }
  if (ref.transferId && ref.receiptNo && t.id !== ref.transferId) {
    throw new DomainError(
      "VALIDATION_FAILED",
      400,
      "转账编号与回单号不一致",
      "The transfer id and the receipt number name different transfers",
    );
  }
  return t;
}

/** The maker: an agent or supervisor asks to reverse a succeeded transfer, found by id or receipt number, with a reason. */
export async function proposeReversal(ctx: Ctx, agent: AuthAgent, ref: TransferRef | string, rawReason: string) {
  const reason = cleanReason(rawReason);
  const t = await resolveTransfer(ctx.db, typeof ref === "string" ? { transferId: ref } : ref);
  const transferId = t.id;
  if (t.status !== "succeeded") throw notSucceeded(t.status);
  // Checked again, under lock, when a supervisor approves; here it saves a doomed request.
  if ((await receivedFen(ctx, t.recipientWalletId)) < t.amountFen) throw insufficientFunds({ transferId });
  const now = ctx.clock.now();
  try {
    const row = await ctx.db.transaction(async (tx) => {
      const [r] = await tx
        .insert(reversals)
        .values({ id: newId(), transferId, status: "pending", reason, proposedBy: agent.agentId, proposedAt: now })
        .returning();
      await recordAudit(tx, now, {
        actorType: "agent",
        actorId: agent.agentId,
        action: "reversal.propose",
        subjectType: "reversal",
        subjectId: r!.id,
        details: { transferId, receiptNo: t.receiptNo, amountFen: t.amountFen, reason },
      });
      return r!;
    });
    return reversalDto(row, t.amountFen, t.receiptNo);
  } catch (e) {
    if (isUniqueViolation(e, "reversals_transfer_active_uq")) {
      throw new DomainError("REVERSAL_EXISTS", 409, "该转账已有冲正申请", "A reversal of this transfer is already open or done", {
        transferId,
        receiptNo: t.receiptNo,
      });
    }
    throw e;
  }
}

/**
 * The reversing journal transaction: the accept transaction's entries negated (recipient's received
 * funds back out, any clearing pair undone) plus the hold returned to the sender's own and received
 * funds as originally split. Entries on the same account are netted, so the in-flight account,
 * which the accept emptied, is not touched at all.
 */
async function reversingPostings(tx: Tx, t: TransferRow, acceptTxId: string) {
  const net = new Map<string, number>();
  const add = (acc: string, amount: number) => net.set(acc, (net.get(acc) ?? 0) + amount);
  for (const e of await entriesOf(tx, acceptTxId)) add(e.accountId, -e.amount);
  const sender = await walletById(tx, t.senderWalletId);
  if (!sender) throw new Error("reversal: sender wallet missing");
  add(pools.transfersInFlight(), -t.amountFen);
  if (t.fromOwnFen > 0) add(sender.ownAccountId, t.fromOwnFen);
  if (t.fromReceivedFen > 0) add(sender.receivedAccountId, t.fromReceivedFen);
  return [...net].filter(([, amount]) => amount !== 0).map(([accountId, amount]) => ({ accountId, amount }));
}

async function maskedNames(tx: Tx, ids: string[]) {
  const rows = await tx.select({ id: persons.id, maskedName: persons.maskedName }).from(persons).where(inArray(persons.id, ids));
  return new Map(rows.map((r) => [r.id, r.maskedName]));
}

async function applyReversal(tx: Tx, r: ReversalRow, now: Date): Promise<{ t: TransferRow; journalTransactionId: string }> {
  const t = await findTransfer(tx, r.transferId, true);
  if (!t) throw errors.notFound("转账", "transfer");
  if (t.status !== "succeeded") throw notSucceeded(t.status);
  const acceptTxId = await acceptTransactionId(tx, t.id);
  if (!acceptTxId)
    throw new DomainError("TRANSFER_LEDGER_MISSING", 409, "找不到该转账的入账记录", "The transfer's accept transaction was not found");
  const names = await maskedNames(tx, [t.senderPersonId, t.recipientPersonId]);
  const { transactionId } = await post(
    tx,
    {
      kind: "transfer_reversal",
      reference: t.id,
      reversesId: acceptTxId,
      businessAt: now,
      memo: `reversal ${r.id}`,
      metadata: {
        counterparties: {
          [t.senderWalletId]: `共济转账冲正 · ${names.get(t.recipientPersonId) ?? ""}`,
          [t.recipientWalletId]: `共济转账冲正 · ${names.get(t.senderPersonId) ?? ""}`,
        },
      },
    },
    await reversingPostings(tx, t, acceptTxId),
  );
  await tx
    .update(transfers)
    .set({ status: "reversed" })
    .where(and(eq(transfers.id, t.id), eq(transfers.status, "succeeded")));
  await tx
    .insert(transferEvents)
    .values({ id: newId(), transferId: t.id, status: "reversed", at: now, journalTransactionId: transactionId, note: `reversal ${r.id}` });
  return { t, journalTransactionId: transactionId };
}

/** The checker: a supervisor other than the proposer approves (posting the reversal) or rejects. */
export async function decideReversal(ctx: Ctx, agent: AuthAgent, id: string, decision: "approve" | "reject", note?: string) {
  const now = ctx.clock.now();
  const notifier = createNotifier(ctx);
  const out = await ctx.db.transaction(async (tx) => {
    const r = await findReversal(tx, id, true);
    if (!r) throw errors.notFound("冲正申请", "reversal");
    if (r.proposedBy === agent.agentId)
      throw errors.forbidden("冲正须由另一位主管审批", "A reversal must be decided by a supervisor other than its proposer");
    if (r.status !== "pending") throw notPending();
    const applied = decision === "approve" ? await applyReversal(tx, r, now) : null;
    const [row] = await tx
      .update(reversals)
      .set({
        status: decision === "approve" ? "approved" : "rejected",
        decidedBy: agent.agentId,
        decidedAt: now,
        decisionNote: note ?? null,
        journalTransactionId: applied?.journalTransactionId ?? null,
      })
      .where(eq(reversals.id, id))
      .returning();
    await recordAudit(tx, now, {
      actorType: "agent",
      actorId: agent.agentId,
      action: decision === "approve" ? "reversal.approve" : "reversal.reject",
      subjectType: "reversal",
      subjectId: id,
      details: { transferId: r.transferId, proposedBy: r.proposedBy, ...(note ? { note } : {}) },
    });
    if (applied) {
      await recordAudit(tx, now, {
        actorType: "agent",
        actorId: agent.agentId,
        action: "transfer.reversed",
        subjectType: "transfer",
        subjectId: r.transferId,
        details: { reversalId: id, amountFen: applied.t.amountFen, journalTransactionId: applied.journalTransactionId },
      });
      await notifyReversed(tx, notifier, applied.t);
    }
    return { row: row!, transfer: applied?.t ?? (await findTransfer(tx, r.transferId)) };
  });
  await notifier.flush();
  return reversalDto(out.row, out.transfer?.amountFen ?? null, out.transfer?.receiptNo ?? null);
}

/** Both sides learn of an approved reversal, in the same transaction as the reversal itself. */
async function notifyReversed(tx: Tx, notifier: Notifier, t: TransferRow) {
  const amount = formatFen(t.amountFen);
  const sides = [
    {
      walletId: t.senderWalletId,
      side: "payer",
      body: `您的共济转账（回单号 ${t.receiptNo}，${amount}）已由客服冲正，${amount} 已退回您的医保钱包。`,
    },
    {
      walletId: t.recipientWalletId,
      side: "payee",
      body: `您收到的共济转账（回单号 ${t.receiptNo}，${amount}）已由客服冲正，${amount} 已从您的亲属转入资金中退回付款方。`,
    },
  ] as const;
  for (const s of sides) {
    const w = await walletById(tx, s.walletId);
    if (!w) continue;
    await notifier.add(tx, {
      userId: w.managerUserId,
      kind: "transfer.reversed",
      title: "共济转账已冲正",
      body: s.body,
      data: { transferId: t.id, receiptNo: t.receiptNo, amountFen: t.amountFen, side: s.side },
    });
  }
}

type ReversalListRow = Awaited<ReturnType<typeof listReversalRows>>[number];

function listedDto(x: ReversalListRow) {
  return {
    ...reversalDto(x.r, x.amountFen, x.receiptNo),
    proposerUsername: x.proposer,
    deciderUsername: x.decider,
    transfer: x.receiptNo
      ? {
          receiptNo: x.receiptNo,
          createdAt: x.transferAt!.toISOString(),
          status: x.transferStatus!,
          payer: { personId: x.payerPersonId!, maskedName: x.payer ?? "" },
          payee: { personId: x.payeePersonId!, maskedName: x.payee ?? "" },
        }
      : null,
  };
}

export type ListedReversal = ReturnType<typeof listedDto>;

/** The approval list: each reversal with its transfer's receipt number, date, both parties (masked), proposer and reason. */
export async function listReversals(ctx: Ctx, status?: ReversalRow["status"]) {
  const rows = await listReversalRows(ctx.db, { status });
  return { items: rows.map(listedDto) };
}

export async function getReversal(ctx: Ctx, id: string) {
  const [x] = await listReversalRows(ctx.db, { id }, 1);
  if (!x) throw errors.notFound("冲正申请", "reversal");
  return listedDto(x);
}

/** What the proposer sees before asking: masked parties, amount and status of the transfer. */
export async function transferSummary(ctx: Ctx, ref: TransferRef) {
  const t = await resolveTransfer(ctx.db, ref);
  const names = await ctx.db
    .select({ id: persons.id, m: persons.maskedName })
    .from(persons)
    .where(inArray(persons.id, [t.senderPersonId, t.recipientPersonId]));
  const name = (id: string) => names.find((n) => n.id === id)?.m ?? "";
  return {
    id: t.id,
    receiptNo: t.receiptNo,
    amountFen: t.amountFen,
    status: t.status,
    from: name(t.senderPersonId),
    to: name(t.recipientPersonId),
    createdAt: t.createdAt,
  };
}
