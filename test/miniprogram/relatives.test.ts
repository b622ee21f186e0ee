// @vitest-environment jsdom
import { beforeEach, describe, expect, test } from "vitest";
import { newPerson, relate } from "../support/people";
import { createMpApp, openWalletApi, realNameUser } from "./support/backend";
import {
  call,
  configureMiniprogram,
  find,
  input,
  lastNavigation,
  openPage,
  retryState,
  setSettings,
  shownState,
  switchUser,
  tap,
  tapText,
  text,
  typeId,
} from "./support/mp";
import { freshWx, type WxDouble } from "./support/wx";

const t = await createMpApp();
let wx: WxDouble;

beforeEach(() => {
  wx = freshWx(t);
});

/** The wx user with a wallet, and their mother in the registry (not yet a user). */
async function userAndMother() {
  const user = await realNameUser(t, wx, { birthDate: "1985-05-01", personalAccountFen: 100_000 });
  await openWalletApi(t, user);
  const mother = await newPerson(t, { birthDate: "1958-03-03", insurance: "resident", gender: "female" });
  await relate(t, user, mother, "parent");
  return { user, mother };
}

async function invite(page: Awaited<ReturnType<typeof openPage>>, relationLabel: string, p: { name: string; idNumber: string }) {
  await tapText(wx, page, ".relation", relationLabel);
  await input(wx, page, "#relative-name", p.name);
  await typeId(wx, page, "#relative-id", p.idNumber);
  await tap(wx, page, "#send-invite");
}

describe("relatives and the invitation card", () => {
  test("invite a parent, share the card, the parent accepts on the page it opens, and the list shows them", async () => {
    const { mother } = await userAndMother();
    const inviterCode = wx.loginCode;
    const page = await openPage(wx, "pages/relatives/index");
    expect(shownState(page)).toEqual({ kind: "empty", text: "还没有共济亲属，邀请一位吧" });

    await invite(page, "父母", mother);
    const code = text(find(page, "#invitation-code"));
    expect(code).not.toBe("");
    expect(text(find(page, "#invitation"))).toContain("有效期至2026年12月1日");
    // The share button is WeChat's own (open-type="share"); the card carries the invitation path.
    expect(find(page, "#share").toJSON().attrs).toContainEqual({ name: "openType", value: "share" });
    expect(call(page, "onShareAppMessage")).toEqual({
      title: "邀请您成为医保钱包共济亲属",
      path: `/pages/invitation/index?code=${code}`,
    });
    await tap(wx, page, "#copy");
    expect(wx.clipboard).toBe(code);

    // The mother opens the card on her own phone: a new WeChat user, not yet verified.
    switchUser(wx, `mother-${Date.now()}`);
    const inv = await openPage(wx, "pages/invitation/index", { code });
    expect(text(find(inv, "#relation-line"))).toBe("对方是您的：子女");
    expect(text(find(inv, "#status"))).toBe("待接受");
    await input(wx, inv, "#name", mother.name);
    await typeId(wx, inv, "#id-number", mother.idNumber);
    await tap(wx, inv, "#accept");
    expect(text(find(inv, "#outcome"))).toContain("已成为共济亲属");
    await tap(wx, inv, "#go-home");
    expect(lastNavigation(wx)).toEqual({ kind: "reLaunch", url: "/pages/home/index" });

    switchUser(wx, inviterCode);
    const again = await openPage(wx, "pages/relatives/index");
    const row = text(find(again, "#relative-0"));
    expect(row).toContain("（父母）");
    expect(row).toContain("居民医保");
    expect(row).toContain("未开通钱包");
    expect(row).not.toContain(mother.name);
    const before = wx.navigations.length;
    await tap(wx, again, ".transfer-to");
    expect(wx.navigations).toHaveLength(before); // no wallet yet: nobody to transfer to
    await tap(wx, again, ".pay-for");
    expect(lastNavigation(wx)!.url).toMatch(/^\/pages\/premium\/index\?beneficiary=\w{26}$/);

    wx.modalConfirms = true;
    await tap(wx, again, ".unbind");
    expect(wx.modals.at(-1)!.content).toContain("确定解除");
    expect(shownState(again)).toEqual({ kind: "empty", text: "还没有共济亲属，邀请一位吧" });
  });

  test("the invited person can decline; a withdrawn invitation no longer opens", async () => {
    const { mother } = await userAndMother();
    const inviterCode = wx.loginCode;
    const page = await openPage(wx, "pages/relatives/index");
    await invite(page, "父母", mother);
    const code = text(find(page, "#invitation-code"));

    switchUser(wx, `mother-${Date.now()}`);
    const inv = await openPage(wx, "pages/invitation/index", { code });
    await input(wx, inv, "#name", mother.name);
    await typeId(wx, inv, "#id-number", mother.idNumber);
    wx.modalConfirms = true;
    await tap(wx, inv, "#decline");
    expect(text(find(inv, "#outcome"))).toContain("已拒绝邀请");

    switchUser(wx, inviterCode);
    await invite(page, "父母", mother);
    const second = text(find(page, "#invitation-code"));
    await tap(wx, page, "#cancel-invite");
    expect(page.querySelector("#invitation")).toBeUndefined();
    switchUser(wx, `mother2-${Date.now()}`);
    const closed = await openPage(wx, "pages/invitation/index", { code: second });
    expect(closed.querySelector("#accept")).toBeUndefined();
  });

  test("a relation the registry does not confirm is refused with the server's reason", async () => {
    await userAndMother();
    const stranger = await newPerson(t, { birthDate: "1960-01-01" });
    const page = await openPage(wx, "pages/relatives/index");
    await invite(page, "父母", stranger);
    expect(page.querySelector("#invitation")).toBeUndefined();
    const refused = wx.requests.find((r) => r.path === "/v1/invitations")!;
    expect(refused.statusCode).toBe(422);
    expect(wx.toasts.at(-1)).toBe((refused.response as { detail: string }).detail);
  });

  test("the invitation page without a code, and in English", async () => {
    await realNameUser(t, wx);
    const missing = await openPage(wx, "pages/invitation/index", {});
    expect(text(find(missing, "#missing"))).toBe("缺少邀请码");
    wx.storage.set("settings", { lang: "en", elderly: true });
    const unknown = await openPage(wx, "pages/invitation/index", { code: "NOSUCHCODE" });
    expect(text(find(unknown, "#missing"))).toBe("The invitation does not exist or is no longer valid");
    expect(unknown.data.theme).toBe("page elderly");
  });

  test("a created invitation is confirmed, and after reopening it is listed to share again, copy or withdraw", async () => {
    const { mother } = await userAndMother();
    configureMiniprogram({ subscribeTemplates: { transferSent: [], invitationCreated: ["tmpl-invitation"] } });
    const page = await openPage(wx, "pages/relatives/index");
    await invite(page, "父母", mother);
    configureMiniprogram({ subscribeTemplates: { transferSent: [], invitationCreated: [] } });
    expect(wx.subscribeRequests).toEqual([["tmpl-invitation"]]);
    expect(wx.toasts.at(-1)).toBe("邀请已生成");
    expect(text(find(page, "#invitation"))).toContain("邀请已生成");
    const code = text(find(page, "#invitation-code"));
    // Not listed twice while its confirmation is on the screen.
    expect(page.querySelector("#pending")).toBeUndefined();

    const again = await openPage(wx, "pages/relatives/index");
    expect(again.querySelector("#invitation")).toBeUndefined();
    const row = text(find(again, "#pending-0"));
    expect(row).toMatch(/^已邀请.\*.?（父母）/);
    expect(row).toContain(code);
    expect(row).toContain("有效期至2026年12月1日");
    expect(row).not.toContain(mother.name);
    expect(again.data.pending[0].shareLabel).toMatch(/^再次向.\*.?（父母）发送邀请卡片$/);
    expect(call(again, "onShareAppMessage", { from: "button", target: { dataset: { code } } })).toEqual({
      title: "邀请您成为医保钱包共济亲属",
      path: `/pages/invitation/index?code=${code}`,
    });
    await tap(wx, again, ".pending-copy");
    expect(wx.clipboard).toBe(code);
    await tap(wx, again, ".pending-withdraw");
    expect(wx.toasts.at(-1)).toBe("邀请已撤回");
    expect(again.querySelector("#pending")).toBeUndefined();
    const view = await t.api("GET", `/v1/invitations/${code}`, { token: (await realNameUser(t, freshWx(t))).token });
    expect(view.body.status).toBe("cancelled");
  });

  test("pending invitations in traditional Chinese and English; could not load is an error with a retry", async () => {
    const { mother } = await userAndMother();
    const page = await openPage(wx, "pages/relatives/index");
    await invite(page, "父母", mother);
    setSettings(wx, { lang: "zh-TW", elderly: true });
    const tw = await openPage(wx, "pages/relatives/index");
    expect(text(find(tw, "#pending-0"))).toMatch(/^已邀請.\*.?（父母）/);
    setSettings(wx, { lang: "en", elderly: false });
    const en = await openPage(wx, "pages/relatives/index");
    expect(text(find(en, "#pending"))).toContain("Invitations waiting for an answer");
    expect(text(find(en, "#pending-0"))).toMatch(/^Invited .\*.? \(Parent\)/);
    // Two reads at once, each repeated once when lost: four failures lose both.
    wx.failNext = 4;
    const failed = await openPage(wx, "pages/relatives/index");
    expect(shownState(failed).kind).toBe("error");
    expect(text(failed)).not.toContain("No relatives yet");
    await retryState(wx, failed);
    expect(shownState(failed)).toEqual({ kind: "empty", text: "No relatives yet; invite one" });
  });
});
