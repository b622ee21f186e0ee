import { describe, expect, it } from "vitest";
import { hashPassword, pbkdf2, toHex, verifyPassword } from "./crypto";

const salt = (s: string) => new TextEncoder().encode(s) as Uint8Array<ArrayBuffer>;

describe("PBKDF2-HMAC-SHA-256", () => {
  // Published test vectors for PBKDF2-HMAC-SHA-256 with a 32-byte key.
  it.each([
    ["password", "salt", 1, "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b"],
    ["password", "salt", 2, "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43"],
    ["password", "salt", 4096, "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a"],
  ])("gives the published key for %s / %s / %i on both paths", async (password, s, iterations, hex) => {
    expect(toHex(await pbkdf2(password, salt(s), iterations))).toBe(hex);
    expect(toHex(await pbkdf2(password, salt(s), iterations, "webcrypto"))).toBe(hex);
  });

  it("gives the same bytes through node:crypto and WebCrypto for a peppered PIN", async () => {
    const s = crypto.getRandomValues(new Uint8Array(16));
    const a = await pbkdf2("c0ffee".repeat(10), s, 1000);
    const b = await pbkdf2("c0ffee".repeat(10), s, 1000, "webcrypto");
    expect(toHex(a)).toBe(toHex(b));
  });

  it("verifies what it hashed, and nothing else", async () => {
    const h = await hashPassword("258036", "pepper-0123456789abcdef", 1000);
    expect(h).toMatch(/^pbkdf2-sha256\$1000\$[\w-]{22}\$[\w-]{43}$/);
    expect(await verifyPassword("258036", "pepper-0123456789abcdef", h)).toBe(true);
    expect(await verifyPassword("258037", "pepper-0123456789abcdef", h)).toBe(false);
    expect(await verifyPassword("258036", "another-pepper-0123456", h)).toBe(false);
  });
});
