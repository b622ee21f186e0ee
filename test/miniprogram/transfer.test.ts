// @vitest-environment jsdom
import { beforeEach, describe, expect, test } from "vitest";
import { balances } from "../support/wallets";
import { createMpApp, realNameUser } from "./support/backend";
import * as pairs from "./support/pairs";
import { find, lastNavigation, openPage, shownState, tap, text, typeAmount, typePin } from "./support/mp";
import { freshWx, type WxDouble } from "./support/wx";

const t = await createMpApp();
let wx: WxDouble;
const MY_PIN = "135790";

beforeEach(() => {
  wx = freshWx(t);
});

const senderWithSpouse = () => pairs.senderWithSpouse(t, wx, MY_PIN);
const recipientWithSender = () => pairs.recipientWithSender(t, wx);

describe("transfer page", () => {
  test("send ¥200 to a spouse: amount keypad, PIN pad, then the receipt with the 06:00 return time", async () => {
    const { me, bindingId } = await senderWithSpouse();
    const page = await openPage(wx, "pages/transfer/index", { bindingId });
    expect(text(find(page, "#available"))).toBe("可用余额 ¥1,000.00");
    await typeAmount(wx, page, "#amount", "200");
    expect(text(find(page, "#confirm-title"))).toMatch(/^向.\*.?转账¥200\.00$/);
    await typePin(wx, page, "#pin", MY_PIN);

    const post = wx.requests.find((r) => r.method === "POST" && r.path === "/v1/transfers")!;
    expect(post.statusCode).toBe(201);
    expect(post.header["Idempotency-Key"]).toBeTruthy();
    const id = (post.response as { id: string }).id;
    expect(lastNavigation(wx)).toEqual({ kind: "redirectTo", url: `/pages/transfer/receipt/index?id=${id}` });
    expect(await balances(t, me)).toMatchObject({ ownFen: 80_000, heldFen: 20_000 });

    const receipt = await openPage(wx, "pages/transfer/receipt/index", { id });
    expect(text(find(receipt, "#amount"))).toBe("¥200.00");
    expect(text(find(receipt, "#status"))).toBe("待接受");
    expect(text(find(receipt, "#expires"))).toBe("未接受将于2026年11月25日 06:00退回");
    expect(text(find(receipt, "#receipt-no"))).toBe((post.response as { receiptNo: string }).receiptNo);
    expect(text(receipt)).not.toContain(me.name);
  });

  test("an answer lost on the way back is retried with the same key and moves the money once", async () => {
    const { me, bindingId } = await senderWithSpouse();
    const page = await openPage(wx, "pages/transfer/index", { bindingId });
    await typeAmount(wx, page, "#amount", "50");
    wx.failNext = 1;
    wx.failAfterServer = true;
    await typePin(wx, page, "#pin", MY_PIN);
    const posts = wx.requests.filter((r) => r.method === "POST" && r.path === "/v1/transfers");
    expect(posts).toHaveLength(2);
    expect(posts[0]!.header["Idempotency-Key"]).toBe(posts[1]!.header["Idempotency-Key"]);
    expect((posts[1]!.response as { id: string }).id).toBe((posts[0]!.response as { id: string }).id);
    expect(await balances(t, me)).toMatchObject({ ownFen: 95_000, heldFen: 5_000 });
    expect(lastNavigation(wx)!.url).toContain("/pages/transfer/receipt/index?id=");
  });

  test("a wrong PIN is explained and the pad stays for another try", async () => {
    const { me, bindingId } = await senderWithSpouse();
    const page = await openPage(wx, "pages/transfer/index", { bindingId });
    await typeAmount(wx, page, "#amount", "10");
    await typePin(wx, page, "#pin", "975318");
    const wrong = wx.requests.find((r) => r.path === "/v1/transfers")!;
    expect(wrong.statusCode).toBe(422);
    // Said on the page, not in a passing toast, until dismissed or the next try.
    expect(text(find(page, "#refusal-text"))).toBe((wrong.response as { detail: string }).detail);
    expect(wx.toasts).toEqual([]);
    expect(page.data.step).toBe("password");
    await typePin(wx, page, "#pin", MY_PIN);
    expect(await balances(t, me)).toMatchObject({ heldFen: 1_000 });
  });

  test("without a wallet it offers to open one instead of an error", async () => {
    await realNameUser(t, wx);
    const page = await openPage(wx, "pages/transfer/index");
    expect(text(find(page, "#need-wallet"))).toContain("请先开通医保钱包，再给亲属转账");
    expect(wx.toasts).toEqual([]);
    await tap(wx, page, "#open-wallet");
    expect(lastNavigation(wx)).toEqual({ kind: "navigateTo", url: "/pages/wallet/index" });
  });

  test("in English, with elderly mode", async () => {
    const { bindingId } = await senderWithSpouse();
    wx.storage.set("settings", { lang: "en", elderly: true });
    const page = await openPage(wx, "pages/transfer/index", { bindingId });
    expect(text(find(page, "#available"))).toBe("Available ¥1,000.00");
    expect(text(page)).toContain("it returns at 06:00 the next day");
    expect(page.data.theme).toBe("page elderly");
  });
});

describe("incoming transfers page", () => {
  test("shows who sent what and when it returns, then accepts into received funds", async () => {
    const { me, send } = await recipientWithSender();
    expect((await send(30_000)).status).toBe(201);
    const page = await openPage(wx, "pages/transfer/incoming/index");
    const card = text(find(page, "#incoming-0"));
    expect(card).toContain("¥300.00");
    expect(card).toMatch(/来自.\*/);
    expect(card).toContain("未接受将于2026年11月25日 06:00退回对方");
    await tap(wx, page, ".accept");
    expect(wx.toasts.at(-1)).toBe("已接受，已存入亲属转入资金");
    expect(shownState(page)).toEqual({ kind: "empty", text: "没有待接受的转账" });
    expect(await balances(t, me)).toMatchObject({ receivedFen: 30_000 });
  });

  test("declining asks first and sends the money back", async () => {
    const { me, sender, send } = await recipientWithSender();
    await send(12_345);
    wx.storage.set("settings", { lang: "zh-TW", elderly: false });
    const page = await openPage(wx, "pages/transfer/incoming/index");
    expect(text(page)).toContain("未接受將於2026年11月25日 06:00退回對方");
    wx.modalConfirms = false;
    await tap(wx, page, ".decline");
    expect(page.querySelector("#incoming-0")).toBeTruthy();
    wx.modalConfirms = true;
    await tap(wx, page, ".decline");
    expect(wx.toasts.at(-1)).toBe("已拒絕，資金已退回對方");
    expect(await balances(t, me)).toMatchObject({ receivedFen: 0 });
    expect(await balances(t, sender)).toMatchObject({ ownFen: 100_000, heldFen: 0 });
  });
});
