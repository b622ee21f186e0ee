import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  beijingDate,
  beijingDayStart,
  beijingMinutesOfDay,
  formatDateEn,
  formatDateZh,
  inQuietHours,
  monthRange,
  nextBeijingSixAm,
  parseHhMm,
  startOfBeijingDay,
} from "@/lib/time";

const at = (iso: string) => new Date(iso);
const anyDate = fc.date({ min: new Date("1950-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true });

describe("beijingDate / beijingMinutesOfDay", () => {
  it("moves to the next day at 16:00 UTC", () => {
    expect(beijingDate(at("2026-11-23T15:59:59Z"))).toBe("2026-11-23");
    expect(beijingDate(at("2026-11-23T16:00:00Z"))).toBe("2026-11-24");
    expect(beijingDate(at("2026-12-31T16:00:00Z"))).toBe("2027-01-01");
  });

  it("counts minutes of the Beijing day", () => {
    expect(beijingMinutesOfDay(at("2026-11-24T00:00:00+08:00"))).toBe(0);
    expect(beijingMinutesOfDay(at("2026-11-24T21:59:59+08:00"))).toBe(21 * 60 + 59);
    expect(beijingMinutesOfDay(at("2026-11-23T16:30:00Z"))).toBe(30);
  });

  it("rejects an invalid Date instead of printing NaN", () => {
    expect(() => beijingDate(new Date("nope"))).toThrow(RangeError);
  });

  // Shanghai kept summer time 1986–1991, so the comparison starts after it; business times are later.
  it("agrees with Intl for Asia/Shanghai (property)", () => {
    const since1992 = fc.date({ min: new Date("1992-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true });
    const fmt = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" });
    fc.assert(fc.property(since1992, (d) => beijingDate(d) === fmt.format(d)));
  });
});

describe("startOfBeijingDay / beijingDayStart", () => {
  it("is 16:00 UTC of the previous UTC day", () => {
    expect(startOfBeijingDay(at("2026-11-24T10:00:00+08:00")).toISOString()).toBe("2026-11-23T16:00:00.000Z");
    expect(startOfBeijingDay(at("2026-11-24T00:00:00+08:00")).toISOString()).toBe("2026-11-23T16:00:00.000Z");
    expect(beijingDayStart("2026-11-24").toISOString()).toBe("2026-11-23T16:00:00.000Z");
  });

  it("contains the instant and lies within one day of it (property)", () => {
    fc.assert(
      fc.property(anyDate, (d) => {
        const s = startOfBeijingDay(d).getTime();
        return s <= d.getTime() && d.getTime() - s < 86_400_000 && beijingMinutesOfDay(new Date(s)) === 0;
      }),
    );
  });

  it("refuses impossible dates", () => {
    expect(() => beijingDayStart("2026-02-30")).toThrow(RangeError);
    expect(() => beijingDayStart("2026-2-3")).toThrow(RangeError);
  });
});

describe("nextBeijingSixAm", () => {
  it.each([
    ["2026-11-24T10:00:00+08:00", "2026-11-25T06:00:00+08:00"],
    ["2026-11-24T00:30:00+08:00", "2026-11-25T06:00:00+08:00"],
    ["2026-11-24T06:00:00+08:00", "2026-11-25T06:00:00+08:00"],
    ["2026-11-24T23:59:59+08:00", "2026-11-25T06:00:00+08:00"],
    ["2026-12-31T12:00:00+08:00", "2027-01-01T06:00:00+08:00"],
    ["2028-02-28T12:00:00+08:00", "2028-02-29T06:00:00+08:00"],
  ])("%s → %s", (from, to) => {
    expect(nextBeijingSixAm(at(from)).getTime()).toBe(at(to).getTime());
  });
});

describe("inQuietHours", () => {
  it.each([
    ["2026-11-24T21:59:59+08:00", false],
    ["2026-11-24T22:00:00+08:00", true],
    ["2026-11-24T23:59:00+08:00", true],
    ["2026-11-25T00:00:00+08:00", true],
    ["2026-11-25T05:59:59+08:00", true],
    ["2026-11-25T06:00:00+08:00", false],
    ["2026-11-25T12:00:00+08:00", false],
  ])("default window at %s → %s", (iso, quiet) => {
    expect(inQuietHours(at(iso))).toBe(quiet);
  });

  it("supports windows that do not wrap, and an empty window", () => {
    expect(inQuietHours(at("2026-11-25T13:00:00+08:00"), "12:00", "14:00")).toBe(true);
    expect(inQuietHours(at("2026-11-25T14:00:00+08:00"), "12:00", "14:00")).toBe(false);
    expect(inQuietHours(at("2026-11-25T11:59:00+08:00"), "12:00", "14:00")).toBe(false);
    expect(inQuietHours(at("2026-11-25T13:00:00+08:00"), "06:00", "06:00")).toBe(false);
  });

  it("throws on a malformed policy time", () => {
    expect(() => parseHhMm("24:00")).toThrow(RangeError);
    expect(() => inQuietHours(at("2026-11-25T13:00:00Z"), "10pm", "06:00")).toThrow(RangeError);
  });
});

describe("formatDateZh / formatDateEn", () => {
  it("formats the Beijing calendar date", () => {
    const d = at("2026-11-22T16:30:00Z"); // 00:30 on 23 Nov in Beijing
    expect(formatDateZh(d)).toBe("2026年11月23日");
    expect(formatDateEn(d)).toBe("23 Nov 2026");
    expect(formatDateZh(at("2026-03-05T12:00:00+08:00"))).toBe("2026年3月5日");
    expect(formatDateEn(at("2026-03-05T12:00:00+08:00"))).toBe("5 Mar 2026");
  });
});

describe("monthRange", () => {
  it("is the half-open Beijing month", () => {
    const { from, to } = monthRange("2026-11");
    expect(from.toISOString()).toBe("2026-10-31T16:00:00.000Z");
    expect(to.toISOString()).toBe("2026-11-30T16:00:00.000Z");
    const dec = monthRange("2026-12");
    expect(dec.to.toISOString()).toBe("2026-12-31T16:00:00.000Z");
  });

  it("contains exactly the instants whose Beijing date is in that month (property)", () => {
    fc.assert(
      fc.property(anyDate, (d) => {
        const month = beijingDate(d).slice(0, 7);
        const { from, to } = monthRange(month);
        return from.getTime() <= d.getTime() && d.getTime() < to.getTime();
      }),
    );
  });

  it("refuses malformed months", () => {
    expect(() => monthRange("2026-13")).toThrow(RangeError);
    expect(() => monthRange("202611")).toThrow(RangeError);
  });
});
