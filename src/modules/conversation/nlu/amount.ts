// Amounts in fen from what people type or say: "200.5", "￥1,000", "两百", "三块五", "五毛",
// "1.5万", "一万二", "壹佰元", "200 yuan". All arithmetic is on integers (see numerals.ts).

import { normalize, normalizeText } from "./normalize";
import { digitValue, isNumeralChar, parseDecimalHundredths } from "./numerals";

/** Above ¥10,000,000,000 an "amount" is a typo or an ID number, never a payment. */
export const MAX_AMOUNT_FEN = 1_000_000_000_000;

const YUAN_UNIT = /[元块圆]/;
const SUB_UNIT = /[角毛分]/;
const D = "[0-9零〇一二两俩三四五六七八九壹贰叁参肆伍陆柒捌玖]";
const JIAO_FEN = new RegExp(`^(${D})[角毛](?:零?(${D})分?)?$`);
const FEN_ONLY = new RegExp(`^零?(${D})分$`);
const ZERO_THEN_FEN = new RegExp(`^零(${D})$`);
const BARE_JIAO = new RegExp(`^(${D})$`);

const CURRENCY_PREFIX = /^(?:¥|rmb|cny|人民币)/;
const CURRENCY_SUFFIX = /(?:yuan|rmb|cny|人民币)$/;

/**
 * The whole text as one amount in integer fen, or null when it is not exactly an amount, is
 * zero or negative, has more than two decimals, or exceeds MAX_AMOUNT_FEN.
 */
export function parseAmountFen(text: string): number | null {
  let s = normalizeText(text)
    .replace(/\s+/g, "")
    .replace(/[。!?]+$/u, "");
  s = s.replace(CURRENCY_PREFIX, "").replace(CURRENCY_SUFFIX, "");
  s = s.replace(/整$/, "").replace(/钱$/, "");
  if (s === "") return null;
  const fen = parseBody(s);
  if (fen === null || fen <= 0 || fen > MAX_AMOUNT_FEN) return null;
  return fen;
}

function parseBody(s: string): number | null {
  const yuanAt = s.search(YUAN_UNIT);
  if (yuanAt >= 0) {
    const numberText = s.slice(0, yuanAt);
    if (numberText === "") return null;
    const yuanFen = parseDecimalHundredths(numberText);
    const sub = parseSubYuan(s.slice(yuanAt + 1), true);
    if (yuanFen === null || sub === null) return null;
    // "3.5元5角" states the 角 twice; refuse instead of adding them.
    if (sub > 0 && /[.点]/.test(numberText)) return null;
    return yuanFen + sub;
  }
  if (SUB_UNIT.test(s)) return parseSubYuan(s, false);
  return parseDecimalHundredths(s);
}

/**
 * What follows 元/块 (or stands alone): "五" / "五角" / "五毛二" / "五角二分" / "零五" / "八分"
 * / "半". A bare digit counts as 角 only straight after 元/块 ("三块五" = 3.50), as speech does.
 */
function parseSubYuan(rest: string, afterYuan: boolean): number | null {
  if (rest === "") return afterYuan ? 0 : null;
  let m = JIAO_FEN.exec(rest);
  if (m) return digitValue(m[1]!)! * 10 + (m[2] === undefined ? 0 : digitValue(m[2])!);
  m = FEN_ONLY.exec(rest);
  if (m) return digitValue(m[1]!)!;
  if (!afterYuan) return null;
  if (rest === "半") return 50;
  m = ZERO_THEN_FEN.exec(rest);
  if (m) return digitValue(m[1]!)!;
  m = BARE_JIAO.exec(rest);
  if (m) return digitValue(m[1]!)! * 10;
  return null;
}

/** An amount found inside a sentence, with its place (UTF-16 offsets) in the normalize()d text. */
export type AmountMatch = { fen: number; start: number; end: number };

const RUN_CHAR = /[0-9.¥点元块圆角毛分钱整半]/;
// A number followed by one of these counts something else: a year, an age, a time, a quantity.
const NOT_MONEY_AFTER = /^[年月日号岁个次天位笔张人下周倍钟期届度楼层只件条句名点:]/;
const NOT_MONEY_BEFORE = /[第]$/;
const CANNOT_START = /^[.点元块圆角毛分钱整半]+/;
const MARKER_BEFORE = /(?:¥|rmb|cny|人民币)$/;
const MARKER_AFTER = /^(?:yuan|rmb|cny|人民币)/;

function isRunChar(ch: string): boolean {
  return RUN_CHAR.test(ch) || isNumeralChar(ch);
}

/**
 * The first amount in an already normalize()d sentence. Digits that count something else —
 * "2027年", "3个", "第二", "10点" — are skipped, as are negatives and a lone Chinese digit
 * without a currency word ("查一下", "张三"), which is almost never money in a sentence.
 */
export function locateAmount(compact: string): AmountMatch | null {
  const chars = Array.from(compact);
  let i = 0;
  while (i < chars.length) {
    if (!isRunChar(chars[i]!)) {
      i++;
      continue;
    }
    let end = i;
    while (end < chars.length && isRunChar(chars[end]!)) end++;
    const found = amountInRun(chars, i, end);
    if (found) return found;
    i = end;
  }
  return null;
}

// No amount we accept is written with more characters than this; longer runs are pasted
// digits (ID or card numbers) and trying every suffix of them would cost quadratic time.
const MAX_RUN = 40;

function amountInRun(chars: string[], runStart: number, runEnd: number): AmountMatch | null {
  if (runEnd - runStart > MAX_RUN) return null;
  const after = chars.slice(runEnd, runEnd + 6).join("");
  if (NOT_MONEY_AFTER.test(after) || chars[runEnd - 1] === "点") return null;
  if (runStart > 0 && /[-负]/.test(chars[runStart - 1]!)) return null; // "转-200" is no transfer
  // A name or a counted word can sit right before the amount ("给张三两百"), so when the whole
  // run does not parse, try it without its first characters.
  for (let start = runStart; start < runEnd; start++) {
    // Never cut an Arabic number apart: "200.005" must not yield "005".
    if (start > runStart && /[0-9.]/.test(chars[start - 1]!)) continue;
    const text = chars.slice(start, runEnd).join("");
    if (CANNOT_START.test(text)) continue;
    const before = chars.slice(Math.max(0, start - 3), start).join("");
    if (NOT_MONEY_BEFORE.test(before)) continue;
    const marked = MARKER_BEFORE.test(before) || MARKER_AFTER.test(after) || /[¥元块圆角毛分]/.test(text);
    if (!marked && !/[0-9]/.test(text) && Array.from(text.replace(/钱$/, "")).length < 2) continue;
    const fen = parseAmountFen(text);
    if (fen !== null) return { fen, start: utf16Offset(chars, start), end: utf16Offset(chars, runEnd) };
  }
  return null;
}

// Callers slice the string with these offsets, so they are UTF-16 offsets, not code points.
function utf16Offset(chars: string[], index: number): number {
  return chars.slice(0, index).join("").length;
}

/** The first amount mentioned anywhere in free text ("给我妈转两百" → 20000), else null. */
export function findAmountInText(text: string): number | null {
  return locateAmount(normalize(text))?.fen ?? null;
}
