import { asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { settlementFunding } from "./family.schema";

export type FundingRow = typeof settlementFunding.$inferSelect;

/**
 * A settlement's quota parts in the order charged, with their quota rows locked in id order before
 * any account is (the order a settlement takes them in), so refunds and draws never deadlock.
 */
export async function lockQuotaPartsOf(tx: DbOrTx, s: { id: string; fromQuotaFen: number }): Promise<FundingRow[]> {
  if (!s.fromQuotaFen) return [];
  const parts = await tx
    .select()
    .from(settlementFunding)
    .where(eq(settlementFunding.settlementId, s.id))
    .orderBy(asc(settlementFunding.seq));
  const ids = [...new Set(parts.map((p) => p.quotaId))].sort();
  await tx.execute(sql`select id from family_quotas where id in ${ids} order by id for update`);
  return parts;
}

/** What a refund returns of each quota part goes back on the part and on the quota of the year it was drawn in. */
export async function restoreQuotas(tx: DbOrTx, back: { part: FundingRow; amountFen: number }[]): Promise<void> {
  for (const { part, amountFen } of back) {
    await tx
      .update(settlementFunding)
      .set({ refundedFen: sql`${settlementFunding.refundedFen} + ${amountFen}` })
      .where(eq(settlementFunding.id, part.id));
    await tx.execute(sql`update family_quotas set used_fen = used_fen - ${amountFen} where id = ${part.quotaId}`);
  }
}
