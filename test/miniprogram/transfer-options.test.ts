// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { send as apiSend } from "../support/transfers";
import { balances } from "../support/wallets";
import { createMpApp } from "./support/backend";
import { senderWithSpouse } from "./support/pairs";
import { configureMiniprogram, find, openPage, retryState, setSettings, shownState, tap, text, typeAmount, typePin } from "./support/mp";
import { freshWx, type WxDouble } from "./support/wx";

// The transfer page asks the server what is possible before the amount and the PIN: a refusal the
// rules already decide is on the screen first, never after the PIN.

const t = await createMpApp();
let wx: WxDouble;
const PIN = "135790";
const NOON = new Date("2026-11-24T10:00:00+08:00");

beforeEach(() => {
  wx = freshWx(t);
});
afterEach(() => t.clock.set(NOON));

describe("transfer page, before the PIN", () => {
  test("the keypad's maximum is the per-transfer limit, not the balance: ¥2,500 is refused on the keypad", async () => {
    const { bindingId } = await senderWithSpouse(t, wx, PIN, { fen: 500_000 });
    const page = await openPage(wx, "pages/transfer/index", { bindingId });
    expect(text(find(page, "#available"))).toBe("可用余额 ¥5,000.00");
    expect(text(find(page, "#limit-line"))).toBe("本次最多可转¥2,000.00，今天还可转3笔");
    await typeAmount(wx, page, "#amount", "2500");
    expect(text(find(page, "#amount"))).toContain("金额不能超过¥2,000.00");
    expect(page.data.step).toBe("amount");
    expect(wx.requests.some((r) => r.path === "/v1/transfers")).toBe(false);
  });

  test("a pending transfer: the recipient is greyed with the reason, not pre-selected, no keypad", async () => {
    const { me, bindingId } = await senderWithSpouse(t, wx, PIN);
    expect((await apiSend(t, me.token, bindingId, 1_000, { pin: PIN })).status).toBe(201);
    const page = await openPage(wx, "pages/transfer/index", { bindingId });
    expect(text(find(page, "#blocked-text"))).toBe("您有一笔转账等待对方确认，确认或退回后才能再转");
    expect(page.data.bindingId).toBe("");
    expect(page.querySelector("#amount")).toBeUndefined();
    expect(find(page, "#recipient-0").dom!.className).toMatch(/disabled/);
    expect(text(find(page, "#recipient-0"))).toContain("您有一笔转账等待对方确认");
    expect(page.data.relatives[0].aria).toMatch(/^暂不能转给.\*.?：您有一笔转账等待对方确认/);
    await tap(wx, page, "#see-pending");
    expect(wx.navigations.at(-1)!.url).toMatch(/^\/pages\/transfer\/receipt\/index\?id=/);
  });

  test("at 22:30 the page says when transfers open, in each language", async () => {
    const { bindingId } = await senderWithSpouse(t, wx, PIN);
    t.clock.set(new Date("2026-11-24T22:30:00+08:00"));
    let page = await openPage(wx, "pages/transfer/index", { bindingId });
    expect(text(find(page, "#blocked-text"))).toBe("每日22:00至次日06:00不能转账");
    expect(text(find(page, "#opens-at"))).toBe("转账将于2026年11月25日 06:00开放");
    expect(page.querySelector("#amount")).toBeUndefined();
    setSettings(wx, { lang: "zh-TW", elderly: true });
    page = await openPage(wx, "pages/transfer/index", { bindingId });
    expect(text(find(page, "#opens-at"))).toBe("轉賬將於2026年11月25日 06:00開放");
    expect(text(find(page, "#blocked-text"))).toBe("每日22:00至次日06:00不能轉賬");
    setSettings(wx, { lang: "en", elderly: false });
    page = await openPage(wx, "pages/transfer/index", { bindingId });
    expect(text(find(page, "#opens-at"))).toBe("Transfers open at 25 Nov 2026 06:00");
  });

  test("a relative in a province without cross-province aid is greyed with the reason and the region's name", async () => {
    await senderWithSpouse(t, wx, PIN, { region: "320500", spouseRegion: "110000" });
    const page = await openPage(wx, "pages/transfer/index");
    const chip = text(find(page, "#recipient-0"));
    expect(chip).toContain("北京市");
    expect(chip).not.toMatch(/\d{6}/);
    expect(chip).toContain("双方所在统筹区暂不支持跨省共济");
    expect(page.data.bindingId).toBe("");
    await tap(wx, page, "#recipient-0");
    expect(page.data.bindingId).toBe("");
    expect(text(find(page, "#hint"))).toMatch(/^暂不能转给.\*.?：双方所在统筹区暂不支持跨省共济$/);
    await typeAmount(wx, page, "#amount", "10");
    expect(page.data.step).toBe("amount");
    expect(text(find(page, "#hint"))).toBe("请先选择一位可以接收的亲属");
  });

  test("a refusal that still comes after the PIN stays on the page until dismissed", async () => {
    const { me, bindingId } = await senderWithSpouse(t, wx, PIN);
    const page = await openPage(wx, "pages/transfer/index", { bindingId });
    await typeAmount(wx, page, "#amount", "20");
    // Meanwhile the same person sends from another phone.
    expect((await apiSend(t, me.token, bindingId, 500, { pin: PIN })).status).toBe(201);
    await typePin(wx, page, "#pin", PIN);
    expect(text(find(page, "#refusal-text"))).toBe("您有一笔转账等待对方确认，确认或退回后才能再转");
    expect(wx.toasts).toEqual([]);
    // Back at the recipients, now shown as they are.
    expect(page.data.step).toBe("amount");
    expect(text(find(page, "#blocked-text"))).toBe("您有一笔转账等待对方确认，确认或退回后才能再转");
    await wx.idle();
    expect(page.querySelector("#refusal")).toBeTruthy();
    await tap(wx, page, "#dismiss");
    expect(page.querySelector("#refusal")).toBeUndefined();
    expect(await balances(t, me)).toMatchObject({ heldFen: 500 });
  });

  test("could not load is an error with a retry, never 'no relatives'; sending asks for the subscribe message", async () => {
    const { bindingId } = await senderWithSpouse(t, wx, PIN);
    wx.failNext = 2;
    const page = await openPage(wx, "pages/transfer/index", { bindingId });
    expect(shownState(page)).toEqual({ kind: "error", text: "没能加载，请检查网络后重试重试" });
    expect(page.querySelector("#add-relative")).toBeUndefined();
    await retryState(wx, page);
    expect(shownState(page).kind).toBe("none");
    configureMiniprogram({ subscribeTemplates: { transferSent: ["tmpl-transfer"], invitationCreated: [] } });
    await typeAmount(wx, page, "#amount", "3");
    await typePin(wx, page, "#pin", PIN);
    expect(wx.subscribeRequests).toEqual([["tmpl-transfer"]]);
    configureMiniprogram({ subscribeTemplates: { transferSent: [], invitationCreated: [] } });
  });
});
