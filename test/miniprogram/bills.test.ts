// @vitest-environment jsdom
import { beforeEach, describe, expect, test } from "vitest";
import { charge, ecode, newMerchant, orderNo, refund } from "../support/merchants";
import { relate } from "../support/people";
import { regionKey, signedCall } from "../support/signed";
import { createMpApp, openWalletApi, realNameUser } from "./support/backend";
import { call, find, lastNavigation, openPage, retryState, setSettings, shownState, switchUser, tap, text } from "./support/mp";
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

describe("a medical payment relatives' allowances paid in full", () => {
  const PIN = "135790";

  /** A mother with an empty wallet pays ¥300 at a pharmacy, all of it from her son's allowance; ¥100 comes back. */
  async function paidFromAllowance() {
    switchUser(wx, `son-${Math.random()}`);
    const son = await realNameUser(t, wx, { birthDate: "1985-05-01", personalAccountFen: 500_000 });
    await openWalletApi(t, son, PIN);
    switchUser(wx, `mother-${Math.random()}`);
    const mother = await realNameUser(t, wx, { birthDate: "1958-03-03", personalAccountFen: 0, gender: "female" });
    await openWalletApi(t, mother, PIN);
    await relate(t, son, mother, "parent");
    const inv = await t.api("POST", "/v1/invitations", {
      token: son.token,
      body: { relation: "parent", name: mother.name, idNumber: mother.idNumber },
    });
    const acc = await t.api("POST", `/v1/invitations/${inv.body.code}/accept`, {
      token: mother.token,
      body: { faceToken: `face-ok:${mother.idNumber}` },
    });
    const q = await t.api("PUT", `/v1/relatives/${acc.body.binding.bindingId}/quota`, {
      token: son.token,
      body: { annualFen: 200_000, paymentPassword: PIN },
    });
    expect(q.status, JSON.stringify(q.body)).toBe(200);
    const m = await newMerchant(t, { kind: "pharmacy" });
    const paid = await charge(t, m, { ecode: await ecode(t, mother), orderNo: orderNo(), amountFen: 30_000 });
    expect(paid.status, JSON.stringify(paid.body)).toBe(201);
    expect((await refund(t, m, paid.body.id, { refundNo: orderNo("rf"), amountFen: 10_000 })).status).toBe(201);
    return { m, settlementId: paid.body.id as string };
  }

  test("the payer's bills show the payment and its refund, who funded them, and open the receipt", async () => {
    const { m, settlementId } = await paidFromAllowance();
    const page = await openPage(wx, "pages/bills/index", { month: "2026-11" });
    const lines = page.querySelectorAll(".entry");
    const pay = lines.find((e) => text(e).startsWith("就医购药结算"))!;
    expect(text(pay)).toMatch(new RegExp(`^就医购药结算¥0\\.00共 ¥300\\.00，由亲属共济额度支付 ¥300\\.00 · ${m.name}`));
    const back = lines.find((e) => text(e).startsWith("退款"))!;
    expect(text(back)).toContain(`退款 ¥100.00，退回亲属共济额度 ¥100.00 · ${m.name}（退款）`);
    expect(lines.indexOf(back)).toBeLessThan(lines.indexOf(pay));
    pay.dispatchEvent("tap");
    await wx.idle();
    expect(lastNavigation(wx)!.url).toBe(`/pages/bills/settlement/index?id=${settlementId}`);

    setSettings(wx, { lang: "zh-TW" });
    const tw = await openPage(wx, "pages/bills/index", { month: "2026-11" });
    expect(tw.querySelectorAll(".entry").map(text).join("\n")).toContain("共 ¥300.00，由親屬共濟額度支付 ¥300.00");
    setSettings(wx, { lang: "en", elderly: true });
    const en = await openPage(wx, "pages/bills/index", { month: "2026-11" });
    const enLines = en.querySelectorAll(".entry").map(text).join("\n");
    expect(enLines).toContain("¥300.00 in all, ¥300.00 paid from relatives' allowances");
    expect(enLines).toContain("Refund of ¥100.00, ¥100.00 back to relatives' allowances");
  });
});
