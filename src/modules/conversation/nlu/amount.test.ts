import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_AMOUNT_FEN, findAmountInText, parseAmountFen } from "./amount";

describe("parseAmountFen accepts", () => {
  it.each<[string, number]>([
    ["200", 20000],
    ["200.5", 20050],
    ["200.05", 20005],
    ["200.50", 20050],
    ["0.01", 1],
    ["0.5", 50],
    ["￥1,000", 100000],
    ["¥1,000.00", 100000],
    ["¥ 1,234,567.89", 123456789],
    ["1000元", 100000],
    ["两百", 20000],
    ["二百", 20000],
    ["二百五十元", 25000],
    ["二百五", 25000],
    ["三块五", 350],
    ["三块五毛", 350],
    ["三元五角", 350],
    ["三块五毛钱", 350],
    ["三块零五", 305],
    ["三元零五分", 305],
    ["三元五角二分", 352],
    ["五毛二", 52],
    ["五角", 50],
    ["五毛钱", 50],
    ["八分", 8],
    ["5毛", 50],
    ["5角3分", 53],
    ["一块半", 150],
    ["1.5万", 1500000],
    ["1.5万元", 1500000],
    ["一点五万", 1500000],
    ["三点五元", 350],
    ["一千零五十块", 105000],
    ["一万二", 1200000],
    ["一万零二百", 1020000],
    ["1万2千", 1200000],
    ["十万", 10000000],
    ["两千", 200000],
    ["2千", 200000],
    ["两千五", 250000],
    ["三百五", 35000],
    ["十块", 1000],
    ["十五", 1500],
    ["一百零一", 10100],
    ["一百一十", 11000],
    ["壹佰元", 10000],
    ["壹仟贰佰叁拾肆元伍角陆分", 123456],
    ["貳佰圓", 20000],
    ["兩百塊", 20000],
    ["一萬", 1000000],
    ["２００", 20000],
    ["２００．５０元", 20050],
    ["200块钱", 20000],
    ["200 yuan", 20000],
    ["RMB 200", 20000],
    ["rmb200", 20000],
    ["CNY 1,000", 100000],
    ["200元整", 20000],
    ["  200  ", 20000],
    ["200。", 20000],
    ["一亿", 10_000_000_000],
    ["100亿", MAX_AMOUNT_FEN],
  ])("%j → %i fen", (text, fen) => {
    expect(parseAmountFen(text)).toBe(fen);
  });
});

describe("parseAmountFen rejects", () => {
  it.each<[string]>([
    ["0"],
    ["0.00"],
    ["零元"],
    ["-200"],
    ["负两百"],
    ["200.005"],
    ["200.500"],
    ["1.234"],
    ["abc"],
    [""],
    ["   "],
    ["元"],
    ["块钱"],
    ["2027年"],
    ["明年"],
    ["1,00"],
    ["12,34.5"],
    ["二五"],
    ["百"],
    ["万一"],
    ["千万"],
    ["十分"],
    ["3.5元5角"],
    ["101亿"],
    ["99999999999999999999"],
    ["200元300"],
    ["五毛五毛"],
    ["三块五块"],
    ["1..2"],
    ["1.2.3"],
    ["200 dollars"],
  ])("%j → null", (text) => {
    expect(parseAmountFen(text)).toBeNull();
  });
});

describe("findAmountInText", () => {
  it.each<[string, number | null]>([
    ["给我妈转两百", 20000],
    ["轉一千塊給老婆", 100000],
    ["给张三转两百", 20000],
    ["给张三两百", 20000],
    ["转200给王芳", 20000],
    ["转三块五给妹妹", 350],
    ["给儿子转200，谢谢", 20000],
    ["给妈妈转￥1,000.00", 100000],
    ["send 200 to my mom", 20000],
    ["RMB 500 to my wife", 50000],
    ["2027年的医保，转200", 20000],
    ["帮我爸交2027年的医保", null],
    ["交27年的医保", null],
    ["明年", null],
    ["查一下余额", null],
    ["我今年65岁", null],
    ["晚上10点能转吗", null],
    ["第一次转账", null],
    ["转给两个人", null],
    ["千万别转错", null],
    ["万一转错了怎么办", null],
    ["我想转一点钱", null],
    ["转-200", null],
    ["转200.005", null],
    ["十分感谢", null],
  ])("%j → %s", (text, fen) => {
    expect(findAmountInText(text)).toBe(fen);
  });
});

const DIGITS = "零一二三四五六七八九";
const UNITS = ["", "十", "百", "千"];

/** 0 < n < 10000 in standard Chinese: 1010 → 一千零一十, 305 → 三百零五. */
function fourDigits(n: number): string {
  let out = "";
  let zeroPending = false;
  for (let pos = 3; pos >= 0; pos--) {
    const d = Math.floor(n / 10 ** pos) % 10;
    if (d === 0) {
      if (out !== "") zeroPending = true;
      continue;
    }
    if (zeroPending) out += "零";
    zeroPending = false;
    out += DIGITS[d]! + UNITS[pos]!;
  }
  return out;
}

/** A positive integer below 10^8 in standard Chinese numerals (十五, 一万零五百, 十万零一). */
function toChineseNumeral(n: number): string {
  const high = Math.floor(n / 10_000);
  const low = n % 10_000;
  let out = high > 0 ? `${fourDigits(high)}万` : "";
  if (low > 0) out += (high > 0 && low < 1000 ? "零" : "") + fourDigits(low);
  return out.replace(/^一十/, "十");
}

/** Yuan, 角 and 分 spelled out: 1234.05 → 一千二百三十四元零五分. */
function toChineseAmount(fen: number, yuanWord: string): string {
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const cents = fen % 10;
  let out = yuan > 0 ? toChineseNumeral(yuan) + yuanWord : "";
  if (jiao > 0) out += `${DIGITS[jiao]}角`;
  if (cents > 0) out += `${jiao === 0 && yuan > 0 ? "零" : ""}${DIGITS[cents]}分`;
  return out;
}

const FINANCIAL: Record<string, string> = {
  一: "壹",
  二: "贰",
  三: "叁",
  四: "肆",
  五: "伍",
  六: "陆",
  七: "柒",
  八: "捌",
  九: "玖",
  十: "拾",
  百: "佰",
  千: "仟",
};
const TRADITIONAL: Record<string, string> = { 万: "萬", 块: "塊", 两: "兩" };

const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
const decimal = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;

describe("toChineseNumeral (test helper)", () => {
  it.each<[number, string]>([
    [15, "十五"],
    [110, "一百一十"],
    [1010, "一千零一十"],
    [10500, "一万零五百"],
    [100001, "十万零一"],
    [120000, "十二万"],
  ])("%i → %s", (n, text) => {
    expect(toChineseNumeral(n)).toBe(text);
  });
});

describe("amount round trip (property)", () => {
  const fen = fc.integer({ min: 1, max: 99_999_999 });

  it("X.YY, X元 and ¥X,XXX.YY parse back to the same fen", () => {
    fc.assert(
      fc.property(fen, (n) => {
        const yuanForm = n % 100 === 0 ? `${n / 100}元` : `${decimal(n)}元`;
        expect(parseAmountFen(decimal(n))).toBe(n);
        expect(parseAmountFen(yuanForm)).toBe(n);
        expect(parseAmountFen(`¥${grouped(Math.floor(n / 100))}.${decimal(n).slice(-2)}`)).toBe(n);
      }),
    );
  });

  it("Chinese numerals (standard, 两, financial, Traditional) parse back to the same fen", () => {
    fc.assert(
      fc.property(fen, fc.constantFrom("元", "块"), (n, yuanWord) => {
        const standard = toChineseAmount(n, yuanWord);
        const liang = standard.replace(/(?<!十)二(?=[百千万])/g, "两");
        const financial = Array.from(standard, (c) => FINANCIAL[c] ?? c).join("");
        const traditional = Array.from(liang, (c) => TRADITIONAL[c] ?? c).join("");
        for (const text of [standard, liang, financial, traditional]) {
          expect(parseAmountFen(text), text).toBe(n);
        }
      }),
    );
  });

  it("an amount said inside a transfer sentence is found", () => {
    fc.assert(
      fc.property(fen, (n) => {
        expect(findAmountInText(`给我妈转${toChineseAmount(n, "块")}吧`)).toBe(n);
        expect(findAmountInText(`转${decimal(n)}给王芳`)).toBe(n);
      }),
    );
  });
});
