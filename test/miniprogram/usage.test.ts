// @vitest-environment jsdom
import { beforeEach, describe, expect, test } from "vitest";
import { createMpApp, openWalletApi, realNameUser } from "./support/backend";
import { find, openPage, retryState, setSettings, shownState, tap, text } from "./support/mp";
import { freshWx, type WxDouble } from "./support/wx";

// Where the wallet is used (使用地): regions by province and name, never a code; a change is confirmed.

const t = await createMpApp();
let wx: WxDouble;

beforeEach(() => {
  wx = freshWx(t);
});

describe("usage location page", () => {
  test("lists regions by name, marks the current one, and changes it after a confirmation", async () => {
    const me = await realNameUser(t, wx, { regionCode: "320500" });
    await openWalletApi(t, me);
    const settings = await openPage(wx, "pages/settings/index");
    await tap(wx, settings, "#usage-region");
    expect(wx.navigations.at(-1)!.url).toBe("/pages/account/usage/index");

    const page = await openPage(wx, "pages/account/usage/index");
    expect(text(find(page, "#current"))).toBe("当前使用地：江苏省苏州市");
    expect(text(page)).not.toMatch(/\d{6}/);
    const chips = page.querySelectorAll(".region");
    expect(chips.length).toBeGreaterThan(1);
    const current = chips.filter((c) => c.dom!.className.includes("active"));
    expect(current.map(text)).toEqual(["苏州市"]);
    const other = chips.find((c) => !c.dom!.className.includes("active"))!;
    const otherName = text(other);

    wx.modalConfirms = false;
    other.dispatchEvent("tap");
    await wx.idle();
    expect(wx.modals.at(-1)!.content).toBe(`确定把使用地改为${otherName}吗？`);
    expect(wx.requests.filter((r) => r.method === "PUT")).toEqual([]);

    wx.modalConfirms = true;
    other.dispatchEvent("tap");
    await wx.idle();
    const put = wx.requests.find((r) => r.method === "PUT" && r.path === "/v1/wallet/usage-region")!;
    expect(put.statusCode).toBe(200);
    expect(wx.toasts.at(-1)).toBe(`使用地已改为${otherName}`);
    expect(text(find(page, "#current"))).toContain(otherName);
    const wallet = await t.api("GET", "/v1/wallet", { token: me.token });
    expect(wallet.body.usageRegionCode).toBe((put.data as { usageRegionCode: string }).usageRegionCode);
    expect(wallet.body.usageRegionCode).not.toBe("320500");
  });

  test("English in elderly mode; could not load is an error with a retry; without a wallet it says so", async () => {
    const me = await realNameUser(t, wx, { regionCode: "320500" });
    const none = await openPage(wx, "pages/account/usage/index");
    expect(text(find(none, "#need-wallet"))).toBe("开通医保钱包后才能选择使用地开通医保钱包");
    await openWalletApi(t, me);
    setSettings(wx, { lang: "en", elderly: true });
    wx.failNext = 2;
    const page = await openPage(wx, "pages/account/usage/index");
    expect(page.data.theme).toBe("page elderly");
    expect(shownState(page).kind).toBe("error");
    expect(page.querySelector(".region")).toBeUndefined();
    await retryState(wx, page);
    expect(text(find(page, "#current"))).toMatch(/^Now: 江苏省苏州市$/);
    const all = page.data.provinces.flatMap((p: { regions: { current: boolean; aria: string }[] }) => p.regions);
    expect(all.filter((r: { current: boolean }) => r.current).map((r: { aria: string }) => r.aria)).toEqual([
      "江苏省苏州市, where you use it now",
    ]);
  });
});
