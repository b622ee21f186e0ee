// @vitest-environment jsdom
import { beforeEach, describe, expect, test } from "vitest";
import { createMpApp, realNameUser } from "./support/backend";
import { input, openPage, retryState, shownState, tap, text } from "./support/mp";
import { freshWx, type WxDouble } from "./support/wx";

const t = await createMpApp();
let wx: WxDouble;

beforeEach(() => {
  wx = freshWx(t);
});

describe("institutions that accept the wallet", () => {
  test("searches the user's region by name and can hide those that do not accept it", async () => {
    const tag = `测试${Date.now() % 100000}`;
    for (const [name, kind, acceptsWallet] of [
      [`${tag}人民医院`, "hospital", true],
      [`${tag}大药房`, "pharmacy", false],
    ] as const) {
      const r = await t.api("POST", "/v1/sandbox/merchants", { body: { name, regionCode: "510100", kind, acceptsWallet } });
      expect(r.status).toBe(201);
    }
    await realNameUser(t, wx, { regionCode: "510100" });
    const page = await openPage(wx, "pages/merchants/index");
    expect(text(page.querySelector("#region"))).toBe("成都市");
    expect(wx.requests.find((r) => r.path.startsWith("/v1/merchants"))!.path).toBe("/v1/merchants?regionCode=510100");

    await input(wx, page, "#query", tag);
    await tap(wx, page, "#search");
    const found = page.querySelectorAll(".merchant").map(text);
    expect(found).toHaveLength(2);
    expect(found).toContainEqual(`${tag}人民医院支持医保钱包医院 · 成都市`);
    expect(found.find((f) => f.startsWith(`${tag}大药房`))).toContain("暂不支持医保钱包");

    await tap(wx, page, "#only-accepting");
    expect(page.querySelectorAll(".merchant").map(text)).toHaveLength(1);
  });

  test("in traditional Chinese, nothing found", async () => {
    await realNameUser(t, wx, { regionCode: "510100" });
    wx.storage.set("settings", { lang: "zh-TW", elderly: false });
    const page = await openPage(wx, "pages/merchants/index");
    await input(wx, page, "#query", "不存在的机构名称xyz");
    await tap(wx, page, "#search");
    expect(shownState(page)).toEqual({ kind: "empty", text: "沒有找到符合條件的機構" });
  });

  test("offline is an error with a retry, not 'nothing found'", async () => {
    await realNameUser(t, wx, { regionCode: "510100" });
    const page = await openPage(wx, "pages/merchants/index");
    wx.failNext = 2;
    await tap(wx, page, "#search");
    expect(shownState(page).kind).toBe("error");
    await retryState(wx, page);
    expect(shownState(page).kind).not.toBe("error");
  });
});
