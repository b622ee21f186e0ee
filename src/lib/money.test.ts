import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatFen, isFen, splitPayment, splitRefund, yuanToFen } from "@/lib/money";

const fen = fc.integer({ min: 0, max: 10_000_000_000 });

describe("formatFen", () => {
  it.each([
    [123456, "¥1,234.56"],
    [-1200, "-¥12.00"],
    [0, "¥0.00"],
    [1, "¥0.01"],
    [200000, "¥2,000.00"],
    [100000000000, "¥1,000,000,000.00"],
  ])("%i → %s", (n, s) => {
    expect(formatFen(n)).toBe(s);
  });

  it("looks the same in every interface language", () => {
    expect(formatFen(123456, "en")).toBe("¥1,234.56");
    expect(formatFen(123456, "zh-TW")).toBe("¥1,234.56");
  });

  it("refuses fractional fen", () => {
    expect(() => formatFen(1.5)).toThrow(RangeError);
  });

  it("round-trips through yuanToFen (property)", () => {
    fc.assert(fc.property(fen, (n) => yuanToFen(formatFen(n)) === n));
  });
});

describe("yuanToFen", () => {
  it.each([
    ["200", 20000],
    ["0.5", 50],
    ["0.01", 1],
    ["1,234.56", 123456],
    ["¥20.00", 2000],
    ["0.29", 29],
    ["1.005", null],
    ["-1", null],
    ["1,23", null],
    ["abc", null],
    ["", null],
  ])("%j → %j", (s, n) => {
    expect(yuanToFen(s)).toBe(n);
  });
});

describe("isFen", () => {
  it("accepts only safe non-negative integers", () => {
    expect(isFen(0)).toBe(true);
    expect(isFen(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(isFen(-1)).toBe(false);
    expect(isFen(0.5)).toBe(false);
    expect(isFen(Number.MAX_SAFE_INTEGER + 1)).toBe(false);
    expect(isFen(Number.NaN)).toBe(false);
    expect(isFen("100")).toBe(false);
  });
});

describe("splitPayment", () => {
  it("uses own funds first, then received", () => {
    expect(splitPayment(500, { ownFen: 1000, receivedFen: 1000 })).toEqual({ ownFen: 500, receivedFen: 0 });
    expect(splitPayment(1500, { ownFen: 1000, receivedFen: 1000 })).toEqual({ ownFen: 1000, receivedFen: 500 });
    expect(splitPayment(2000, { ownFen: 1000, receivedFen: 1000 })).toEqual({ ownFen: 1000, receivedFen: 1000 });
    expect(splitPayment(2001, { ownFen: 1000, receivedFen: 1000 })).toBeNull();
  });

  it("refuses amounts that are not fen", () => {
    expect(() => splitPayment(-1, { ownFen: 0, receivedFen: 0 })).toThrow(RangeError);
    expect(() => splitPayment(0.1, { ownFen: 1, receivedFen: 0 })).toThrow(RangeError);
  });

  it("preserves the sum, never overdraws, and spends own first (property)", () => {
    fc.assert(
      fc.property(fen, fen, fen, (amount, own, received) => {
        const s = splitPayment(amount, { ownFen: own, receivedFen: received });
        if (amount > own + received) return s === null;
        return (
          s !== null &&
          s.ownFen + s.receivedFen === amount &&
          s.ownFen >= 0 &&
          s.receivedFen >= 0 &&
          s.ownFen <= own &&
          s.receivedFen <= received &&
          (s.receivedFen === 0 || s.ownFen === own)
        );
      }),
    );
  });
});

describe("splitRefund", () => {
  const charged = { ownFen: 1000, receivedFen: 300 };
  const none = { ownFen: 0, receivedFen: 0 };

  it("returns to received first, then own", () => {
    expect(splitRefund(200, charged, none)).toEqual({ ownFen: 0, receivedFen: 200 });
    expect(splitRefund(500, charged, none)).toEqual({ ownFen: 200, receivedFen: 300 });
    expect(splitRefund(500, charged, { ownFen: 0, receivedFen: 300 })).toEqual({ ownFen: 500, receivedFen: 0 });
    expect(splitRefund(1300, charged, none)).toEqual(charged);
  });

  it("refuses more than remains of the charge", () => {
    expect(splitRefund(1301, charged, none)).toBeNull();
    expect(splitRefund(2, charged, { ownFen: 1000, receivedFen: 299 })).toBeNull();
    expect(splitRefund(1, charged, { ownFen: 1000, receivedFen: 299 })).toEqual({ ownFen: 0, receivedFen: 1 });
  });

  it("treats refunded-beyond-charged as a bug", () => {
    expect(() => splitRefund(1, charged, { ownFen: 1001, receivedFen: 0 })).toThrow(RangeError);
  });

  it("successive refunds never exceed the charge and a full refund restores it (property)", () => {
    fc.assert(
      fc.property(fen, fen, fc.array(fc.integer({ min: 1, max: 2_000_000 }), { maxLength: 8 }), (own, received, refunds) => {
        const ch = { ownFen: own, receivedFen: received };
        let done = { ownFen: 0, receivedFen: 0 };
        for (const r of refunds) {
          const s = splitRefund(r, ch, done);
          const left = own + received - done.ownFen - done.receivedFen;
          if (r > left) {
            if (s !== null) return false;
            continue;
          }
          if (s === null || s.ownFen + s.receivedFen !== r || s.ownFen < 0 || s.receivedFen < 0) return false;
          // own is touched only once received is exhausted
          if (s.ownFen > 0 && done.receivedFen + s.receivedFen !== received) return false;
          done = { ownFen: done.ownFen + s.ownFen, receivedFen: done.receivedFen + s.receivedFen };
        }
        const rest = splitRefund(own + received - done.ownFen - done.receivedFen, ch, done);
        return rest !== null && rest.ownFen + done.ownFen === own && rest.receivedFen + done.receivedFen === received;
      }),
    );
  });

  it("a full refund of any payment restores the exact sub-balances (property)", () => {
    fc.assert(
      fc.property(fen, fen, fen, (amount, own, received) => {
        const paid = splitPayment(amount, { ownFen: own, receivedFen: received });
        fc.pre(paid !== null);
        expect(splitRefund(amount, paid!, { ownFen: 0, receivedFen: 0 })).toEqual(paid);
      }),
    );
  });
});
