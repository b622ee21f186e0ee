// Coverage years ("明年的医保", "2027年", "二〇二七年", "next year"). Relative words are
// resolved against the Beijing calendar date, because premium years and collection windows are
// Beijing-time calendar years whatever the server's time zone.

import { digitValue } from "./numerals";

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The calendar year in Beijing (UTC+8, no daylight saving) at the instant `now`. */
export function beijingYear(now: Date): number {
  return new Date(now.getTime() + BEIJING_OFFSET_MS).getUTCFullYear();
}

const RELATIVE_ZH: ReadonlyArray<readonly [RegExp, number]> = [
  [/大后年/, 3],
  [/后年/, 2],
  [/明年|下一年|下年度|来年|下一个年度/, 1],
  [/今年|本年度|本年|当年|这一年/, 0],
  [/去年|上一年|上年度/, -1],
];

const RELATIVE_EN: ReadonlyArray<readonly [RegExp, number]> = [
  [/\byear after next\b/, 2],
  [/\bnext year\b|\bnext year s\b/, 1],
  [/\bthis year\b|\bcurrent year\b/, 0],
  [/\blast year\b/, -1],
];

const ARABIC_YEAR = /(?<!\d)(\d{4}|\d{2})年/;
const CHINESE_YEAR = /([零〇○一二三四五六七八九]{2,4})年/;
const ENGLISH_YEAR = /\b(20\d{2})\b/;

// "27年" is 2027: nobody pays a premium for 1927. Four digits outside this century and the next
// are not a coverage year.
function fromDigits(digits: string): number | null {
  if (digits.length === 2) return 2000 + Number(digits);
  if (digits.length !== 4) return null;
  const year = Number(digits);
  return year >= 2000 && year <= 2199 ? year : null;
}

/**
 * The coverage year a sentence names, or undefined. `compact` is normalize()d text, `words`
 * normalizeWords() text of the same sentence.
 */
export function findYear(compact: string, words: string, now: Date): number | undefined {
  const base = beijingYear(now);
  const arabic = ARABIC_YEAR.exec(compact);
  if (arabic) return fromDigits(arabic[1]!) ?? undefined;
  const chinese = CHINESE_YEAR.exec(compact);
  if (chinese) {
    const digits = Array.from(chinese[1]!, (c) => String(digitValue(c))).join("");
    const year = fromDigits(digits);
    if (year !== null) return year;
  }
  for (const [pattern, delta] of RELATIVE_ZH) if (pattern.test(compact)) return base + delta;
  const english = ENGLISH_YEAR.exec(words);
  if (english) return Number(english[1]);
  for (const [pattern, delta] of RELATIVE_EN) if (pattern.test(words)) return base + delta;
  return undefined;
}
