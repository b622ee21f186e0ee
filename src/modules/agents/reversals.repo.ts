import { and, desc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";
import { persons } from "@/modules/identity/identity.schema";
import { journalEntries } from "@/modules/ledger/ledger.schema";
import { transferEvents, transfers } from "@/modules/transfers/transfers.schema";
import { agentAccounts, reversals } from "./agents.schema";

export type ReversalRow = typeof reversals.$inferSelect;
export type TransferRow = typeof transfers.$inferSelect;

export async function findTransfer(db: DbOrTx, id: string, lock = false): Promise<TransferRow | undefined> {
  const q = db.select().from(transfers).where(eq(transfers.id, id));
  const [row] = lock ? await q.for("update") : await q;
  return row;
}

/** By the receipt number (回单号) every screen and every user's receipt shows. */
export async function findTransferByReceipt(db: DbOrTx, receiptNo: string): Promise<TransferRow | undefined> {
  const [row] = await db.select().from(transfers).where(eq(transfers.receiptNo, receiptNo));
  return row;
}

export async function findReversal(db: DbOrTx, id: string, lock = false): Promise<ReversalRow | undefined> {
  const q = db.select().from(reversals).where(eq(reversals.id, id));
  const [row] = lock ? await q.for("update") : await q;
  return row;
}

/** The journal transaction that credited the recipient when the transfer was accepted. */
export async function acceptTransactionId(db: DbOrTx, transferId: string): Promise<string | null> {
  const [ev] = await db
    .select({ tx: transferEvents.journalTransactionId })
    .from(transferEvents)
    .where(and(eq(transferEvents.transferId, transferId), eq(transferEvents.status, "succeeded")))
    .orderBy(desc(transferEvents.at))
    .limit(1);
  return ev?.tx ?? null;
}

export async function entriesOf(db: DbOrTx, transactionId: string) {
  return db
    .select({ accountId: journalEntries.accountId, amount: journalEntries.amount })
    .from(journalEntries)
    .where(eq(journalEntries.transactionId, transactionId));
}

const decider = alias(agentAccounts, "decider");
const payer = alias(persons, "payer");
const payee = alias(persons, "payee");

/** Reversals with what a checker needs beside them: the transfer, both parties (masked) and the agents' usernames. */
export async function listReversalRows(db: DbOrTx, q: { status?: ReversalRow["status"]; id?: string } = {}, limit = 100) {
  const conds = [q.status ? eq(reversals.status, q.status) : undefined, q.id ? eq(reversals.id, q.id) : undefined].filter(
    (c) => c !== undefined,
  );
  return db
    .select({
      r: reversals,
      amountFen: transfers.amountFen,
      receiptNo: transfers.receiptNo,
      transferAt: transfers.createdAt,
      transferStatus: transfers.status,
      payerPersonId: transfers.senderPersonId,
      payeePersonId: transfers.recipientPersonId,
      payer: payer.maskedName,
      payee: payee.maskedName,
      proposer: agentAccounts.username,
      decider: decider.username,
    })
    .from(reversals)
    .leftJoin(transfers, eq(transfers.id, reversals.transferId))
    .leftJoin(payer, eq(payer.id, transfers.senderPersonId))
    .leftJoin(payee, eq(payee.id, transfers.recipientPersonId))
    .leftJoin(agentAccounts, eq(agentAccounts.id, reversals.proposedBy))
    .leftJoin(decider, eq(decider.id, reversals.decidedBy))
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(reversals.proposedAt), desc(reversals.id))
    .limit(limit);
}
