// Text normalisation shared by the NLU grammar. Every mapping here is one character to one
// character (or a deletion), so a rule written once in Simplified Chinese and half-width Latin
// matches what users actually type: Traditional script, full-width IME output, stray spaces.

// Only characters that occur in the grammar (intent keywords, relation words, numerals) are
// listed: a full converter would also rewrite most people's names, which should reach the
// registry look-up as typed. A name that happens to contain one of these comes out Simplified.
const TRAD_TO_SIMP_PAIRS =
  "轉转給给媽妈兩两塊块萬万億亿圓圆醫医繳缴費费餘余額额帳账賬账單单親亲屬属爺爷兒儿閨闺孫孙婦妇愛爱綁绑開开錢钱細细記记錄录規规則则" +
  "誰谁幫帮這这個个幾几麼么還还們们長长護护險险續续後后來来請请問问聯联繫系係系絡络說说話话嗎吗為为統统籌筹區区療疗別别與与對对發发" +
  "過过沒没筆笔紀纪戶户匯汇陸陆貳贰參参點点號号歲岁時时間间當当會会從从讓让實实碼码證证務务員员買买辦办應应該该煩烦謝谢裡里裏里見见" +
  "詢询處处報报數数總总歷历態态狀状結结際际線线邊边嬤嬷姊姐妳你鐘钟週周嬸婶歡欢稱称換换鎖锁頁页驗验啟启啓启條条資资體体變变離离項项" +
  "滿满聽听幣币撥拨寶宝隻只帐账銷销藥药機机構构診诊濟济關关絕绝註注閉闭";

const TRAD_TO_SIMP: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  const chars = Array.from(TRAD_TO_SIMP_PAIRS);
  for (let i = 0; i + 1 < chars.length; i += 2) map.set(chars[i]!, chars[i + 1]!);
  return map;
})();

/** Full-width ASCII (U+FF01–FF5E), the ideographic space and the full-width yen sign to half-width. */
export function toHalfWidth(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCodePoint(code - 0xfee0);
    else if (code === 0x3000) out += " ";
    else if (code === 0xffe5) out += "¥";
    else out += ch;
  }
  return out;
}

/** Traditional → Simplified for the grammar's characters only; everything else passes through. */
export function toSimplified(text: string): string {
  let out = "";
  for (const ch of text) out += TRAD_TO_SIMP.get(ch) ?? ch;
  return out;
}

// Pinyin-IME slips that users make in the grammar's words ("邦定" for 绑定, "注消" for 注销). Each
// pair has the same length, so offsets found in the corrected text hold in the original.
const HOMOPHONES: ReadonlyArray<readonly [RegExp, string]> = [
  [/邦定|帮定|梆定/g, "绑定"],
  [/解邦|解帮|解梆/g, "解绑"],
  [/注消|注宵/g, "注销"],
  [/密马|秘码|蜜码/g, "密码"],
  [/二唯码|二维吗/g, "二维码"],
  [/医宝/g, "医保"],
  [/缴废|交废/g, "缴费"],
  [/余颌|于额|余鹅/g, "余额"],
];

function fixHomophones(text: string): string {
  let out = text;
  for (const [pattern, fix] of HOMOPHONES) out = out.replace(pattern, fix);
  return out;
}

/** Half-width, Simplified, lower-case: the script-independent form, spacing and punctuation kept. */
export function normalizeText(text: string): string {
  return fixHomophones(toSimplified(toHalfWidth(text)).toLowerCase());
}

// English keywords of the grammar, and the misspellings one slip away from them that people type
// ("trasnfer", "balence"): a word of five letters or more that is not a keyword but is one edit
// (or one swap of neighbours) away from exactly one keyword becomes that keyword.
const KEYWORDS = [
  "transfer",
  "balance",
  "invitation",
  "invite",
  "premium",
  "wallet",
  "unbind",
  "statement",
  "statements",
  "pharmacy",
  "hospital",
  "hospitals",
  "password",
  "insurance",
  "accept",
  "decline",
  "cancel",
  "close",
  "quota",
  "relative",
  "relatives",
  "daughter",
  "husband",
  "mother",
  "father",
  "grandma",
  "grandpa",
  "history",
  "location",
  "guardian",
];
const KEYWORD_SET = new Set(KEYWORDS);

function oneSlipAway(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  if (a.length === b.length) {
    const diff: number[] = [];
    for (let i = 0; i < a.length && diff.length < 3; i++) if (a[i] !== b[i]) diff.push(i);
    if (diff.length === 1) return true;
    return diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]!] && a[diff[1]!] === b[diff[0]!];
  }
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  for (let i = 0; i < long.length; i++) if (long.slice(0, i) + long.slice(i + 1) === short) return true;
  return false;
}

function fixEnglishWord(word: string): string {
  if (word.length < 5 || KEYWORD_SET.has(word) || !/^[a-z]+$/.test(word)) return word;
  const near = KEYWORDS.filter((k) => k.length >= 5 && oneSlipAway(word, k));
  return near.length === 1 ? near[0]! : word;
}

// A "." or "," between two digits is part of a number ("200.5", "1,000"); everywhere else it is
// sentence punctuation. The yen sign is kept because it marks an amount.
const KEPT_SYMBOL = /[¥]/u;
const DROPPABLE = /[\s\p{P}\p{S}]/u;

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= "0" && ch <= "9";
}

/**
 * The form intent rules match against: normalizeText, then spaces and punctuation removed.
 * A decimal point between digits and a minus sign before one survive; thousands separators
 * are dropped (they carry no value), so "￥1，000" becomes "¥1000".
 */
export function normalize(text: string): string {
  const chars = Array.from(normalizeText(text));
  let out = "";
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === "." && isDigit(out.at(-1)) && isDigit(nextNonSpace(chars, i + 1))) {
      out += ch;
      continue;
    }
    // A minus sign must survive so that "转-200" is not read as a transfer of 200.
    if ((ch === "-" || ch === "\u2212") && isDigit(nextNonSpace(chars, i + 1))) out += "-";
    else if (KEPT_SYMBOL.test(ch)) out += ch;
    else if (!DROPPABLE.test(ch)) out += ch;
  }
  return out;
}

function nextNonSpace(chars: string[], from: number): string | undefined {
  for (let i = from; i < chars.length; i++) if (!/\s/u.test(chars[i]!)) return chars[i];
  return undefined;
}

/**
 * The form English rules match against: normalizeText with punctuation turned into single
 * spaces, so word boundaries survive ("dad's" → "dad s", "talk-to-an agent" → "talk to an agent").
 */
export function normalizeWords(text: string): string {
  const chars = Array.from(normalizeText(text));
  let out = "";
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const numeric = (ch === "." || ch === ",") && isDigit(chars[i - 1]) && isDigit(chars[i + 1]);
    if (numeric) out += ch === "." ? "." : "";
    else if (KEPT_SYMBOL.test(ch)) out += ch;
    else out += DROPPABLE.test(ch) ? " " : ch;
  }
  return out.replace(/\s+/g, " ").trim().split(" ").map(fixEnglishWord).join(" ");
}
