import { beijingDate } from "@/lib/time";

/** The Beijing calendar year of an instant: quotas reset at 00:00 Beijing on 1 January. */
export function beijingYear(d: Date): number {
  return Number(beijingDate(d).slice(0, 4));
}

export interface QuotaRowLike {
  year: number;
  annualFen: number;
  perPaymentFen: number | null;
  usedFen: number;
  status: "active" | "revoked" | "ended";
}

type EffectiveStatus = "active" | "revoked" | "ended" | "stopped";

/**
 * How a binding's latest quota row reads in `year`: an active row of an earlier year carries over
 * with nothing used (the reset); a revoked or ended one of an earlier year is gone. A quota whose
 * giver's wallet is frozen or closed is `stopped` (it pays nothing; it resumes if the wallet is
 * unfrozen).
 */
export function quotaInYear(row: QuotaRowLike, year: number, giverWalletActive: boolean) {
  if (row.year > year) return null;
  if (row.year < year && row.status !== "active") return null;
  const usedFen = row.year === year ? row.usedFen : 0;
  const status: EffectiveStatus = row.status === "active" && !giverWalletActive ? "stopped" : row.status;
  const remainingFen = status === "active" ? Math.max(0, row.annualFen - usedFen) : 0;
  return { year, annualFen: row.annualFen, perPaymentFen: row.perPaymentFen, usedFen, remainingFen, status };
}
