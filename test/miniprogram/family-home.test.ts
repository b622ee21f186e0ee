// @vitest-environment jsdom
import { beforeEach, describe, expect, test } from "vitest";
import { charge, newMerchant, orderNo } from "../support/merchants";
import { balances, PIN } from "../support/wallets";
import { createMpApp } from "./support/backend";
import { recipientWithSender } from "./support/pairs";
import { find, openPage, setSettings, tap, text, type Page } from "./support/mp";
import { freshWx, type WxDouble } from "./support/wx";

// A mother's phone: her son gives her a yearly allowance, and lets her show his code (亲情账户).
// Home says who gives what and how much is left this year, and shows the son's code one tap away,
// saying whose code it is.

const t = await createMpApp();
let wx: WxDouble;

beforeEach(() => {
  wx = freshWx(t);
});

async function motherAndSon() {
  const { me, sender: son, bindingId } = await recipientWithSender(t, wx);
  const quota = await t.api("PUT", `/v1/relatives/${bindingId}/quota`, {
    token: son.token,
    body: { annualFen: 200_000, perPaymentFen: 50_000, paymentPassword: PIN },
  });
  expect(quota.status, JSON.stringify(quota.body)).toBe(200);
  return { me, son, bindingId };
}

const grantCare = async (son: { token: string; idNumber: string }, bindingId: string) => {
  const r = await t.api("PUT", `/v1/relatives/${bindingId}/care-access`, {
    token: son.token,
    body: { granted: true, faceToken: `face-ok:${son.idNumber}` },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
};

const family = (page: Page) => find(page, "#family");

describe("home: family payments", () => {
  test("the allowance a relative gives me, with what is left this year", async () => {
    await motherAndSon();
    const page = await openPage(wx, "pages/home/index");
    expect(text(find(family(page), "#received-0 .quota-who"))).toMatch(/^.\*.?给的额度：今年剩余 ¥2,000\.00$/);
    expect(text(find(family(page), "#received-0"))).toContain("2026年额度 ¥2,000.00 · 每笔最多 ¥500.00");
    expect(family(page).querySelector("#caring")).toBeUndefined();
  });

  test("a relative's code from my phone, labelled as theirs, paid from their wallet", async () => {
    const { son, bindingId } = await motherAndSon();
    await grantCare(son, bindingId);
    const page = await openPage(wx, "pages/home/index");
    const button = find(family(page), "#caring-0 .show-code");
    expect(text(button)).toMatch(/^出示.\*.?的医保码$/);
    expect(family(page).querySelector("#carer-code")).toBeUndefined();
    await tap(wx, family(page), "#caring-0 .show-code");
    expect(text(find(family(page), "#carer-code-title"))).toMatch(/^.\*.?的医保码$/);
    expect(text(find(family(page), "#carer-code-whose"))).toMatch(/^这不是您本人的医保码：付款从.\*.?的医保钱包扣除$/);
    find(family(page), "#carer-qr"); // the QR is drawn only from a code the server gave
    const made = wx.requests.filter((r) => r.method === "POST" && r.path === `/v1/relatives/${bindingId}/ecodes`);
    expect(made).toHaveLength(1);
    expect(made[0]!.statusCode).toBe(201);

    // The pharmacy scans it: the son's wallet pays.
    const before = await balances(t, son);
    const m = await newMerchant(t);
    const paid = await charge(t, m, { ecode: (made[0]!.response as { code: string }).code, orderNo: orderNo(), amountFen: 1_234 });
    expect(paid.status, JSON.stringify(paid.body)).toBe(201);
    expect((await balances(t, son)).ownFen).toBe(before.ownFen - 1_234);

    await tap(wx, family(page), "#close-code");
    expect(family(page).querySelector("#carer-code")).toBeUndefined();
  });

  test("English in elderly mode; nothing given shows nothing; could not load says so with a retry", async () => {
    const { sender: son, bindingId } = await recipientWithSender(t, wx);
    const none = await openPage(wx, "pages/home/index");
    expect(family(none).querySelector("#family-home")).toBeUndefined();

    await t.api("PUT", `/v1/relatives/${bindingId}/quota`, { token: son.token, body: { annualFen: 10_000, paymentPassword: PIN } });
    await grantCare(son, bindingId);
    setSettings(wx, { lang: "en", elderly: true });
    const page = await openPage(wx, "pages/home/index");
    expect(page.data.theme).toBe("page elderly");
    expect(text(find(family(page), "#received-0 .quota-who"))).toMatch(/^From .\*.?: Left this year ¥100\.00$/);
    expect(text(find(family(page), "#received-0"))).toContain("No cap per payment");
    await tap(wx, family(page), "#caring-0 .show-code");
    expect(text(find(family(page), "#carer-code-whose"))).toMatch(/^This is not your own code: payments come from .\*.?'s wallet$/);

    // Two reads, each repeated once when lost: four failures lose both.
    wx.failNext = 4;
    await (family(page).instance as unknown as { load(): Promise<void> }).load();
    await wx.idle();
    expect(text(find(family(page), "#family-failed"))).toBe("Could not load relatives' allowances and codes; tap to try again");
    expect(family(page).querySelector("#received-quotas")).toBeUndefined();
    await tap(wx, family(page), "#family-failed");
    expect(family(page).querySelector("#family-failed")).toBeUndefined();
    expect(text(find(family(page), "#received-0 .quota-who"))).toMatch(/^From .\*.?: Left this year ¥100\.00$/);
  });
});
