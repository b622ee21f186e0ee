import { describe, expect, it } from "vitest";
import { pickSchedule, requireEligible, windowOpen } from "./premium-rules";
import type { ScheduleRow } from "./premiums.repo";

const row = (year: number, regionCode: string | null, windowStart: string, windowEnd: string, amountFen = 40_000): ScheduleRow => ({
  id: `${year}-${regionCode}`,
  regionCode,
  kind: "resident_medical",
  year,
  amountFen,
  windowStart,
  windowEnd,
});

describe("premium rules", () => {
  const rows = [
    row(2026, null, "2025-09-01", "2026-02-28", 38_000),
    row(2026, "320500", "2025-09-01", "2026-02-28"),
    row(2027, null, "2026-09-01", "2026-12-31", 38_000),
  ];

  it("prefers the region's own row over the national default", () => {
    expect(pickSchedule(rows, "320500", "2026-01-10", 2026)?.amountFen).toBe(40_000);
    expect(pickSchedule(rows, "320500", "2026-01-10", 2027)?.amountFen).toBe(38_000);
    expect(pickSchedule(rows, "110000", "2026-01-10", 2026)?.amountFen).toBe(38_000);
    expect(pickSchedule(rows, "320500", "2026-01-10", 2030)).toBeNull();
  });

  it("without a year takes the open window, else the next to open, else the latest", () => {
    expect(pickSchedule(rows, "320500", "2026-02-28")?.year).toBe(2026);
    expect(pickSchedule(rows, "320500", "2026-03-01")?.year).toBe(2027);
    expect(pickSchedule(rows, "320500", "2027-03-01")?.year).toBe(2027);
    expect(pickSchedule([], "320500", "2027-03-01")).toBeNull();
  });

  it("counts both window days as open", () => {
    const s = { windowStart: "2026-09-01", windowEnd: "2026-12-31" };
    expect([windowOpen(s, "2026-08-31"), windowOpen(s, "2026-09-01"), windowOpen(s, "2026-12-31"), windowOpen(s, "2027-01-01")]).toEqual([
      false,
      true,
      true,
      false,
    ]);
  });

  it("refuses employee-insured persons only", () => {
    expect(() => requireEligible({ insurance: "employee" })).toThrow(/PREMIUM_NOT_APPLICABLE/);
    expect(() => requireEligible({ insurance: "resident" })).not.toThrow();
    expect(() => requireEligible({ insurance: "none" })).not.toThrow();
  });
});
