import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { birthDatePins, checkPaymentPassword } from "@/modules/wallet/password-rules";

const BIRTH = "1968-03-12";

describe("checkPaymentPassword", () => {
  it.each(["", "12345", "1234567", "12a456", "１２３４５６", " 13579", "13579 "])("format: %j", (pin) => {
    expect(checkPaymentPassword(pin, BIRTH)).toBe("format");
  });

  it.each(["000000", "111111", "999999"])("repeated: %s", (pin) => {
    expect(checkPaymentPassword(pin, BIRTH)).toBe("repeated");
  });

  it.each(["123456", "654321", "012345", "987654", "234567", "543210", "567890", "098765"])("sequential: %s", (pin) => {
    expect(checkPaymentPassword(pin, BIRTH)).toBe("sequential");
  });

  it.each([
    ["680312", "YYMMDD"],
    ["031268", "MMDDYY"],
    ["120368", "DDMMYY"],
    ["196803", "YYYYMM"],
  ])("birth_date: %s (%s)", (pin) => {
    expect(checkPaymentPassword(pin, BIRTH)).toBe("birth_date");
  });

  it.each(["135790", "680313", "112233", "123457", "246810", "102938", "121212"])("accepted: %s", (pin) => {
    expect(checkPaymentPassword(pin, BIRTH)).toBeNull();
  });

  it("checks against this person's birth date only", () => {
    expect(checkPaymentPassword("680312", "1995-06-07")).toBeNull();
    expect(checkPaymentPassword("950607", "1995-06-07")).toBe("birth_date");
  });

  it("still checks the other rules when the birth date is unknown", () => {
    expect(birthDatePins("unknown")).toEqual([]);
    expect(checkPaymentPassword("680312", "unknown")).toBeNull();
    expect(checkPaymentPassword("123456", "unknown")).toBe("sequential");
  });

  it("refuses every run of six consecutive digits, up or down (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), fc.boolean(), (start, up) => {
        const pin = Array.from({ length: 6 }, (_, i) => (start + (up ? i : -i) + 10) % 10).join("");
        return checkPaymentPassword(pin, BIRTH) === "sequential";
      }),
    );
  });

  it("any other 6-digit pin with at least three different digits and no birth date passes (property)", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{6}$/), (pin) => {
        fc.pre(new Set(pin).size >= 3 && !birthDatePins(BIRTH).includes(pin));
        const steps = new Set([...pin].slice(1).map((c, i) => (Number(c) - Number(pin[i]) + 10) % 10));
        fc.pre(!(steps.size === 1 && (steps.has(1) || steps.has(9))));
        return checkPaymentPassword(pin, BIRTH) === null;
      }),
    );
  });
});
