// @vitest-environment jsdom
import { beforeEach, describe, expect, test } from "vitest";
import { regionKey, signedCall } from "../support/signed";
import { createMpApp, openWalletApi, realNameUser } from "./support/backend";
import { call, find, openPage, retryState, shownState, tap, text } from "./support/mp";
import { freshWx, type WxDouble } from "./support/wx";

const t = await createMpApp();
let wx: WxDouble;

beforeEach(() => {
  wx = freshWx(t);
});

/** A wallet with its opening line and `n` monthly credits, all in November 2026 (business time). */
async function walletWithCredits(n: number) {
  const me = await realNameUser(t, wx, { personalAccountFen: 10_000, insurance: "employee" });
  await openWalletApi(t, me);
  const key = await regionKey(t, me.regionCode);
  for (let i = 0; i < n; i++) {
    const r = await signedCall(t, key, "POST", "/v1/integration/personal-account-credits", {
      idNumber: me.idNumber,
      amountFen: 101 + i,
      period: "2026-11",
      reference: `credit-${me.idNumber}-${i}`,
    });
    if (r.status !== 201) throw new Error(`credit ${r.status} ${JSON.stringify(r.body)}`);
  }
  return me;
}

const rows = (page: Awaited<ReturnType<typeof openPage>>) => page.querySelectorAll(".entry").map(text);

describe("bills page", () => {
  test("a month's lines, newest first, 20 at a time, more as the user scrolls down", async () => {
    await walletWithCredits(24);
    const page = await openPage(wx, "pages/bills/index", { month: "2026-11" });
    expect(text(find(page, "#month-label"))).toBe("2026年11月");
    expect(rows(page)).toHaveLength(20);
    expect(rows(page)[0]).toMatch(/^个人账户划入\+¥1\.24个人账户资金.*2026年11月24日 \d\d:\d\d$/);
    expect(page.querySelector("#no-more")).toBeUndefined();

    call(page, "onReachBottom");
    await wx.idle();
    expect(rows(page)).toHaveLength(25);
    expect(rows(page).at(-1)).toContain("开通时个人账户余额+¥100.00");
    expect(text(find(page, "#no-more"))).toBe("没有更多了");
    const cursors = wx.requests.filter((r) => r.path.startsWith("/v1/wallet/entries")).map((r) => r.path);
    expect(cursors[0]).toBe("/v1/wallet/entries?month=2026-11&limit=20");
    expect(cursors[1]).toMatch(/^\/v1\/wallet\/entries\?month=2026-11&cursor=\w+&limit=20$/);

    // At the end nothing more is asked for.
    call(page, "onReachBottom");
    await wx.idle();
    expect(wx.requests.filter((r) => r.path.startsWith("/v1/wallet/entries"))).toHaveLength(2);
  });

  test("the month filter: an empty month, then all months", async () => {
    await walletWithCredits(2);
    const page = await openPage(wx, "pages/bills/index", { month: "2026-11" });
    expect(rows(page)).toHaveLength(3);
    find(page, "#month-picker").dispatchEvent("change", { detail: { value: "2026-10" } });
    await wx.idle();
    expect(text(find(page, "#month-label"))).toBe("2026年10月");
    expect(shownState(page)).toEqual({ kind: "empty", text: "本月没有账单" });
    await tap(wx, page, "#all-months");
    expect(text(find(page, "#month-label"))).toBe("全部");
    expect(rows(page)).toHaveLength(3);
    expect(wx.requests.at(-1)!.path).toBe("/v1/wallet/entries?limit=20");
  });

  test("in English", async () => {
    await walletWithCredits(1);
    wx.storage.set("settings", { lang: "en", elderly: true });
    const page = await openPage(wx, "pages/bills/index", { month: "2026-11" });
    expect(text(find(page, "#month-label"))).toBe("Nov 2026");
    expect(rows(page)[0]).toMatch(/^Personal account credit\+¥1\.01Own funds.*24 Nov 2026 \d\d:\d\d$/);
  });

  test("offline: an error with a retry, never 'no bills'; a failed next page keeps the lines and retries", async () => {
    await walletWithCredits(24);
    wx.failNext = 2;
    const page = await openPage(wx, "pages/bills/index", { month: "2026-11" });
    expect(shownState(page).kind).toBe("error");
    expect(text(page)).not.toContain("本月没有账单");
    await retryState(wx, page);
    expect(rows(page)).toHaveLength(20);
    wx.failNext = 2;
    call(page, "onReachBottom");
    await wx.idle();
    expect(rows(page)).toHaveLength(20);
    expect(text(find(page, "#more-failed"))).toContain("没能加载");
    await tap(wx, page, "#retry-more");
    expect(rows(page)).toHaveLength(25);
  });
});
