// Chinese and Arabic numerals → exact integers. Input is already normalised (half-width,
// Simplified). Values are built from integer arithmetic only: money must never pass through a
// binary fraction.

const DIGITS: ReadonlyMap<string, number> = new Map([
  ["零", 0],
  ["〇", 0],
  ["○", 0],
  ["一", 1],
  ["壹", 1],
  ["幺", 1],
  ["二", 2],
  ["两", 2],
  ["贰", 2],
  ["俩", 2],
  ["三", 3],
  ["叁", 3],
  ["参", 3],
  ["四", 4],
  ["肆", 4],
  ["五", 5],
  ["伍", 5],
  ["六", 6],
  ["陆", 6],
  ["七", 7],
  ["柒", 7],
  ["八", 8],
  ["捌", 8],
  ["九", 9],
  ["玖", 9],
]);

// Units inside one 万-section, and the section units themselves.
const SMALL_UNITS: ReadonlyMap<string, number> = new Map([
  ["十", 10],
  ["拾", 10],
  ["百", 100],
  ["佰", 100],
  ["千", 1000],
  ["仟", 1000],
]);
const BIG_UNITS: ReadonlyMap<string, number> = new Map([
  ["万", 10_000],
  ["亿", 100_000_000],
]);

/** Longest run of digits we convert; anything longer is far beyond any amount we accept. */
const MAX_DIGIT_RUN = 15;

/** The value of a single digit character (Chinese, financial or Arabic), else undefined. */
export function digitValue(ch: string): number | undefined {
  if (ch.length === 1 && ch >= "0" && ch <= "9") return ch.charCodeAt(0) - 48;
  return DIGITS.get(ch);
}

export function isNumeralChar(ch: string): boolean {
  return digitValue(ch) !== undefined || SMALL_UNITS.has(ch) || BIG_UNITS.has(ch);
}

/**
 * An integer written with Chinese numerals, Arabic digits or a mix ("二百五十", "一千零五十",
 * "1万2千", "十五", "壹佰"). Colloquial abbreviation is understood: a last digit straight after a
 * unit counts one place lower ("一万二" = 12000, "两千五" = 2500, "三百五" = 350) unless a 零
 * separates them ("一百零一" = 101). Null when the text is not a well-formed numeral.
 */
export function parseChineseInteger(text: string): number | null {
  const chars = Array.from(text);
  if (chars.length === 0) return null;
  let total = 0; // sections already closed by 万/亿
  let section = 0; // value inside the current 万-section
  let pending: number | null = null; // a digit (or Arabic run) not yet given a unit
  let lastSmallUnit = Infinity; // units in a section must strictly descend
  let lastBigUnit = Infinity;
  let lastUnit = 0; // the unit just before `pending`, for the colloquial rule
  let afterZero = false;
  let i = 0;
  while (i < chars.length) {
    const ch = chars[i]!;
    if (ch >= "0" && ch <= "9") {
      if (pending !== null) return null;
      let run = "";
      while (i < chars.length && chars[i]! >= "0" && chars[i]! <= "9") run += chars[i++];
      if (run.length > MAX_DIGIT_RUN) return null;
      pending = Number(run);
      continue;
    }
    const d = DIGITS.get(ch);
    if (d !== undefined) {
      if (d === 0) {
        if (pending !== null) return null;
        afterZero = true;
        i++;
        continue;
      }
      if (pending !== null) return null; // "二五" is not a number
      pending = d;
      i++;
      continue;
    }
    const small = SMALL_UNITS.get(ch);
    if (small !== undefined) {
      if (small >= lastSmallUnit) return null;
      // A bare 十 at the start of a section means 一十 ("十五"); other units need a digit.
      const n = pending ?? (small === 10 && section === 0 && !afterZero ? 1 : null);
      if (n === null) return null;
      section += n * small;
      pending = null;
      lastSmallUnit = small;
      lastUnit = small;
      afterZero = false;
      i++;
      continue;
    }
    const big = BIG_UNITS.get(ch);
    if (big !== undefined) {
      if (big >= lastBigUnit) return null;
      const sectionValue = section + (pending ?? 0);
      if (sectionValue === 0) return null;
      if (big === 100_000_000) total = (total + sectionValue) * big;
      else total += sectionValue * big;
      section = 0;
      pending = null;
      lastSmallUnit = Infinity;
      lastBigUnit = big;
      lastUnit = big;
      afterZero = false;
      i++;
      continue;
    }
    return null;
  }
  if (pending !== null) {
    const abbreviated = lastUnit >= 100 && !afterZero;
    section += abbreviated ? pending * (lastUnit / 10) : pending;
  } else if (afterZero && total + section === 0) {
    return 0; // "零"
  }
  const value = total + section;
  return Number.isSafeInteger(value) ? value : null;
}

/**
 * A decimal numeral as an exact fraction: "200.05", "1.5万", "三点五", "一点二五万", "1,000.00".
 * Returns the value scaled by 100 (i.e. in fen when the number is yuan); null when malformed or
 * when the scaled value is not a whole number (more precision than a fen).
 */
export function parseDecimalHundredths(text: string): number | null {
  let body = text;
  let multiplier = 1;
  const lastChar = body.at(-1);
  if (lastChar !== undefined && /[.点]/.test(body) && (BIG_UNITS.has(lastChar) || SMALL_UNITS.has(lastChar))) {
    multiplier = BIG_UNITS.get(lastChar) ?? SMALL_UNITS.get(lastChar)!;
    body = body.slice(0, -1);
  }
  const pointAt = body.search(/[.点]/);
  if (pointAt < 0) {
    const grouped = ungroupThousands(body);
    if (grouped === null) return null;
    const n = parseChineseInteger(grouped);
    return n === null ? null : checkedScale(n, 100);
  }
  const intText = ungroupThousands(body.slice(0, pointAt));
  const fracText = body.slice(pointAt + 1);
  if (intText === null || intText === "" || fracText === "") return null;
  const whole = parseChineseInteger(intText);
  if (whole === null) return null;
  const fracDigits = Array.from(fracText).map(digitValue);
  if (fracDigits.some((d) => d === undefined)) return null;
  // Without a 万/千 multiplier a third decimal is below one fen, even "200.500": reject it
  // rather than guess what the user meant.
  if (fracDigits.length > (multiplier === 1 ? 2 : 8)) return null;
  let fraction = 0;
  for (const d of fracDigits) fraction = fraction * 10 + d!;
  const denominator = 10 ** fracDigits.length;
  const scaledFraction = fraction * 100 * multiplier;
  if (scaledFraction % denominator !== 0) return null;
  const wholeScaled = checkedScale(whole, 100 * multiplier);
  if (wholeScaled === null) return null;
  const value = wholeScaled + scaledFraction / denominator;
  return Number.isSafeInteger(value) ? value : null;
}

function checkedScale(n: number, factor: number): number | null {
  const v = n * factor;
  return Number.isSafeInteger(v) ? v : null;
}

// "1,000" and "12,345,678" are accepted; a comma anywhere else ("1,00") makes the text invalid
// rather than silently changing the amount.
function ungroupThousands(text: string): string | null {
  if (!text.includes(",")) return text;
  return /^\d{1,3}(,\d{3})+$/.test(text) ? text.replace(/,/g, "") : null;
}
