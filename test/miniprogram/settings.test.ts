// @vitest-environment jsdom
import { beforeEach, describe, expect, test } from "vitest";
import { createMpApp, openWalletApi, realNameUser } from "./support/backend";
import { find, openPage, tap, text, typePin } from "./support/mp";
import { freshWx, type WxDouble } from "./support/wx";

const t = await createMpApp();
let wx: WxDouble;

beforeEach(() => {
  wx = freshWx(t);
});

describe("settings page", () => {
  test("language and elderly mode are saved on the device and every page follows them", async () => {
    const u = await realNameUser(t, wx, { personalAccountFen: 1_000 });
    await openWalletApi(t, u);
    const page = await openPage(wx, "pages/settings/index");
    expect(text(page)).toContain("长辈模式");
    await tap(wx, page, "#lang-zh-TW");
    expect(text(page)).toContain("長輩模式");
    await tap(wx, page, "#lang-en");
    expect(text(page)).toContain("Large-text mode");
    find(page, "#elderly").dispatchEvent("change", { detail: { value: true } });
    await wx.idle();
    expect(page.data.theme).toBe("page elderly");
    expect(wx.storage.get("settings")).toEqual({ lang: "en", elderly: true });

    const home = await openPage(wx, "pages/home/index");
    expect(text(home)).toContain("Wallet balance");
    expect(home.data.theme).toBe("page elderly");
  });

  test("change the payment PIN: a wrong current PIN is explained, then the change succeeds", async () => {
    const u = await realNameUser(t, wx);
    await openWalletApi(t, u, "135790");
    const page = await openPage(wx, "pages/settings/index");
    await tap(wx, page, "#change-password");
    expect(text(find(page, "#pin"))).toContain("请输入原支付密码");
    await typePin(wx, page, "#pin", "975318");
    await typePin(wx, page, "#pin", "111111");
    expect(text(find(page, "#error"))).toBe("密码过于简单，请换一个");
    await typePin(wx, page, "#pin", "802461");
    await typePin(wx, page, "#pin", "802461");
    const wrong = wx.requests.find((r) => r.path === "/v1/wallet/password")!;
    expect(wrong.statusCode).toBe(422);
    expect(text(find(page, "#error"))).toBe((wrong.response as { detail: string }).detail);
    expect(page.data.pinStep).toBe("old");
    expect(wx.toasts).toEqual([]);

    await typePin(wx, page, "#pin", "135790");
    await typePin(wx, page, "#pin", "802461");
    await typePin(wx, page, "#pin", "802461");
    expect(wx.requests.filter((r) => r.path === "/v1/wallet/password").map((r) => r.statusCode)).toEqual([422, 204]);
    expect(wx.toasts.at(-1)).toBe("支付密码已修改");
    expect(page.querySelector("#change-password")).toBeTruthy();
    expect(JSON.stringify(page.data)).not.toMatch(/135790|802461/);
  });
});
