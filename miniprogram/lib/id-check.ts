import { fill, type Strings } from "./i18n";

// GB 11643-1999 feedback while the user types: the server decides, this only helps them see a
// mistyped digit before they send it. Weights and map from ISO 7064 MOD 11-2.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_MAP = "10X98765432";

export type IdCheck =
  | { state: "empty" }
  | { state: "typing"; remaining: number }
  | { state: "format" }
  | { state: "birth_date" }
  | { state: "checksum"; expected: string }
  | { state: "ok"; idNumber: string; birthDate: string; gender: "male" | "female" };

function checkChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_MAP[sum % 11]!;
}

/** Spaces are dropped and `x` upper-cased, as people type them. */
export function normalizeId(raw: string): string {
  return raw.replace(/\s+/g, "").toUpperCase();
}

function realDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  return d <= days;
}

/** `today` is YYYY-MM-DD (Beijing); a birth date after it cannot be right. */
export function checkIdNumber(raw: string, today: string): IdCheck {
  const id = normalizeId(raw);
  if (id.length === 0) return { state: "empty" };
  const body = id.length < 18 ? id : id.slice(0, 17);
  if (!/^\d*$/.test(body) || id.length > 18) return { state: "format" };
  if (id.length < 18) return { state: "typing", remaining: 18 - id.length };
  if (!/^[\dX]$/.test(id[17]!)) return { state: "format" };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  // Checksum first, as the server does: a mistyped digit is likelier than a wrong birth date.
  const expected = checkChar(id.slice(0, 17));
  if (expected !== id[17]) return { state: "checksum", expected };
  if (y < 1850 || !realDate(y, m, d) || birthDate > today) return { state: "birth_date" };
  return { state: "ok", idNumber: id, birthDate, gender: Number(id[16]) % 2 === 1 ? "male" : "female" };
}

/** The line under the field, from the `pad` strings. */
export function idFeedback(check: IdCheck, s: Strings): { feedback: string; state: "" | "typing" | "ok" | "error" } {
  switch (check.state) {
    case "empty":
      return { feedback: "", state: "" };
    case "typing":
      return { feedback: fill(s.idTyping!, { n: check.remaining }), state: "typing" };
    case "ok":
      return { feedback: s.idOk!, state: "ok" };
    case "checksum":
      return { feedback: s.idChecksum!, state: "error" };
    case "birth_date":
      return { feedback: s.idBirth!, state: "error" };
    default:
      return { feedback: s.idFormat!, state: "error" };
  }
}
