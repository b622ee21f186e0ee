import { and, desc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";
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
  return db.select({ accountId: journalEntries.accountId, amount: journalEntries.amount }).from(journalEntries).where(eq(journalEntries.transactionId, transactionId));
}

const decider = alias(agentAccounts, "decider");

export async function listReversalRows(db: DbOrTx, status?: ReversalRow["status"], limit = 100) {
  return db
    .select({ r: reversals, amountFen: transfers.amountFen, proposer: agentAccounts.username, decider: decider.username })
    .from(reversals)
    .leftJoin(transfers, eq(transfers.id, reversals.transferId))
    .leftJoin(agentAccounts, eq(agentAccounts.id, reversals.proposedBy))
    .leftJoin(decider, eq(decider.id, reversals.decidedBy))
    .where(status ? eq(reversals.status, status) : undefined)
    .orderBy(desc(reversals.proposedAt), desc(reversals.id))
    .limit(limit);
}
