import { describe, expect, it } from "vitest";
import { understand } from "./intent";
import { findMonth } from "./months";
import { normalize, normalizeWords } from "./normalize";

const month = (text: string, now: Date) => findMonth(normalize(text), normalizeWords(text), now);

describe("statement months follow the Beijing calendar", () => {
  it("in January, 上个月 is last December and 十二月 is last year's", () => {
    const now = new Date("2027-01-10T02:00:00Z");
    expect(month("上个月的账单", now)).toBe("2026-12");
    expect(month("十二月的账单", now)).toBe("2026-12");
    expect(month("一月的账单", now)).toBe("2027-01");
    expect(month("last month", now)).toBe("2026-12");
  });

  it("31 Dec 17:00 UTC is already January in Beijing", () => {
    const now = new Date("2026-12-31T17:00:00Z");
    expect(month("这个月的账单", now)).toBe("2027-01");
    expect(month("上个月的账单", now)).toBe("2026-12");
  });

  it("a month in a premium sentence is not a statement month, and 'may' is a month only where one is expected", () => {
    const now = new Date("2026-06-15T02:00:00Z");
    expect(understand("may i see my bills", now)).toEqual({ intent: "bills", slots: {} });
    expect(understand("bills for may", now)).toEqual({ intent: "bills", slots: { month: "2026-05" } });
    expect(understand("十一月的账单", new Date("2026-11-24T02:00:00Z")).slots.month).toBe("2026-11");
  });
});
