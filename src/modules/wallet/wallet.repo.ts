import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { rowsOf } from "@/lib/rows";
import { persons, users } from "@/modules/identity/identity.schema";
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
  return balancesOf(rows[0]!);
}

/** The balances a wallet shows, from its two sub-balances and what its pending transfers hold. */
export function balancesOf(r: { own: string | null; received: string | null; held: string | null }): WalletBalances {
  const ownFen = Number(r.own);
  const receivedFen = Number(r.received);
  const heldFen = Number(r.held);
  return { ownFen, receivedFen, heldFen, totalFen: ownFen + receivedFen + heldFen };
}

/**
 * Everything `GET /v1/wallet` shows, in one statement: the user's person and wallet, both
 * sub-balances, what pending transfers hold, and whether some pending transfer of the wallet is due to
 * be returned (then the caller takes the step-by-step path, which returns it first). Undefined when the
 * user does not exist; the wallet fields are null when there is no person or no wallet.
 */
export async function walletViewOfUser(db: DbOrTx, userId: string, now: Date) {
  const nowTs = sql`${now.toISOString()}::timestamptz`;
  const [r] = await db
    .select({
      personId: users.personId,
      insurance: persons.insurance,
      id: wallets.id,
      status: wallets.status,
      regionCode: wallets.regionCode,
      usageRegionCode: wallets.usageRegionCode,
      openedBy: wallets.openedBy,
      openedAt: wallets.openedAt,
      own: sql<string | null>`(select la.balance::text from ${ledgerAccounts} la where la.id = ${wallets.ownAccountId})`,
      received: sql<string | null>`(select la.balance::text from ${ledgerAccounts} la where la.id = ${wallets.receivedAccountId})`,
      held: sql<
        string | null
      >`(select coalesce(sum(t.amount_fen), 0)::text from transfers t where t.sender_wallet_id = ${wallets.id} and t.status = 'pending')`,
      due: sql<
        boolean | null
      >`exists (select 1 from transfers t where t.status = 'pending' and t.expires_at <= ${nowTs} and (t.sender_wallet_id = ${wallets.id} or t.recipient_wallet_id = ${wallets.id}))`,
    })
    .from(users)
    .leftJoin(persons, eq(persons.id, users.personId))
    .leftJoin(wallets, eq(wallets.personId, users.personId))
    .where(eq(users.id, userId));
  return r;
}

export async function setWalletStatus(db: DbOrTx, id: string, from: WalletRow["status"], to: WalletRow["status"], reason: string | null) {
  return db
    .update(wallets)
    .set({ status: to, statusReason: reason })
    .where(and(eq(wallets.id, id), eq(wallets.status, from)))
    .returning();
}
