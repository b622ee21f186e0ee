import { sql } from "drizzle-orm";
import type { Ctx } from "@/ctx";
import { errors } from "@/lib/problem";
import { type TransferStatus, walletIdsManagedBy } from "./transfers.repo";
import { settleExpiredFor } from "./transfers.settle";
import { factsReceipt, listReceipts, transferFacts } from "./transfers.view";

/** One transfer of a wallet the user manages, settled first if its time has run out. */
export async function transferReceipt(ctx: Ctx, userId: string, id: string) {
  const mine = await walletIdsManagedBy(ctx.db, userId);
  let [f] = await transferFacts(ctx.db, sql`t.id = ${id}`);
  if (!f || (!mine.includes(f.t.senderWalletId) && !mine.includes(f.t.recipientWalletId))) throw errors.notFound("转账", "transfer");
  if (f.t.status === "pending" && f.t.expiresAt <= ctx.clock.now()) {
    await settleExpiredFor(ctx, f.t.senderWalletId);
    [f] = await transferFacts(ctx.db, sql`t.id = ${id}`);
  }
  return factsReceipt(f!, mine);
}

/**
 * A page of the user's transfers in a constant number of queries whatever the page size: the wallets,
 * what is overdue around them (returned first, usually nothing), and the page with names and history.
 */
export async function transferReceipts(
  ctx: Ctx,
  userId: string,
  q: { direction?: "in" | "out"; status?: TransferStatus; cursor?: string; limit: number },
) {
  const mine = await walletIdsManagedBy(ctx.db, userId);
  await settleExpiredFor(ctx, mine);
  return listReceipts(ctx.db, mine, q);
}
