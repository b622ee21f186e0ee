import { decryptText, encryptText, hmacHex } from "./crypto";

/**
 * Keyed look-up hashes: the same value always gives the same hash under one key, so a row can be
 * found again without storing the value in clear. Names are normalised so that look-ups are exact.
 */
export function lookupHash(key: string, kind: "id" | "name" | "phone", value: string): Promise<string> {
  const v = kind === "id" ? value.trim().toUpperCase() : value.trim().replace(/\s+/g, "");
  return hmacHex(key, `${kind}:${v}`);
}

export const seal = encryptText;
export const unseal = decryptText;
