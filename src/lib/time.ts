// Beijing business time. China has used UTC+8 with no daylight saving since 1991, so plain
// arithmetic is exact and avoids depending on the runtime's Intl/ICU time-zone data (Workers
// and small Node builds differ there).

const OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const pad2 = (n: number): string => String(n).padStart(2, "0");

// Date.UTC maps years 0..99 to 1900..1999; setUTCFullYear does not.
function utcMidnight(year: number, monthIndex: number, day: number): number {
  return new Date(0).setUTCFullYear(year, monthIndex, day);
}

/** The same instant shifted so that its UTC fields read as Beijing wall-clock fields. */
function shifted(d: Date): Date {
  const ms = d.getTime();
  if (Number.isNaN(ms)) throw new RangeError("invalid Date");
  return new Date(ms + OFFSET_MS);
}

/** Calendar date in Beijing, "YYYY-MM-DD". */
export function beijingDate(d: Date): string {
  const s = shifted(d);
  const year = String(s.getUTCFullYear()).padStart(4, "0");
  return `${year}-${pad2(s.getUTCMonth() + 1)}-${pad2(s.getUTCDate())}`;
}

/** Minutes since 00:00 Beijing, 0..1439. */
export function beijingMinutesOfDay(d: Date): number {
  const s = shifted(d);
  return s.getUTCHours() * 60 + s.getUTCMinutes();
}

/** The instant of 00:00 Beijing on the Beijing calendar day containing `d`. */
export function startOfBeijingDay(d: Date): Date {
  const s = shifted(d).getTime();
  return new Date(s - (((s % DAY_MS) + DAY_MS) % DAY_MS) - OFFSET_MS);
}

/**
 * The instant of 00:00 Beijing on a "YYYY-MM-DD" date. Throws RangeError for a malformed or
 * impossible date (e.g. 2026-02-30), because a silently rolled-over date would shift policy days.
 */
export function beijingDayStart(date: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const utc = utcMidnight(y, mo - 1, d);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    throw new RangeError(`not a real date: ${date}`);
  }
  return new Date(utc - OFFSET_MS);
}

/**
 * 06:00 Beijing on the next calendar day: when an unaccepted transfer is returned. Always the
 * next day, even for a time after midnight but before 06:00, as in the national rule.
 */
export function nextBeijingSixAm(d: Date): Date {
  return new Date(startOfBeijingDay(d).getTime() + DAY_MS + 6 * 60 * 60 * 1000);
}

/** "HH:MM" → minutes since midnight; throws on anything else so a bad policy row is loud. */
export function parseHhMm(hhmm: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new RangeError(`not an HH:MM time: ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/**
 * Whether `d` falls in [start, end) Beijing time; a window whose start is after its end wraps
 * midnight. Equal start and end means no quiet hours.
 */
export function inQuietHours(d: Date, start = "22:00", end = "06:00"): boolean {
  const from = parseHhMm(start);
  const to = parseHhMm(end);
  const m = beijingMinutesOfDay(d);
  if (from === to) return false;
  return from < to ? m >= from && m < to : m >= from || m < to;
}

/** "2026年11月23日" (Beijing calendar date). */
export function formatDateZh(d: Date): string {
  const s = shifted(d);
  return `${s.getUTCFullYear()}年${s.getUTCMonth() + 1}月${s.getUTCDate()}日`;
}

/** "23 Nov 2026" (Beijing calendar date). */
export function formatDateEn(d: Date): string {
  const s = shifted(d);
  return `${s.getUTCDate()} ${MONTHS_EN[s.getUTCMonth()]} ${s.getUTCFullYear()}`;
}

/**
 * A Beijing calendar month "YYYY-MM" as the half-open instant range [from, to): `to` is the
 * first instant of the next month, so range queries use `at >= from AND at < to`.
 */
export function monthRange(yyyyMm: string): { from: Date; to: Date } {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(yyyyMm);
  if (!m) throw new RangeError(`not a YYYY-MM month: ${yyyyMm}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  return {
    from: new Date(utcMidnight(y, mo - 1, 1) - OFFSET_MS),
    to: new Date(utcMidnight(y, mo, 1) - OFFSET_MS),
  };
}
