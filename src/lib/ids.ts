import { monotonicFactory } from "ulid";

// Monotonic so ids created in the same millisecond still sort in creation order (cursors rely on it).
const factory = monotonicFactory();

export function newId(): string {
  return factory();
}

const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"; // no 0/O/1/I/L: codes are read aloud and typed

/** A short unguessable code (invitations, receipts): 31^len possibilities from WebCrypto randomness. */
export function randomCode(length: number, alphabet = CODE_ALPHABET): string {
  const out: string[] = [];
  const limit = 256 - (256 % alphabet.length); // rejection sampling keeps the draw uniform
  while (out.length < length) {
    const bytes = crypto.getRandomValues(new Uint8Array(length * 2));
    for (const b of bytes) {
      if (b < limit && out.length < length) out.push(alphabet[b % alphabet.length]!);
    }
  }
  return out.join("");
}

export function randomDigits(length: number): string {
  return randomCode(length, "0123456789");
}
