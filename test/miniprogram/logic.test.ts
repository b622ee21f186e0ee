// @vitest-environment jsdom
import { describe, expect, test } from "vitest";
import { idCheckChar } from "../../src/lib/id-number";
import { mpRequire } from "./support/mp";

// The mini-program's pure helpers, as compiled for WeChat.
const format = mpRequire("lib/format.js");
const { checkIdNumber, idFeedback } = mpRequire("lib/id-check.js");
const { nextAmountText } = mpRequire("lib/amount-input.js");
const { weakPin } = mpRequire("lib/pin-rules.js");
const { toTraditional } = mpRequire("lib/zh-tw.js");
const { describe: describePolicy } = mpRequire("lib/describe.js");
const { strings } = mpRequire("lib/i18n.js");

describe("money and dates", () => {
  test.each([
    [0, "¥0.00"],
    [1, "¥0.01"],
    [123456, "¥1,234.56"],
    [200000, "¥2,000.00"],
    [123456789012, "¥1,234,567,890.12"],
    [-2000, "-¥20.00"],
  ])("money(%i) = %s", (fen, text) => expect(format.money(fen)).toBe(text));

  test("signed amounts for bills", () => {
    expect(format.signedMoney(20000)).toBe("+¥200.00");
    expect(format.signedMoney(-20000)).toBe("-¥200.00");
  });

  test("yuan text to fen", () => {
    expect(format.parseYuan("200")).toBe(20000);
    expect(format.parseYuan("0.5")).toBe(50);
    expect(format.parseYuan("12.34")).toBe(1234);
    expect(format.parseYuan("1.234")).toBeNull();
    expect(format.parseYuan("abc")).toBeNull();
  });

  test("dates in Beijing time: 2026年11月23日 / 23 Nov 2026", () => {
    expect(format.date("2026-11-23T10:00:00+08:00", "zh-CN")).toBe("2026年11月23日");
    expect(format.date("2026-11-23T10:00:00+08:00", "zh-TW")).toBe("2026年11月23日");
    expect(format.date("2026-11-23T10:00:00+08:00", "en")).toBe("23 Nov 2026");
    // 22:30 UTC is already the next morning in Beijing.
    expect(format.dateTime("2026-11-24T22:00:00Z", "zh-CN")).toBe("2026年11月25日 06:00");
    expect(format.dateTime("2026-11-24T22:00:00Z", "en")).toBe("25 Nov 2026 06:00");
    expect(format.date("2027-02-28", "en")).toBe("28 Feb 2027");
    expect(format.month("2026-03", "zh-CN")).toBe("2026年3月");
    expect(format.month("2026-03", "en")).toBe("Mar 2026");
    expect(format.currentMonth(new Date("2026-11-30T17:00:00Z"))).toBe("2026-12");
  });
});

describe("ID number check-digit feedback (GB 11643, ISO 7064 MOD 11-2)", () => {
  const today = "2026-11-24";
  const first17 = "32050519800101123";
  const valid = first17 + idCheckChar(first17);

  test("agrees with the server's check character for many numbers", () => {
    for (let i = 0; i < 300; i++) {
      const body = `110105${1950 + (i % 60)}${String(1 + (i % 12)).padStart(2, "0")}${String(1 + (i % 28)).padStart(2, "0")}${String(i % 1000).padStart(3, "0")}`;
      const id = body + idCheckChar(body);
      expect(checkIdNumber(id, today)).toMatchObject({ state: "ok", idNumber: id });
    }
  });

  test("a wrong last character, a typed digit, a bad date, letters and short input", () => {
    const wrongLast = first17 + (idCheckChar(first17) === "0" ? "1" : "0");
    expect(checkIdNumber(wrongLast, today)).toMatchObject({ state: "checksum" });
    const typo = `${valid.slice(0, 10)}${(Number(valid[10]) + 1) % 10}${valid.slice(11)}`;
    expect(checkIdNumber(typo, today).state).not.toBe("ok");
    const feb30 = "32050519800230123";
    expect(checkIdNumber(feb30 + idCheckChar(feb30), today)).toEqual({ state: "birth_date" });
    const future = "32050520300101123";
    expect(checkIdNumber(future + idCheckChar(future), today)).toEqual({ state: "birth_date" });
    expect(checkIdNumber("3205A5", today)).toEqual({ state: "format" });
    expect(checkIdNumber("320505", today)).toEqual({ state: "typing", remaining: 12 });
    expect(checkIdNumber("", today)).toEqual({ state: "empty" });
  });

  test("lowercase x and spaces are accepted; gender from the 17th digit", () => {
    const body = "11010519491231002";
    const check = idCheckChar(body);
    const typed = `${body.slice(0, 6)} ${body.slice(6)}${check.toLowerCase()}`;
    expect(checkIdNumber(typed, today)).toMatchObject({ state: "ok", idNumber: body + check, gender: "female" });
    expect(checkIdNumber(valid, today)).toMatchObject({ gender: "male", birthDate: "1980-01-01" });
  });

  test("the feedback line in three languages", () => {
    expect(idFeedback({ state: "typing", remaining: 3 }, strings("pad", "zh-CN"))).toEqual({ feedback: "还差3位", state: "typing" });
    expect(idFeedback({ state: "checksum", expected: "X" }, strings("pad", "zh-TW")).feedback).toBe("校驗位不符，請逐位核對號碼");
    expect(idFeedback({ state: "ok" }, strings("pad", "en"))).toEqual({ feedback: "The number checks out", state: "ok" });
  });
});

describe("amount keypad and PIN rules", () => {
  test("at most two decimals, one point, no leading zeros, nine integer digits", () => {
    const type = (keys: string[]) => keys.reduce((t, k) => nextAmountText(t, k) ?? t, "");
    expect(type(["2", "0", "0"])).toBe("200");
    expect(type([".", "5"])).toBe("0.5");
    expect(type(["1", ".", "2", "3", "4"])).toBe("1.23");
    expect(type(["0", "0", "7"])).toBe("7");
    expect(type(["1", ".", ".", "5"])).toBe("1.5");
    expect(type(["1", "2", "del"])).toBe("1");
    expect(type(Array(12).fill("9"))).toBe("999999999");
  });

  test("sequential and repeated PINs are refused before they are sent", () => {
    for (const pin of ["123456", "654321", "567890", "098765", "000000", "888888", "12345", "abcdef"]) expect(weakPin(pin)).toBe(true);
    for (const pin of ["135790", "802461", "112233"]) expect(weakPin(pin)).toBe(false);
  });
});

describe("simplified → traditional for server messages", () => {
  // GLOSSARY.md: the 简体 and 繁體 columns.
  test.each([
    ["医保钱包", "醫保錢包"],
    ["职工医保", "職工醫保"],
    ["个人账户资金", "個人賬戶資金"],
    ["亲属转入资金", "親屬轉入資金"],
    ["跨省共济", "跨省共濟"],
    ["近亲属", "近親屬"],
    ["添加共济亲属", "添加共濟親屬"],
    ["邀请 / 接受 / 拒绝", "邀請 / 接受 / 拒絕"],
    ["转账", "轉賬"],
    ["实时到账", "實時到賬"],
    ["居民医保个人缴费", "居民醫保個人繳費"],
    ["集中缴费期", "集中繳費期"],
    ["医保码（医保电子凭证）", "醫保碼（醫保電子憑證）"],
    ["定点医药机构", "定點醫藥機構"],
    ["结算 / 退款", "結算 / 退款"],
    ["统筹区", "統籌區"],
    ["个人账户划入", "個人賬戶劃入"],
    ["实名认证", "實名認證"],
    ["人脸识别", "人臉識別"],
    ["支付密码", "支付密碼"],
    ["账单", "賬單"],
    ["电子回单", "電子回單"],
    ["已冻结", "已凍結"],
    ["长辈模式", "長輩模式"],
    ["转人工客服", "轉人工客服"],
    ["冲正", "沖正"],
    ["(外)孙子女", "(外)孫子女"],
    ["系统繁忙，请稍后再试，本次操作未生效", "系統繁忙，請稍後再試，本次操作未生效"],
    ["与该亲属的关系未能核实", "與該親屬的關係未能核實"],
  ])("%s → %s", (simplified, traditional) => expect(toTraditional(simplified)).toBe(traditional));
});

describe("rules for my region, from whatever fields the policy has", () => {
  test("known fields get glossary labels and formats; unknown ones still show", () => {
    const rows = describePolicy(
      {
        regionCode: "320500",
        relationScope: "close",
        crossProvince: true,
        limits: { perTransferMaxFen: 200000, dailyCount: 3 },
        premiumWindows: [{ kind: "resident_medical", year: 2027, windowStart: "2026-09-01", windowEnd: "2026-12-31", amountFen: 40000 }],
        somethingNew: "新字段",
      },
      "zh-CN",
      strings("rules", "zh-CN"),
    );
    const text = rows.map((r: { label: string; value: string }) => `${r.label}=${r.value}`);
    expect(text).toContain("可共济的亲属范围=配偶、父母、子女、兄弟姐妹、(外)祖父母、(外)孙子女");
    expect(text).toContain("跨省共济=允许");
    expect(text).toContain("单笔最高=¥2,000.00");
    expect(text).toContain("每日最多笔数=3");
    expect(text).toContain("类型=居民医保");
    expect(text).toContain("居民医保 2027=");
    expect(text).toContain("缴费截止=2026年12月31日");
    expect(text).toContain("Something new=新字段");
  });

  test("relation lists read as relations in English", () => {
    const rows = describePolicy({ relations: ["spouse", "parent", "child"] }, "en", strings("rules", "en"));
    expect(rows).toEqual([{ label: "Relatives who may share", value: "Spouse, Parent, Child", depth: 0 }]);
  });
});
