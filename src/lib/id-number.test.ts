import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ageOn, idCheckChar, isRealDate, parseIdNumber } from "@/lib/id-number";

const TODAY = new Date("2026-11-24T12:00:00+08:00");

/** Builds a well-formed ID with a correct check character. */
const withCheck = (first17: string) => first17 + idCheckChar(first17);

const validId = fc
  .record({
    region: fc.stringMatching(/^\d{6}$/),
    // 1900-01-01 up to 2026-11-24, the TODAY above
    dayOffset: fc.integer({ min: 0, max: 46_347 }),
    seq: fc.stringMatching(/^\d{3}$/),
  })
  .map(({ region, dayOffset, seq }) => {
    const birth = new Date(Date.UTC(1900, 0, 1) + dayOffset * 86_400_000).toISOString().slice(0, 10);
    return { id: withCheck(region + birth.replaceAll("-", "") + seq), birth, seq };
  });

describe("parseIdNumber — fixtures from the sandbox registry", () => {
  it.each([
    ["320505196803121078", "1968-03-12", "male", "320505"],
    ["44030419450303191X", "1945-03-03", "male", "440304"],
    ["110105201808301740", "2018-08-30", "female", "110105"],
  ])("%s", (raw, birthDate, gender, regionPrefix) => {
    expect(parseIdNumber(raw, TODAY)).toEqual({ ok: true, idNumber: raw, birthDate, gender, regionPrefix });
  });

  it("accepts a lowercase x and spaces but answers the canonical form", () => {
    const r = parseIdNumber(" 44030419450303191x ", TODAY);
    expect(r.ok && r.idNumber).toBe("44030419450303191X");
  });
});

describe("parseIdNumber — refusals", () => {
  it.each(["", "32050519680312107", "3205051968031210788", "32050519680312107A", "X20505196803121078", "320505 196803121078"])(
    "format: %j",
    (raw) => {
      expect(parseIdNumber(raw, TODAY)).toEqual({ ok: false, reason: "format" });
    },
  );

  it("checksum: last character wrong", () => {
    expect(parseIdNumber("320505196803121079", TODAY)).toEqual({ ok: false, reason: "checksum" });
  });

  it.each([
    ["no 30 February", "32050519680230107"],
    ["no 29 February in a common year", "32050520230229107"],
    ["month 13", "32050519681312107"],
    ["day 00", "32050519680300107"],
    ["year 0000", "32050500000101107"],
    ["tomorrow in Beijing", "32050520261125107"],
  ])("birth_date: %s", (_label, first17) => {
    expect(parseIdNumber(withCheck(first17), TODAY)).toEqual({ ok: false, reason: "birth_date" });
  });

  it("a birth date of today (Beijing) is allowed; 29 February in a leap year is real", () => {
    // 00:30 on 25 Nov in Beijing is still 24 Nov in UTC: the Beijing date must be used.
    const justAfterMidnight = new Date("2026-11-24T16:30:00Z");
    expect(parseIdNumber(withCheck("32050520261125107"), justAfterMidnight).ok).toBe(true);
    expect(parseIdNumber(withCheck("32050520000229107"), TODAY).ok).toBe(true);
  });
});

describe("parseIdNumber — properties", () => {
  it("every generated valid ID passes with its birth date and gender", () => {
    fc.assert(
      fc.property(validId, ({ id, birth, seq }) => {
        const r = parseIdNumber(id, TODAY);
        return r.ok && r.birthDate === birth && r.gender === (Number(seq[2]) % 2 === 1 ? "male" : "female");
      }),
    );
  });

  it("every single-character change of a valid ID fails", () => {
    const change = fc.record({
      v: validId,
      pos: fc.integer({ min: 0, max: 17 }),
      ch: fc.constantFrom(..."0123456789X"),
    });
    fc.assert(
      fc.property(change, ({ v, pos, ch }) => {
        fc.pre(v.id[pos] !== ch);
        const changed = v.id.slice(0, pos) + ch + v.id.slice(pos + 1);
        return parseIdNumber(changed, TODAY).ok === false;
      }),
      { numRuns: 2000 },
    );
  });
});

describe("idCheckChar", () => {
  it("maps the weighted sum through 10X98765432", () => {
    expect(idCheckChar("32050519680312107")).toBe("8");
    expect(idCheckChar("44030419450303191")).toBe("X");
    expect(idCheckChar("00000000000000000")).toBe("1");
  });

  // The weight-1 position is index 7, so a lone digit there sets the weighted sum directly.
  it.each([
    [0, "1"],
    [1, "0"],
    [2, "X"],
    [3, "9"],
    [4, "8"],
    [5, "7"],
    [6, "6"],
    [7, "5"],
    [8, "4"],
    [9, "3"],
  ])("weighted sum %i → %s", (sum, check) => {
    expect(idCheckChar(`0000000${sum}000000000`)).toBe(check);
  });

  it("weighted sum 10 → 2 and sums wrap modulo 11", () => {
    expect(idCheckChar("00000050000000000")).toBe("2"); // 5 × weight 2
    expect(idCheckChar("70000000000000000")).toBe("7"); // 7 × weight 7 = 49 ≡ 5 (mod 11)
  });

  it("refuses anything but 17 digits", () => {
    expect(() => idCheckChar("1234")).toThrow(RangeError);
  });
});

describe("isRealDate", () => {
  it("knows the Gregorian leap rules", () => {
    expect(isRealDate(2000, 2, 29)).toBe(true);
    expect(isRealDate(1900, 2, 29)).toBe(false);
    expect(isRealDate(2024, 2, 29)).toBe(true);
    expect(isRealDate(2026, 4, 31)).toBe(false);
  });
});

describe("ageOn", () => {
  it.each([
    ["1968-03-12", "2026-03-11", 57],
    ["1968-03-12", "2026-03-12", 58],
    ["2010-11-25", "2026-11-24", 15],
    ["2010-11-24", "2026-11-24", 16],
    ["2000-02-29", "2026-02-28", 25],
    ["2000-02-29", "2026-03-01", 26],
    ["2020-05-05", "2020-05-05", 0],
    ["2020-05-05", "2019-05-05", -1],
  ])("born %s, on %s → %i", (birth, on, age) => {
    expect(ageOn(birth, on)).toBe(age);
  });

  it("reads a Date as its Beijing calendar date", () => {
    // 2026-11-23T16:30Z is 00:30 on 24 Nov in Beijing: the 16th birthday has begun.
    expect(ageOn("2010-11-24", new Date("2026-11-23T16:30:00Z"))).toBe(16);
    expect(ageOn("2010-11-24", new Date("2026-11-23T15:30:00Z"))).toBe(15);
  });
});
