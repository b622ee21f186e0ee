import { and, eq, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { users } from "@/modules/identity/identity.schema";
import { bindings } from "@/modules/relatives/relatives.schema";
import { wallets } from "./wallet.schema";

/**
 * The one rule of who may act for a wallet (show its e-code, decide its transfers, manage it): the
 * wallet's own person's user, or its manager while the guardian binding that made them its manager
 * (giver = guardian, relative = the wallet's person) is active. A guardian's powers end with the
 * binding: unbound, an insurance event, or the ward taking the wallet over (guardian flag cleared).
 */
function actsFor(userId: string) {
  const me = sql`(select ${users.personId} from ${users} where ${users.id} = ${userId})`;
  return or(
    eq(wallets.personId, me),
    and(
      eq(wallets.managerUserId, userId),
      sql`exists (select 1 from ${bindings} b where b.status = 'active' and b.guardian and b.giver_person_id = ${me} and b.relative_person_id = ${wallets.personId})`,
    ),
  )!;
}

export async function mayActForWallet(db: DbOrTx, userId: string, walletId: string): Promise<boolean> {
  const rows = await db
    .select({ id: wallets.id })
    .from(wallets)
    .where(and(eq(wallets.id, walletId), actsFor(userId)));
  return rows.length > 0;
}

/** The wallets the user manages and may still act for: their own, and their wards' while the binding lasts. */
export async function walletIdsActedForBy(db: DbOrTx, userId: string): Promise<string[]> {
  const rows = await db
    .select({ id: wallets.id })
    .from(wallets)
    .where(and(eq(wallets.managerUserId, userId), actsFor(userId)));
  return rows.map((r) => r.id);
}
