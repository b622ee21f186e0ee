// @vitest-environment jsdom
import { beforeEach, describe, expect, test } from "vitest";
import { charge, ecode, newMerchant, orderNo } from "../support/merchants";
import { createMpApp } from "./support/backend";
import * as pairs from "./support/pairs";
import {
  find,
  input,
  lastNavigation,
  openPage,
  retryState,
  setSettings,
  shownState,
  tap,
  text,
  typeId,
  typePin,
  type Page,
} from "./support/mp";
import { freshWx, type WxDouble } from "./support/wx";

// A son gives his wife (or mother) a yearly allowance (共济额度) from his wallet and lets her show
// his code: the rules are on the screen before the PIN, used and left this year after.

const t = await createMpApp();
let wx: WxDouble;
const MY_PIN = "135790";

beforeEach(() => {
  wx = freshWx(t);
});

const quotaPuts = () => wx.requests.filter((r) => r.method === "PUT" && r.path.endsWith("/quota"));

async function fillQuota(page: Page, annual: string, per: string) {
  await input(wx, page, "#annual", annual);
  await input(wx, page, "#per", per);
  await tap(wx, page, "#next");
}

describe("a relative's allowance (共济额度)", () => {
  test("set with the rules before the PIN, refused amounts never reach the PIN, then used and left this year", async () => {
    const { spouse, bindingId } = await pairs.senderWithSpouse(t, wx, MY_PIN);
    const list = await openPage(wx, "pages/relatives/index");
    expect(text(find(list, "#relative-0"))).toContain("我给的共济额度：未设置");
    await tap(wx, list, ".family");
    expect(lastNavigation(wx)!.url).toBe(`/pages/relatives/family/index?bindingId=${bindingId}`);

    const page = await openPage(wx, "pages/relatives/family/index", { bindingId });
    expect(text(find(page, "#who"))).toMatch(/^.\*.?（配偶）$/);
    expect(text(find(page, "#no-quota"))).toBe("还没有给TA设置共济额度");
    await tap(wx, page, "#edit-quota");
    const rules = text(find(page, "#rules"));
    expect(rules).toContain("每年额度：¥0.01至¥50,000.00");
    expect(rules).toContain("每笔上限：可不填；填写时不能超过每年额度");
    expect(page.querySelector("#pin")).toBeUndefined();

    await fillQuota(page, "50000.01", "");
    expect(text(find(page, "#form-error"))).toBe("每年额度须在¥0.01至¥50,000.00之间");
    await fillQuota(page, "0", "");
    expect(text(find(page, "#form-error"))).toBe("每年额度须在¥0.01至¥50,000.00之间");
    await fillQuota(page, "2000", "2000.01");
    expect(text(find(page, "#form-error"))).toBe("每笔上限不能超过每年额度");
    expect(page.querySelector("#pin")).toBeUndefined();
    expect(quotaPuts()).toEqual([]);

    await fillQuota(page, "2000", "500");
    expect(text(find(page, "#confirm-title"))).toMatch(/^给.\*.?每年额度¥2,000\.00$/);
    expect(text(find(page, "#confirm-per"))).toBe("每笔最多 ¥500.00");
    expect(text(find(page, "#rules"))).toContain("¥50,000.00"); // still on the screen with the PIN pad
    await typePin(wx, page, "#pin", "000000");
    expect(quotaPuts().at(-1)!.statusCode).toBe(422);
    expect(text(find(page, "#refusal-text"))).toContain("支付密码");
    expect(page.querySelector("#pin")).toBeDefined();
    await typePin(wx, page, "#pin", MY_PIN);
    expect(quotaPuts().at(-1)!.statusCode).toBe(200);
    expect(wx.toasts.at(-1)).toBe("额度已生效");
    expect(text(find(page, "#quota-annual"))).toBe("2026年额度 ¥2,000.00");
    expect(text(find(page, "#quota-per"))).toBe("每笔最多 ¥500.00");
    expect(text(find(page, "#quota-remaining"))).toBe("今年剩余 ¥2,000.00");

    // She pays ¥300 at a pharmacy with nothing of her own: the allowance pays.
    const m = await newMerchant(t);
    const paid = await charge(t, m, { ecode: await ecode(t, spouse), orderNo: orderNo(), amountFen: 30_000 });
    expect(paid.status, JSON.stringify(paid.body)).toBe(201);
    const again = await openPage(wx, "pages/relatives/family/index", { bindingId });
    expect(text(find(again, "#quota-used"))).toBe("今年已用 ¥300.00");
    expect(text(find(again, "#quota-remaining"))).toBe("今年剩余 ¥1,700.00");
    const list2 = await openPage(wx, "pages/relatives/index");
    expect(text(find(list2, "#relative-0"))).toContain("我给的共济额度：今年剩余 ¥1,700.00");

    // A change starts from the current amounts and keeps what was used.
    await tap(wx, again, "#edit-quota");
    expect(again.data.annualText).toBe("2000.00");
    expect(again.data.perText).toBe("500.00");
    await fillQuota(again, "1000", "");
    expect(text(find(again, "#confirm-per"))).toBe("每笔不另设上限");
    await typePin(wx, again, "#pin", MY_PIN);
    expect(text(find(again, "#quota-remaining"))).toBe("今年剩余 ¥700.00");
    expect(text(find(again, "#quota-per"))).toBe("每笔不另设上限");

    wx.modalConfirms = true;
    await tap(wx, again, "#revoke-quota");
    expect(wx.modals.at(-1)!.content).toMatch(/^确定取消给.\*.?的共济额度吗/);
    expect(wx.toasts.at(-1)).toBe("额度已取消");
    expect(text(find(again, "#quota-status"))).toBe("已取消");
    expect(text(find(again, "#edit-quota"))).toBe("设置额度");
    const quotas = await t.api("GET", "/v1/quotas", { token: spouse.token });
    expect(quotas.body.received[0].status).toBe("revoked");
  });

  test("traditional Chinese and English in elderly mode; could not load is an error with a retry", async () => {
    const { bindingId } = await pairs.senderWithSpouse(t, wx, MY_PIN);
    setSettings(wx, { lang: "zh-TW", elderly: true });
    const tw = await openPage(wx, "pages/relatives/family/index", { bindingId });
    expect(tw.data.theme).toBe("page elderly");
    await tap(wx, tw, "#edit-quota");
    expect(text(find(tw, "#rules"))).toContain("每年額度：¥0.01至¥50,000.00");
    await fillQuota(tw, "100", "200");
    expect(text(find(tw, "#form-error"))).toBe("每筆上限不能超過每年額度");

    setSettings(wx, { lang: "en", elderly: true });
    const en = await openPage(wx, "pages/relatives/family/index", { bindingId });
    expect(text(find(en, "#no-quota"))).toBe("You have not given them an allowance");
    await tap(wx, en, "#edit-quota");
    expect(text(find(en, "#rules"))).toContain("Yearly allowance: ¥0.01 to ¥50,000.00");
    await fillQuota(en, "1234.5", "");
    expect(text(find(en, "#confirm-title"))).toMatch(/^A yearly allowance of ¥1,234\.50 for .\*.?$/);
    await typePin(wx, en, "#pin", MY_PIN);
    expect(text(find(en, "#quota-remaining"))).toBe("Left this year ¥1,234.50");

    // Three reads at once, each repeated once when lost: six failures lose them all.
    wx.failNext = 6;
    const failed = await openPage(wx, "pages/relatives/family/index", { bindingId });
    expect(shownState(failed).kind).toBe("error");
    expect(failed.querySelector("#no-quota")).toBeUndefined();
    expect(failed.querySelector("#quota")).toBeUndefined();
    await retryState(wx, failed);
    expect(text(find(failed, "#quota-annual"))).toBe("2026 allowance ¥1,234.50");
  });

  test("a binding that is not mine is not found, never an empty allowance", async () => {
    await pairs.senderWithSpouse(t, wx, MY_PIN);
    const page = await openPage(wx, "pages/relatives/family/index", { bindingId: "01JNOTMINE0000000000000000" });
    expect(shownState(page)).toEqual({ kind: "empty", text: "没有找到这位共济亲属，可能已解除绑定" });
  });
});

describe("care access (亲情账户)", () => {
  test("grant with my face check, the relative sees it, then stop it", async () => {
    const { me, spouse, bindingId } = await pairs.senderWithSpouse(t, wx, MY_PIN);
    const page = await openPage(wx, "pages/relatives/family/index", { bindingId });
    expect(text(find(page, "#care-line"))).toMatch(/^.\*.?不能代您出示医保码$/);
    await tap(wx, page, "#grant-care");
    await tap(wx, page, "#start-face");
    expect(wx.toasts.at(-1)).toBe("请填写完整");
    await input(wx, page, "#my-name", me.name);
    await typeId(wx, page, "#my-id", me.idNumber);
    await tap(wx, page, "#start-face");
    expect(wx.toasts.at(-1)).toBe("已授权");
    expect(text(find(page, "#care-line"))).toMatch(/^.\*.?可以代您出示医保码$/);
    const theirs = await t.api("GET", "/v1/care-access", { token: spouse.token });
    expect(theirs.body.caringFor.map((c: { bindingId: string }) => c.bindingId)).toEqual([bindingId]);

    wx.modalConfirms = true;
    await tap(wx, page, "#stop-care");
    expect(wx.toasts.at(-1)).toBe("已停止");
    expect(page.querySelector("#stop-care")).toBeUndefined();
    expect((await t.api("GET", "/v1/care-access", { token: spouse.token })).body.caringFor).toEqual([]);
  });
});
