import { beijingDate } from "@/lib/time";

// GB 11643-1999 citizen identity number: 6-digit address code, 8-digit birth date, 3-digit
// sequence (odd = male), ISO 7064 MOD 11-2 check character.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_MAP = "10X98765432";

type Gender = "male" | "female";

export type ParsedIdNumber =
  | { ok: true; idNumber: string; birthDate: string; gender: Gender; regionPrefix: string }
  | { ok: false; reason: "format" | "checksum" | "birth_date" };

/** The check character for the first 17 digits. Throws RangeError if `first17` is not 17 digits. */
export function idCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError("idCheckChar needs exactly 17 digits");
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_MAP[sum % 11]!;
}

/** Whether y-m-d is a day on the proleptic Gregorian calendar (no 30 February). */
export function isRealDate(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return false;
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  return d <= days;
}

// Nobody alive or in the registry was born before this; also keeps "0000" years out.
const MIN_BIRTH_YEAR = 1850;

/**
 * Validates an 18-character resident ID number. Accepts a lowercase `x` and surrounding spaces
 * (people type them) but always returns the canonical uppercase form. The checksum is tested
 * before the birth date because a mistyped digit is far likelier than a forged number.
 */
export function parseIdNumber(raw: string, today: Date): ParsedIdNumber {
  const idNumber = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(idNumber)) return { ok: false, reason: "format" };
  if (idCheckChar(idNumber.slice(0, 17)) !== idNumber[17]) return { ok: false, reason: "checksum" };

  const y = Number(idNumber.slice(6, 10));
  const m = Number(idNumber.slice(10, 12));
  const d = Number(idNumber.slice(12, 14));
  if (y < MIN_BIRTH_YEAR || !isRealDate(y, m, d)) return { ok: false, reason: "birth_date" };
  const birthDate = `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
  // Same-length ISO dates compare correctly as strings.
  if (birthDate > beijingDate(today)) return { ok: false, reason: "birth_date" };

  return {
    ok: true,
    idNumber,
    birthDate,
    gender: Number(idNumber[16]) % 2 === 1 ? "male" : "female",
    regionPrefix: idNumber.slice(0, 6),
  };
}

function splitDate(date: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/**
 * Age in full years on a Beijing calendar date (a Date is read in Beijing time). Someone born
 * on 29 February turns a year older on 1 March in common years. Negative before birth.
 */
export function ageOn(birthDate: string, date: Date | string): number {
  const [by, bm, bd] = splitDate(birthDate);
  const [y, m, d] = splitDate(typeof date === "string" ? date : beijingDate(date));
  const hadBirthday = m > bm || (m === bm && d >= bd);
  return y - by - (hadBirthday ? 0 : 1);
}
