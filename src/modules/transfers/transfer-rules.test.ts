import { describe, expect, it } from "vitest";
import {
  NATIONAL_TRANSFER_LIMITS,
  checkTransferRequest,
  isCrossProvince,
  transferExpiresAt,
  type TransferLimits,
} from "@/modules/transfers/transfer-rules";

const limits: TransferLimits = {
  minTransferFen: 1,
  maxTransferFen: 200_000,
  maxDailyTransfers: 3,
  quietStart: "22:00",
  quietEnd: "06:00",
};
const NOON = new Date("2026-11-24T12:00:00+08:00");
const check = (over: Partial<{ amountFen: number; now: Date; sentToday: number; limits: TransferLimits }>) =>
  checkTransferRequest({ amountFen: 20_000, now: NOON, sentToday: 0, limits, ...over });

describe("checkTransferRequest — hours (Beijing)", () => {
  it.each([
    ["2026-11-24T21:59:00+08:00", null],
    ["2026-11-24T21:59:59+08:00", null],
    ["2026-11-24T22:00:00+08:00", { code: "OUTSIDE_TRANSFER_HOURS" }],
    ["2026-11-25T00:00:00+08:00", { code: "OUTSIDE_TRANSFER_HOURS" }],
    ["2026-11-25T05:59:00+08:00", { code: "OUTSIDE_TRANSFER_HOURS" }],
    ["2026-11-25T06:00:00+08:00", null],
    // 14:00 UTC is 22:00 in Beijing: the server's own time zone must not matter
    ["2026-11-24T14:00:00Z", { code: "OUTSIDE_TRANSFER_HOURS" }],
  ])("at %s → %j", (iso, expected) => {
    expect(check({ now: new Date(iso) })).toEqual(expected);
  });

  it("reports the hours before any amount problem", () => {
    expect(check({ now: new Date("2026-11-24T23:00:00+08:00"), amountFen: 999_999 })).toEqual({ code: "OUTSIDE_TRANSFER_HOURS" });
  });
});

describe("checkTransferRequest — amount", () => {
  it.each([
    [200_000, null],
    [200_001, { code: "LIMIT_EXCEEDED", limit: { kind: "per_transfer_max", value: 200_000 } }],
    [1, null],
    [0, { code: "LIMIT_EXCEEDED", limit: { kind: "per_transfer_min", value: 1 } }],
    [-100, { code: "LIMIT_EXCEEDED", limit: { kind: "per_transfer_min", value: 1 } }],
  ])("%i fen → %j", (amountFen, expected) => {
    expect(check({ amountFen })).toEqual(expected);
  });

  it("follows the region's own limits", () => {
    const strict = { ...limits, maxTransferFen: 50_000, minTransferFen: 100 };
    expect(check({ limits: strict, amountFen: 50_001 })).toEqual({
      code: "LIMIT_EXCEEDED",
      limit: { kind: "per_transfer_max", value: 50_000 },
    });
    expect(check({ limits: strict, amountFen: 99 })).toEqual({
      code: "LIMIT_EXCEEDED",
      limit: { kind: "per_transfer_min", value: 100 },
    });
  });

  it("throws on a fractional amount (validation should have caught it)", () => {
    expect(() => check({ amountFen: 1.5 })).toThrow(RangeError);
  });
});

describe("checkTransferRequest — daily count", () => {
  it.each([
    [0, null],
    [2, null],
    [3, { code: "LIMIT_EXCEEDED", limit: { kind: "daily_count", value: 3 } }],
    [7, { code: "LIMIT_EXCEEDED", limit: { kind: "daily_count", value: 3 } }],
  ])("already sent %i → %j", (sentToday, expected) => {
    expect(check({ sentToday })).toEqual(expected);
  });
});

describe("NATIONAL_TRANSFER_LIMITS", () => {
  it("match the published national rules", () => {
    expect(NATIONAL_TRANSFER_LIMITS).toEqual(limits);
  });
});

describe("transferExpiresAt", () => {
  it.each([
    ["2026-11-24T10:00:00+08:00", "2026-11-25T06:00:00+08:00"],
    ["2026-11-24T21:59:00+08:00", "2026-11-25T06:00:00+08:00"],
    ["2026-11-24T00:30:00+08:00", "2026-11-25T06:00:00+08:00"],
    ["2026-11-30T06:00:00+08:00", "2026-12-01T06:00:00+08:00"],
  ])("created %s → returned %s", (created, expires) => {
    expect(transferExpiresAt(new Date(created)).toISOString()).toBe(new Date(expires).toISOString());
  });
});

describe("isCrossProvince", () => {
  const provinces: Record<string, string> = {
    "320500": "320000",
    "320100": "320000",
    "130100": "130000",
    "110000": "110000",
  };
  const provinceOf = (code: string) => provinces[code];

  it.each([
    ["320500", "320100", false],
    ["320500", "130100", true],
    ["110000", "320500", true],
    ["110000", "110000", false],
    // not in the table: fall back to the administrative code's province digits
    ["130600", "130100", false],
    ["510100", "320500", true],
  ])("%s ↔ %s → %s", (a, b, cross) => {
    expect(isCrossProvince(a, b, provinceOf)).toBe(cross);
    expect(isCrossProvince(b, a, provinceOf)).toBe(cross);
  });

  it("trusts the table over the code prefix", () => {
    expect(isCrossProvince("320500", "990000", (c) => (c === "990000" ? "320000" : provinces[c]))).toBe(false);
  });
});

describe("transferWindow, transfersLeftToday, transferAmountRange, crossProvinceAllowed", () => {
  const at = (iso: string) => new Date(iso);
  it("says when another region's quiet hours end, and that equal ends mean always open", async () => {
    const { transferWindow } = await import("./transfer-rules");
    const late = { quietStart: "23:00", quietEnd: "07:30" };
    expect(transferWindow(at("2026-11-24T22:59:00+08:00"), late)).toEqual({ openNow: true, opensAt: null });
    expect(transferWindow(at("2026-11-24T23:00:00+08:00"), late).opensAt?.toISOString()).toBe("2026-11-24T23:30:00.000Z");
    expect(transferWindow(at("2026-11-25T07:29:00+08:00"), late).opensAt?.toISOString()).toBe("2026-11-24T23:30:00.000Z");
    expect(transferWindow(at("2026-11-25T03:00:00+08:00"), { quietStart: "06:00", quietEnd: "06:00" }).openNow).toBe(true);
  });
  it("counts what is left today and caps the amount by the balance", async () => {
    const { transfersLeftToday, transferAmountRange, crossProvinceAllowed } = await import("./transfer-rules");
    expect([0, 2, 3, 5].map((n) => transfersLeftToday(n, { maxDailyTransfers: 3 }))).toEqual([3, 1, 0, 0]);
    expect(transferAmountRange({ minTransferFen: 1, maxTransferFen: 200_000 }, 50_000)).toEqual({ minFen: 1, maxFen: 50_000 });
    expect(transferAmountRange({ minTransferFen: 1, maxTransferFen: 200_000 }, 900_000)).toEqual({ minFen: 1, maxFen: 200_000 });
    expect(transferAmountRange({ minTransferFen: 100, maxTransferFen: 200_000 }, -5).maxFen).toBe(0);
    expect(crossProvinceAllowed({ crossProvince: true }, { crossProvince: true })).toBe(true);
    expect(crossProvinceAllowed({ crossProvince: true }, { crossProvince: false })).toBe(false);
    expect(crossProvinceAllowed({ crossProvince: false }, { crossProvince: true })).toBe(false);
    expect(crossProvinceAllowed({ crossProvince: true }, null)).toBe(false);
  });
});
