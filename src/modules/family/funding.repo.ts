import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { FundingPart } from "./funding";
import { settlementFunding } from "./family.schema";
import type { PayableQuota } from "./quota-draw";

export interface QuotaPartView {
  source: "quota";
  amountFen: number;
  quotaId: string;
  giverMaskedName: string;
}

/** The quota parts of a settlement in the order charged (none for one paid by the payer alone). */
export async function quotaPartsOf(db: DbOrTx, s: { id: string; fromQuotaFen: number }): Promise<QuotaPartView[]> {
  if (!s.fromQuotaFen) return [];
  const rows = await db
    .select()
    .from(settlementFunding)
    .where(eq(settlementFunding.settlementId, s.id))
    .orderBy(asc(settlementFunding.seq));
  return rows.map((r) => ({ source: "quota", amountFen: r.amountFen, quotaId: r.quotaId, giverMaskedName: r.giverMaskedName }));
}

export function quotaPartsOfPlan(parts: FundingPart[], quotas: PayableQuota[]): QuotaPartView[] {
  const names = new Map(quotas.map((q) => [q.id, q.giver_masked_name]));
  return parts.flatMap((p) =>
    p.source === "quota"
      ? [{ source: "quota" as const, amountFen: p.amountFen, quotaId: p.quotaId, giverMaskedName: names.get(p.quotaId) ?? "" }]
      : [],
  );
}
