import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maskIdNumber, maskName, maskPhone } from "@/lib/mask";

describe("maskName", () => {
  it.each([
    ["张伟", "张*"],
    ["王芳", "王*"],
    ["王建国", "王*国"],
    ["欧阳娜娜", "欧**娜"],
    ["阿卜杜拉·艾买提", "阿******提"],
    ["张", "*"],
    ["  王建国 ", "王*国"],
    ["", ""],
    ["Li Wei", "L* W**"],
    ["Mary  Ann Smith", "M*** A** S****"],
    ["Anna", "A**a"],
    ["𠀀𠀁𠀂", "𠀀*𠀂"],
  ])("%j → %j", (raw, masked) => {
    expect(maskName(raw)).toBe(masked);
  });

  it("never shows more than the first and last character of a Chinese name (property)", () => {
    const cjk = fc.string({
      unit: fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c)),
      minLength: 2,
      maxLength: 8,
    });
    fc.assert(
      fc.property(cjk, (name) => {
        const chars = Array.from(name);
        const masked = Array.from(maskName(name));
        const starsCount = masked.filter((c) => c === "*").length;
        return masked.length === chars.length && masked[0] === chars[0] && starsCount >= Math.max(1, chars.length - 2);
      }),
    );
  });
});

describe("maskIdNumber", () => {
  it.each([
    ["320505196803121078", "3205**********1078"],
    ["44030419450303191X", "4403**********191X"],
    ["123456789", "1234*6789"],
    ["12345678", "********"],
    ["", ""],
  ])("%j → %j", (raw, masked) => {
    expect(maskIdNumber(raw)).toBe(masked);
  });
});

describe("maskPhone", () => {
  it.each([
    ["13900000107", "139****0107"],
    ["1390000", "*******"],
    ["", ""],
  ])("%j → %j", (raw, masked) => {
    expect(maskPhone(raw)).toBe(masked);
  });
});

describe("masks on arbitrary input (property)", () => {
  it("never throw, keep the length of ID and phone, and always hide part of a one-word name", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 0, maxLength: 30 }), (s) => {
        const len = Array.from(s.trim()).length;
        const name = maskName(s);
        const nameHidden = len === 0 || /\s/.test(s.trim()) || s.includes("*") || name !== s.trim();
        return nameHidden && Array.from(maskIdNumber(s)).length === len && Array.from(maskPhone(s)).length === len;
      }),
    );
  });
});
