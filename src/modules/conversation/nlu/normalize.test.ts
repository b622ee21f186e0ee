import { describe, expect, it } from "vitest";
import { normalize, normalizeWords, toHalfWidth, toSimplified } from "./normalize";

describe("normalize", () => {
  it.each<[string, string]>([
    ["給我媽轉兩百塊", "给我妈转两百块"],
    ["餘額", "余额"],
    ["賬單 帳單", "账单账单"],
    ["親屬", "亲属"],
    ["醫保繳費", "医保缴费"],
    ["一萬", "一万"],
    ["转 ２００ 给 王芳！", "转200给王芳"],
    ["￥1，000", "¥1000"],
    ["200.5", "200.5"],
    ["200 . 5", "200.5"],
    ["转200。谢谢", "转200谢谢"],
    ["转-200", "转-200"],
    ["ＨＥＬＰ", "help"],
    ["　余　额　", "余额"],
    ["王芳", "王芳"],
  ])("%j → %j", (input, output) => {
    expect(normalize(input)).toBe(output);
  });

  it("keeps words apart for English rules", () => {
    expect(normalizeWords("Pay my Dad's premium!")).toBe("pay my dad s premium");
    expect(normalizeWords("send 1,000.50 to mom")).toBe("send 1000.50 to mom");
    expect(normalizeWords("talk-to  an   agent")).toBe("talk to an agent");
  });

  it("maps only full-width forms and only grammar characters", () => {
    expect(toHalfWidth("ａＢ１！　￥")).toBe("aB1! ¥");
    expect(toSimplified("陳大文轉賬")).toBe("陳大文转账");
  });
});
