// @vitest-environment jsdom
import { describe, expect, test } from "vitest";
import type * as Qr from "../../miniprogram/lib/qr/index";
import { mpRequire } from "./support/mp";
import { readQr } from "./support/qr";

// The e-code's QR encoder (written for the mini-program, no dependency), read back by jsQR.
const { qrDataUrl, qrMatrix } = mpRequire<typeof Qr>("lib/qr/index.js");

describe("QR encoder", () => {
  test.each([1, 14, 20, 32, 60, 84, 106, 122, 152, 180, 213])("a %i-character code reads back exactly", (len) => {
    const textIn = Array.from({ length: len }, (_, i) => "0123456789ABCDEFGHJKMNPQRSTVWXYZ-abc"[(i * 7 + len) % 36]).join("");
    expect(readQr(qrDataUrl(textIn, 4))).toBe(textIn);
  });

  test("UTF-8 text survives", () => {
    expect(readQr(qrDataUrl("医保码·01HXYZ"))).toBe("医保码·01HXYZ");
  });

  test("the smallest version that fits is used: 21 modules for a short code, 57 for the longest", () => {
    expect(qrMatrix("A")).toHaveLength(21);
    expect(qrMatrix("x".repeat(213))).toHaveLength(57);
    expect(() => qrMatrix("x".repeat(214))).toThrow(RangeError);
  });

  test("the same text always gives the same image", () => {
    expect(qrDataUrl("01HXYZ")).toBe(qrDataUrl("01HXYZ"));
  });
});
