// Statement months in free text ("上个月的账单", "十一月的账单", "2026年3月", "last month",
// "bills for november"). Resolved against the Beijing calendar, like the statement itself; a month
// named without a year is the latest one that is not in the future.

import { parseChineseInteger } from "./numerals";
import { beijingYear } from "./years";

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The Beijing calendar month at `now`, 1–12. */
function beijingMonth(now: Date): number {
  return new Date(now.getTime() + BEIJING_OFFSET_MS).getUTCMonth() + 1;
}

function ym(year: number, month: number): string {
  const d = new Date(Date.UTC(year, month - 1, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

const RELATIVE_ZH: ReadonlyArray<readonly [RegExp, number]> = [
  [/上上个?月/, -2],
  [/上个?月|上一个月|前一个月/, -1],
  [/这个月|本月|当月|这月/, 0],
];
const RELATIVE_EN: ReadonlyArray<readonly [RegExp, number]> = [
  [/\blast month\b|\bprevious month\b/, -1],
  [/\bthis month\b|\bcurrent month\b/, 0],
];

const EN_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const EN_MONTH =
  /\b(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b(?: (20\d{2}))?/;

// "十一月", "11月", "2026年11月", "26年3月", "去年十二月"; not "11月份的医保"-style years.
const ZH_MONTH = /(?:(\d{4}|\d{2}|今|去|前)年)?([一二三四五六七八九十]{1,3}|\d{1,2})月(?!份?的?(?:医保|保费))/;

function latestNotFuture(month: number, now: Date): string {
  const year = beijingYear(now);
  return month <= beijingMonth(now) ? ym(year, month) : ym(year - 1, month);
}

/** The statement month ("YYYY-MM") a sentence names, or undefined. */
export function findMonth(compact: string, words: string, now: Date): string | undefined {
  const year = beijingYear(now);
  const month = beijingMonth(now);
  for (const [pattern, delta] of RELATIVE_ZH) if (pattern.test(compact)) return ym(year, month + delta);
  const zh = ZH_MONTH.exec(compact);
  if (zh) {
    const m = /^\d+$/.test(zh[2]!) ? Number(zh[2]) : parseChineseInteger(zh[2]!);
    if (m !== null && m >= 1 && m <= 12) {
      const y = zh[1];
      if (y === undefined) return latestNotFuture(m, now);
      if (y === "今") return ym(year, m);
      if (y === "去") return ym(year - 1, m);
      if (y === "前") return ym(year - 2, m);
      return ym(y.length === 2 ? 2000 + Number(y) : Number(y), m);
    }
  }
  for (const [pattern, delta] of RELATIVE_EN) if (pattern.test(words)) return ym(year, month + delta);
  const en = EN_MONTH.exec(words);
  // "may" is a month only where a month is expected: "bills for may", "may 2026".
  if (en && !(en[1] === "may" && !en[2] && !/\b(?:in|for|of) may\b/.test(words))) {
    const m = EN_MONTHS.indexOf(en[1]!.slice(0, 3)) + 1;
    return en[2] ? ym(Number(en[2]), m) : latestNotFuture(m, now);
  }
  return undefined;
}
