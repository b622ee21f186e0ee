// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { createMpApp, openWalletApi, realNameUser } from "./support/backend";
import { call, find, lastNavigation, openPage, setSettings, tap, text } from "./support/mp";
import { readQr } from "./support/qr";
import { freshWx, type WxDouble } from "./support/wx";

const t = await createMpApp();
let wx: WxDouble;

beforeEach(() => {
  wx = freshWx(t);
});
afterEach(() => vi.useRealTimers());

const ecodeCalls = () => wx.requests.filter((r) => r.method === "POST" && r.path === "/v1/ecodes");

describe("home page", () => {
  test("without a wallet it offers to open one", async () => {
    await realNameUser(t, wx);
    const page = await openPage(wx, "pages/home/index");
    expect(text(page)).toContain("您还没有开通医保钱包");
    await tap(wx, page, "#open-wallet");
    expect(lastNavigation(wx)).toEqual({ kind: "navigateTo", url: "/pages/wallet/index" });
    expect(ecodeCalls()).toHaveLength(0);
  });

  test("shows own, received and total balances and an e-code QR that a scanner reads", async () => {
    const u = await realNameUser(t, wx, { personalAccountFen: 123456 });
    await openWalletApi(t, u);
    const page = await openPage(wx, "pages/home/index");
    expect(text(find(page, "#total"))).toBe("¥1,234.56");
    expect(text(find(page, "#own"))).toBe("¥1,234.56");
    expect(text(find(page, "#received"))).toBe("¥0.00");
    const src = page.data.qrSrc as string;
    expect(src).toMatch(/^data:image\/png;base64,/);
    const issued = ecodeCalls()[0]!.response as { code: string };
    expect(readQr(src)).toBe(issued.code);
    // Every request carried the session from wx.login, and success was judged by statusCode.
    expect(wx.logins).toBe(1);
    const apiCalls = wx.requests.filter((r) => r.path !== "/v1/auth/sessions");
    expect(apiCalls.every((r) => r.header.Authorization?.startsWith("Bearer "))).toBe(true);
  });

  test("the e-code is fetched again every 60 s and not after the page is hidden", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const u = await realNameUser(t, wx, { personalAccountFen: 1000 });
    await openWalletApi(t, u);
    const page = await openPage(wx, "pages/home/index");
    const first = page.data.qrSrc;
    expect(ecodeCalls()).toHaveLength(1);
    vi.advanceTimersByTime(59_000);
    await wx.idle();
    expect(ecodeCalls()).toHaveLength(1);
    vi.advanceTimersByTime(1_000);
    await wx.idle();
    expect(ecodeCalls()).toHaveLength(2);
    expect(page.data.qrSrc).not.toBe(first);
    call(page, "onHide");
    vi.advanceTimersByTime(120_000);
    await wx.idle();
    expect(ecodeCalls()).toHaveLength(2);
  });

  test("English and elderly mode", async () => {
    const u = await realNameUser(t, wx, { personalAccountFen: 500 });
    await openWalletApi(t, u);
    setSettings(wx, { lang: "en", elderly: true });
    const page = await openPage(wx, "pages/home/index");
    expect(text(page)).toContain("Own funds");
    expect(text(page)).toContain("Medical insurance code");
    expect(page.data.theme).toBe("page elderly");
    expect(page.dom!.innerHTML).toMatch(/class="[^"]*elderly/);
  });

  test("when the API cannot be reached it offers to try again, not to open a wallet", async () => {
    const u = await realNameUser(t, wx, { personalAccountFen: 700 });
    await openWalletApi(t, u);
    wx.failNext = 2;
    const page = await openPage(wx, "pages/home/index");
    expect(page.querySelector("#open-wallet")).toBeUndefined();
    expect(wx.toasts).toEqual(["网络不佳，请稍后再试"]);
    await tap(wx, page, "#retry");
    expect(text(find(page, "#total"))).toBe("¥7.00");
  });

  test("traditional Chinese", async () => {
    await realNameUser(t, wx);
    setSettings(wx, { lang: "zh-TW" });
    const page = await openPage(wx, "pages/home/index");
    expect(text(page)).toContain("您還沒有開通醫保錢包");
  });
});
