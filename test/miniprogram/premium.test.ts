// @vitest-environment jsdom
import { beforeEach, describe, expect, test } from "vitest";
import { loginAs } from "../support/family";
import { newPerson, relate } from "../support/people";
import { balances } from "../support/wallets";
import { createMpApp, openWalletApi, realNameUser } from "./support/backend";
import { find, openPage, tap, tapText, text, typePin } from "./support/mp";
import { freshWx, type WxDouble } from "./support/wx";

const t = await createMpApp();
let wx: WxDouble;
const MY_PIN = "135790";

beforeEach(() => {
  wx = freshWx(t);
});

/** The wx user (employee, ¥1,000) bound to a resident-insured mother. */
async function payerAndMother() {
  const me = await realNameUser(t, wx, { birthDate: "1985-05-01", personalAccountFen: 100_000 });
  await openWalletApi(t, me, MY_PIN);
  const mother = await newPerson(t, { birthDate: "1958-03-03", insurance: "resident", gender: "female" });
  await relate(t, me, mother, "parent");
  const inv = await t.api("POST", "/v1/invitations", {
    token: me.token,
    body: { relation: "parent", name: mother.name, idNumber: mother.idNumber },
  });
  const motherToken = await loginAs(t, mother);
  const acc = await t.api("POST", `/v1/invitations/${inv.body.code}/accept`, {
    token: motherToken,
    body: { faceToken: `face-ok:${mother.idNumber}` },
  });
  return { me, mother, bindingId: acc.body.binding.bindingId as string };
}

describe("premium page", () => {
  test("quote, pay with the PIN, receipt; a second visit shows it is paid", async () => {
    const { me, bindingId } = await payerAndMother();
    const page = await openPage(wx, "pages/premium/index", { beneficiary: bindingId });
    expect(text(find(page, "#quote-amount"))).toBe("¥400.00");
    expect(text(find(page, "#window"))).toBe("2026年9月1日 至 2026年12月31日");
    expect(text(find(page, "#quote-state"))).toBe("缴费期内，可以缴费");
    expect(page.data.year).toBe(2027);

    await tap(wx, page, "#pay");
    expect(text(find(page, "#confirm-title"))).toBe("支付¥400.00");
    await typePin(wx, page, "#pin", MY_PIN);
    const post = wx.requests.find((r) => r.method === "POST" && r.path === "/v1/premiums/payments")!;
    expect(post.statusCode).toBe(201);
    expect(post.header["Idempotency-Key"]).toBeTruthy();
    expect(text(find(page, "#receipt-amount"))).toBe("¥400.00");
    expect(text(find(page, "#receipt-no"))).toBe((post.response as { receiptNo: string }).receiptNo);
    expect(text(find(page, "#paid-own"))).toBe("¥400.00");
    expect(await balances(t, me)).toMatchObject({ ownFen: 60_000 });

    const again = await openPage(wx, "pages/premium/index", { beneficiary: bindingId });
    expect(text(find(again, "#quote-state"))).toBe("该年度已缴费");
    expect(again.querySelector("#pay")).toBeUndefined();
    await tap(wx, again, "#view-receipt");
    expect(text(find(again, "#receipt-no"))).toBe((post.response as { receiptNo: string }).receiptNo);
  });

  test("paying twice from two screens shows the first receipt, not an error", async () => {
    const { me, bindingId } = await payerAndMother();
    const a = await openPage(wx, "pages/premium/index", { beneficiary: bindingId });
    const b = await openPage(wx, "pages/premium/index", { beneficiary: bindingId });
    await tap(wx, a, "#pay");
    await typePin(wx, a, "#pin", MY_PIN);
    await tap(wx, b, "#pay");
    await typePin(wx, b, "#pin", MY_PIN);
    const posts = wx.requests.filter((r) => r.path === "/v1/premiums/payments");
    expect(posts.map((p) => p.statusCode)).toEqual([201, 409]);
    expect(text(find(b, "#receipt"))).toContain("该年度已缴费");
    expect(text(find(b, "#receipt-no"))).toBe(text(find(a, "#receipt-no")));
    expect(await balances(t, me)).toMatchObject({ ownFen: 60_000 });
  });

  test("an employee-insured user cannot pay a resident premium for themself: the reason is shown", async () => {
    await payerAndMother();
    wx.storage.set("settings", { lang: "en", elderly: false });
    const page = await openPage(wx, "pages/premium/index");
    const quote = wx.requests.find((r) => r.path.startsWith("/v1/premiums/quote"))!;
    expect(quote.statusCode).toBe(422);
    expect(text(find(page, "#unavailable"))).toBe((quote.response as { detailEn: string }).detailEn);
    await tapText(wx, page, ".beneficiary", "Myself");
    expect(page.querySelector("#pay")).toBeUndefined();
  });
});
