import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { rowsOf } from "@/lib/rows";
import { ledgerAccounts } from "@/modules/ledger/ledger.schema";
import { wallets } from "./wallet.schema";

export type WalletRow = typeof wallets.$inferSelect;

export async function walletByPerson(db: DbOrTx, personId: string): Promise<WalletRow | undefined> {
  const [w] = await db.select().from(wallets).where(eq(wallets.personId, personId));
  return w;
}

export async function walletById(db: DbOrTx, id: string): Promise<WalletRow | undefined> {
  const [w] = await db.select().from(wallets).where(eq(wallets.id, id));
  return w;
}

export interface WalletBalances {
  ownFen: number;
  receivedFen: number;
  heldFen: number;
  totalFen: number;
}

/** Own and received from the ledger; held = what pending transfers from this wallet keep in flight. */
export async function walletBalances(db: DbOrTx, w: WalletRow): Promise<WalletBalances> {
  const rows = rowsOf<{ own: string; received: string; held: string }>(
    await db.execute(sql`
      select
        (select balance from ${ledgerAccounts} where id = ${w.ownAccountId})::text as own,
        (select balance from ${ledgerAccounts} where id = ${w.receivedAccountId})::text as received,
        (select coalesce(sum(amount_fen), 0) from transfers where sender_wallet_id = ${w.id} and status = 'pending')::text as held`),
  );
  const r = rows[0]!;
  const ownFen = Number(r.own);
  const receivedFen = Number(r.received);
  const heldFen = Number(r.held);
  return { ownFen, receivedFen, heldFen, totalFen: ownFen + receivedFen + heldFen };
}

export async function setWalletStatus(db: DbOrTx, id: string, from: WalletRow["status"], to: WalletRow["status"], reason: string | null) {
  return db
    .update(wallets)
    .set({ status: to, statusReason: reason })
    .where(and(eq(wallets.id, id), eq(wallets.status, from)))
    .returning();
}
