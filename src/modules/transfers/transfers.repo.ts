import { and, asc, desc, eq, inArray, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { rowsOf } from "@/lib/rows";
import { walletIdsActedForBy } from "@/modules/wallet/wallet-powers";
import { transferEvents, transfers } from "./transfers.schema";

export type TransferRow = typeof transfers.$inferSelect;
export type TransferStatus = TransferRow["status"];

export async function transferById(db: DbOrTx, id: string): Promise<TransferRow | undefined> {
  const [t] = await db.select().from(transfers).where(eq(transfers.id, id));
  return t;
}

export async function eventsOf(db: DbOrTx, id: string) {
  return db.select().from(transferEvents).where(eq(transferEvents.transferId, id)).orderBy(asc(transferEvents.id));
}

/** Transfers created by this sender on a Beijing day: declined and returned ones count too. */
export async function countSentOn(db: DbOrTx, senderWalletId: string, businessDate: string): Promise<number> {
  const [r] = rowsOf<{ n: number }>(
    await db.execute(
      sql`select count(*)::int as n from ${transfers} where sender_wallet_id = ${senderWalletId} and business_date = ${businessDate}`,
    ),
  );
  return Number(r?.n ?? 0);
}

export async function pendingOf(db: DbOrTx, senderWalletId: string): Promise<TransferRow | undefined> {
  const [t] = await db
    .select()
    .from(transfers)
    .where(and(eq(transfers.senderWalletId, senderWalletId), eq(transfers.status, "pending")));
  return t;
}

/** Wallets a user acts for: their own and those they manage as a guardian. */
export async function walletIdsManagedBy(db: DbOrTx, userId: string): Promise<string[]> {
  return walletIdsActedForBy(db, userId);
}

export async function listTransfers(
  db: DbOrTx,
  walletIds: string[],
  q: { direction?: "in" | "out"; status?: TransferStatus; cursor?: string; limit: number },
): Promise<TransferRow[]> {
  if (walletIds.length === 0) return [];
  const side =
    q.direction === "in"
      ? inArray(transfers.recipientWalletId, walletIds)
      : q.direction === "out"
        ? inArray(transfers.senderWalletId, walletIds)
        : sql`(${inArray(transfers.recipientWalletId, walletIds)} or ${inArray(transfers.senderWalletId, walletIds)})`;
  const conds = [side];
  if (q.status) conds.push(eq(transfers.status, q.status));
  if (q.cursor) conds.push(lt(transfers.id, q.cursor));
  return db
    .select()
    .from(transfers)
    .where(and(...conds))
    .orderBy(desc(transfers.id))
    .limit(q.limit + 1);
}
