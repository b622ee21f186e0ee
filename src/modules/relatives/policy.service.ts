import { and, desc, eq, lte } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { DomainError } from "@/lib/problem";
import { regionPolicies, regions } from "./relatives.schema";

export type PolicyRow = typeof regionPolicies.$inferSelect;
export type RegionRow = typeof regions.$inferSelect;

/** The region's policy in force on a Beijing date (the latest row whose start is not after it). */
export async function policyOnDate(db: DbOrTx, regionCode: string, date: string): Promise<PolicyRow | null> {
  const [row] = await db
    .select()
    .from(regionPolicies)
    .where(and(eq(regionPolicies.regionCode, regionCode), lte(regionPolicies.effectiveFrom, date)))
    .orderBy(desc(regionPolicies.effectiveFrom))
    .limit(1);
  return row ?? null;
}

export async function requirePolicy(db: DbOrTx, regionCode: string, date: string): Promise<PolicyRow> {
  const p = await policyOnDate(db, regionCode, date);
  if (!p) {
    throw new DomainError("REGION_NOT_LIVE", 422, "该统筹区尚未开通医保钱包共济", "Family mutual aid is not available in this region yet", {
      regionCode,
    });
  }
  return p;
}

export async function regionByCode(db: DbOrTx, code: string): Promise<RegionRow | undefined> {
  const [r] = await db.select().from(regions).where(eq(regions.code, code));
  return r;
}
