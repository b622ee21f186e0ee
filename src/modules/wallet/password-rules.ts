// Rules for the 6-digit payment password (医保码 password). They reject the guesses an attacker
// holding the phone would try first: runs, repeats and the owner's birth date.

export type PaymentPasswordProblem = "format" | "sequential" | "repeated" | "birth_date";

/**
 * Ascending or descending by one at every step. Digits wrap (…8 9 0 1…) because keypad runs
 * such as 567890 and 098765 are as guessable as 123456.
 */
function isSequential(pin: string): boolean {
  const steps = new Set<number>();
  for (let i = 1; i < pin.length; i++) steps.add((Number(pin[i]) - Number(pin[i - 1]) + 10) % 10);
  return steps.size === 1 && (steps.has(1) || steps.has(9));
}

/**
 * The 6-digit forms people make from a birth date: YYMMDD, MMDDYY, DDMMYY, and YYYYMM (year and
 * month of birth). Empty when the birth date is not "YYYY-MM-DD".
 */
export function birthDatePins(birthDate: string): string[] {
  const m = /^(\d{2})(\d{2})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!m) return [];
  const [, cc = "", yy = "", mm = "", dd = ""] = m;
  return [yy + mm + dd, mm + dd + yy, dd + mm + yy, cc + yy + mm];
}

/** Null when the password is acceptable, else the first rule it breaks. */
export function checkPaymentPassword(pin: string, birthDate: string): null | PaymentPasswordProblem {
  if (!/^\d{6}$/.test(pin)) return "format";
  if (/^(\d)\1{5}$/.test(pin)) return "repeated";
  if (isSequential(pin)) return "sequential";
  if (birthDatePins(birthDate).includes(pin)) return "birth_date";
  return null;
}
