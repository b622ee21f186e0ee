import { describe, expect, it } from "vitest";
import { newId, randomCode, randomDigits } from "./ids";

describe("ids", () => {
  it("are ULIDs, unique and in creation order, across many pool refills", () => {
    const ids = Array.from({ length: 50_000 }, () => newId());
    for (const id of ids.slice(0, 100)) expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it("spread the random part over the whole alphabet", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2_000; i++) for (const ch of newId().slice(10)) seen.add(ch);
    expect(seen.size).toBe(32);
  });

  it("draw codes from their alphabet only", () => {
    expect(randomCode(8)).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    expect(randomDigits(10)).toMatch(/^\d{10}$/);
  });
});
