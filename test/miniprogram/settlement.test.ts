// @vitest-environment jsdom
import { beforeEach, describe, expect, test } from "vitest";
import { relate } from "../support/people";
import { charge, ecode, newMerchant, orderNo, refund } from "../support/merchants";
import { createMpApp, openWalletApi, realNameUser } from "./support/backend";
import { find, lastNavigation, openPage, retryState, setSettings, shownState, switchUser, text, type Page } from "./support/mp";
import { freshWx, type WxDouble } from "./support/wx";

// A mother with ¥100 pays ¥300 at a pharmacy; her son's allowance pays the other ¥200. Her bill line
// opens a receipt listing both parts; his bill line and his inbox notice open the same receipt,
// headed with what his allowance paid.

const t = await createMpApp();
let wx: WxDouble;
const PIN = "135790";

beforeEach(() => {
  wx = freshWx(t);
});

async function motherPaysWithSonsAllowance() {
  const sonCode = `son-${Math.random()}`;
  switchUser(wx, sonCode);
  const son = await realNameUser(t, wx, { birthDate: "1985-05-01", personalAccountFen: 500_000 });
  await openWalletApi(t, son, PIN);
  const motherCode = `mother-${Math.random()}`;
  switchUser(wx, motherCode);
  const mother = await realNameUser(t, wx, { birthDate: "1958-03-03", personalAccountFen: 10_000, gender: "female" });
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
  const bindingId = acc.body.binding.bindingId as string;
  const q = await t.api("PUT", `/v1/relatives/${bindingId}/quota`, {
    token: son.token,
    body: { annualFen: 200_000, paymentPassword: PIN },
  });
  expect(q.status, JSON.stringify(q.body)).toBe(200);
  const m = await newMerchant(t, { kind: "pharmacy" });
  const paid = await charge(t, m, { ecode: await ecode(t, mother), orderNo: orderNo(), amountFen: 30_000 });
  expect(paid.status, JSON.stringify(paid.body)).toBe(201);
  return { sonCode, motherCode, m, settlementId: paid.body.id as string };
}

const parts = (page: Page) => page.querySelectorAll(".part").map(text);

describe("the receipt of a medical payment", () => {
  test("the payer's bill line opens every funding part; the giver's bill line and notice open it as giver", async () => {
    const { sonCode, m, settlementId } = await motherPaysWithSonsAllowance();
    const bills = await openPage(wx, "pages/bills/index", { month: "2026-11" });
    const line = bills.querySelectorAll(".entry").find((e) => text(e).startsWith("就医购药结算"))!;

    expect(text(line)).toContain("-¥100.00");
    line.dispatchEvent("tap");
    await wx.idle();
    expect(lastNavigation(wx)!.url).toBe(`/pages/bills/settlement/index?id=${settlementId}`);

    const page = await openPage(wx, "pages/bills/settlement/index", { id: settlementId });
    expect(text(find(page, "#merchant"))).toBe(`${m.name}（苏州市）`);
    expect(text(find(page, "#amount"))).toBe("¥300.00");
    expect(text(find(page, "#status"))).toBe("已付款");
    expect(parts(page)).toEqual(["个人账户资金¥100.00", expect.stringMatching(/^.\*.?给的共济额度¥200\.00$/)]);
    expect(page.querySelector("#giver-line")).toBeUndefined();

    switchUser(wx, sonCode);
    const sonBills = await openPage(wx, "pages/bills/index", { month: "2026-11" });
    const sonLine = sonBills.querySelectorAll(".entry").find((e) => text(e).startsWith("就医购药结算"))!;
    expect(text(sonLine)).toContain("-¥200.00");
    expect(text(sonLine)).toContain("（共济额度）");
    sonLine.dispatchEvent("tap");
    await wx.idle();
    expect(lastNavigation(wx)!.url).toBe(`/pages/bills/settlement/index?id=${settlementId}`);
    const inbox = await openPage(wx, "pages/inbox/index");
    const notice = inbox.querySelectorAll(".notice-item").find((n) => text(n).includes("亲属使用了您给的共济额度"))!;
    expect(text(notice)).toContain("¥200.00");
    notice.dispatchEvent("tap");
    await wx.idle();
    expect(lastNavigation(wx)!.url).toBe(`/pages/bills/settlement/index?id=${settlementId}`);
    const his = await openPage(wx, "pages/bills/settlement/index", { id: settlementId });
    expect(text(find(his, "#giver-line"))).toMatch(/^.\*.?付款时使用了您给的共济额度 ¥200\.00$/);

    // A refund returns the allowance first.
    expect((await refund(t, m, settlementId, { refundNo: orderNo("rf"), amountFen: 25_000 })).status).toBe(201);
    const after = await openPage(wx, "pages/bills/settlement/index", { id: settlementId });
    expect(text(find(after, "#status"))).toBe("部分退款");
    expect(text(find(after, "#refunded"))).toBe("¥250.00");
    expect(parts(after).slice(2)).toEqual([expect.stringMatching(/^退回.\*.?给的共济额度¥200\.00$/), "退回个人账户资金¥50.00"]);

    // His inbox in English: the body is English, written from the notice's data (no Chinese sentence).
    setSettings(wx, { lang: "en" });
    const en = await openPage(wx, "pages/inbox/index");
    const used = en.data.items.find((n: { title: string }) => n.title === "A relative used the allowance you gave");
    expect(used.body).toMatch(new RegExp(`^.\\*.? paid ¥200\\.00 at ${m.name} with the allowance you give$`));
  });

  test("traditional Chinese and English; could not load is an error with a retry; someone else's is not found", async () => {
    const { settlementId } = await motherPaysWithSonsAllowance();
    setSettings(wx, { lang: "zh-TW", elderly: true });
    const tw = await openPage(wx, "pages/bills/settlement/index", { id: settlementId });
    expect(tw.data.theme).toBe("page elderly");
    expect(parts(tw)).toEqual(["個人賬戶資金¥100.00", expect.stringMatching(/^.\*.?給的共濟額度¥200\.00$/)]);
    setSettings(wx, { lang: "en", elderly: false });
    wx.failNext = 2;
    const en = await openPage(wx, "pages/bills/settlement/index", { id: settlementId });
    expect(shownState(en).kind).toBe("error");
    await retryState(wx, en);
    expect(text(find(en, "#status"))).toBe("Paid");
    expect(parts(en)).toEqual(["Own funds¥100.00", expect.stringMatching(/^Allowance from .\*.?¥200\.00$/)]);

    switchUser(wx, `stranger-${Math.random()}`);
    await realNameUser(t, wx);
    const other = await openPage(wx, "pages/bills/settlement/index", { id: settlementId });
    expect(shownState(other)).toEqual({ kind: "empty", text: "This payment was not found" });
  });
});
