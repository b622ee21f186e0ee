import type { PersonRow } from "@/modules/identity/identity.repo";
import { premiumErrors } from "./premiums.errors";
import type { ScheduleRow } from "./premiums.repo";

/** Resident-insured persons pay; the uninsured may pay to enrol; employee-insured persons never do. */
export function requireEligible(p: Pick<PersonRow, "insurance">): void {
  if (p.insurance === "employee") throw premiumErrors.notApplicable();
}

export function windowOpen(s: Pick<ScheduleRow, "windowStart" | "windowEnd">, today: string): boolean {
  return s.windowStart <= today && today <= s.windowEnd;
}

/**
 * The schedule that applies: the region's own row over the national default for that year. Without a
 * year, the one collecting today, else the next to open, else the latest.
 */
export function pickSchedule(rows: ScheduleRow[], regionCode: string, today: string, year?: number): ScheduleRow | null {
  const byYear = new Map<number, ScheduleRow>();
  for (const r of rows) {
    const seen = byYear.get(r.year);
    if (!seen || (seen.regionCode !== regionCode && r.regionCode === regionCode)) byYear.set(r.year, r);
  }
  if (year !== undefined) return byYear.get(year) ?? null;
  const all = [...byYear.values()].sort((a, b) => a.year - b.year);
  return all.find((s) => windowOpen(s, today)) ?? all.find((s) => s.windowStart > today) ?? all[all.length - 1] ?? null;
}
