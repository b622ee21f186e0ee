// @vitest-environment jsdom
import { beforeEach, describe, expect, test } from "vitest";
import { balances } from "../support/wallets";
import { createMpApp } from "./support/backend";
import { recipientWithSender } from "./support/pairs";
import { find, lastNavigation, openPage, setSettings, tap, text, type Page } from "./support/mp";
import { freshWx, type WxDouble } from "./support/wx";

// A mother's day: her son sent ¥300; it goes back at 06:00 tomorrow unless she accepts it. Home
// says so first, above the balances and the e-code, and one tap accepts it.

const t = await createMpApp();
let wx: WxDouble;

beforeEach(() => {
  wx = freshWx(t);
});

/** Where elements of these classes first appear in the rendered page (the simulator drops ids). */
const order = (page: { dom?: Element | null }, classes: string[]) => {
  const html = page.dom!.innerHTML;
  return classes.map((c) => html.search(new RegExp(`class="[^"]*--${c}\\b`)));
};
const state = (page: Page) => find(page, "#state");

describe("home: what needs me first", () => {
  test("a waiting transfer: count, amount and the 06:00 deadline above the e-code; one tap accepts it", async () => {
    const { me, send } = await recipientWithSender(t, wx);
    expect((await send(30_000)).status).toBe(201);
    const page = await openPage(wx, "pages/home/index");
    expect(text(find(page, "#waiting-title"))).toBe("1笔转账等您接受，共¥300.00");
    expect(text(find(page, "#waiting-deadline"))).toBe("2026年11月25日 06:00前不接受，钱将退回对方");
    expect(text(find(page, "#unread"))).toBe("1条未读消息");
    expect(text(find(page, "#badge-inbox"))).toBe("1");
    const [attention, total, qr] = order(page, ["attention", "balances", "qr"]);
    expect(attention).toBeGreaterThan(-1);
    expect(attention).toBeLessThan(total!);
    expect(total).toBeLessThan(qr!);
    expect(page.data.attention.acceptLabel).toMatch(/^接受.\*.?转来的¥300\.00$/);
    await tap(wx, page, "#accept-one");
    expect(wx.toasts).toContain("已接受，已存入亲属转入资金");
    expect(await balances(t, me)).toMatchObject({ receivedFen: 30_000 });
    expect(page.querySelector("#waiting")).toBeUndefined();
    expect(text(find(page, "#received"))).toBe("¥300.00");
  });

  test("several waiting go to the incoming page; English and elderly mode show the same first", async () => {
    const { send } = await recipientWithSender(t, wx);
    await send(10_000);
    setSettings(wx, { lang: "en", elderly: true });
    const page = await openPage(wx, "pages/home/index");
    expect(page.data.theme).toBe("page elderly");
    expect(text(find(page, "#waiting-title"))).toBe("1 transfer(s) waiting for you: ¥100.00");
    expect(text(find(page, "#waiting-deadline"))).toBe("Accept before 25 Nov 2026 06:00 or the money goes back");
    const [attention, qr] = order(page, ["attention", "qr"]);
    expect(attention).toBeLessThan(qr!);
  });

  test("traditional Chinese; when the check fails it says so and retries, not 'nothing waiting'", async () => {
    const { send } = await recipientWithSender(t, wx);
    await send(5_000);
    setSettings(wx, { lang: "zh-TW" });
    const page = await openPage(wx, "pages/home/index");
    expect(text(find(page, "#waiting-title"))).toBe("1筆轉賬等您接受，共¥50.00");
    // The network drops for the two reads of the attention card only.
    const original = wx.requests.length;
    // Each read is tried twice (a lost GET is repeated once), so four failures lose both.
    wx.failNext = 4;
    await (page.instance as unknown as { loadAttention(): Promise<void> }).loadAttention();
    await wx.idle();
    expect(wx.requests.length).toBeGreaterThan(original);
    expect(text(find(page, "#attention-failed"))).toBe("待辦事項沒能載入，點擊重試");
    await tap(wx, page, "#attention-failed");
    expect(page.querySelector("#attention-failed")).toBeUndefined();
    expect(text(find(page, "#waiting-title"))).toBe("1筆轉賬等您接受，共¥50.00");
  });
});

describe("inbox", () => {
  test("lists notices, the unread count, marks one read when opened and leads to it", async () => {
    const { send } = await recipientWithSender(t, wx);
    await send(20_000);
    const page = await openPage(wx, "pages/inbox/index");
    expect(text(find(page, "#unread-count"))).toBe("1条未读");
    expect(text(find(page, "#notice-0"))).toContain("您收到一笔共济转账");
    expect(text(find(page, "#notice-0"))).toContain("¥200.00");
    expect(page.data.items[0].aria).toMatch(/^您收到一笔共济转账。/);
    await tap(wx, page, "#notice-0");
    expect(lastNavigation(wx)).toEqual({ kind: "navigateTo", url: "/pages/transfer/incoming/index" });
    expect(page.data.items[0].read).toBe(true);
    const again = await openPage(wx, "pages/inbox/index");
    expect(again.querySelector("#unread-count")).toBeUndefined();
  });

  test("English titles; empty is empty; a failure is an error with a retry", async () => {
    const { send } = await recipientWithSender(t, wx);
    await send(20_000);
    setSettings(wx, { lang: "en", elderly: true });
    const page = await openPage(wx, "pages/inbox/index");
    expect(text(find(page, "#notice-0"))).toContain("You have received a transfer");
    // The body too, in English, from the notice's data: no Chinese sentence left.
    expect(page.data.items[0].body).toMatch(/^.\*.? sent you ¥200\.00; accept it before 06:00 tomorrow or it goes back$/);
    expect(page.data.items[0].aria).toMatch(/^You have received a transfer\. .\*.? sent you ¥200\.00/);
    setSettings(wx, { lang: "zh-TW", elderly: false });
    const tw = await openPage(wx, "pages/inbox/index");
    expect(tw.data.items[0].body).toMatch(/^.\*.? 向您轉賬 ¥200\.00，請在次日06:00前接受$/);

    wx = freshWx(t);
    await recipientWithSender(t, wx);
    const empty = await openPage(wx, "pages/inbox/index");
    expect(text(find(state(empty), ".list-empty"))).toBe("还没有消息");
    expect(state(empty).querySelector(".list-error")).toBeUndefined();

    wx.failNext = 2;
    const failed = await openPage(wx, "pages/inbox/index");
    expect(state(failed).querySelector(".list-empty")).toBeUndefined();
    expect(text(find(state(failed), ".list-error"))).toBe("没能加载，请检查网络后重试重试");
    await tap(wx, state(failed), ".list-retry");
    expect(text(find(state(failed), ".list-empty"))).toBe("还没有消息");
  });
});
