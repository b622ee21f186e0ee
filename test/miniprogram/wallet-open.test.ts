// @vitest-environment jsdom
import regionsFixture from "../../src/modules/sandbox/fixtures/regions.json";
import { beforeEach, describe, expect, test } from "vitest";
import { newPerson } from "../support/people";
import { createMpApp, openWalletApi, realNameUser } from "./support/backend";
import { find, input, lastNavigation, openPage, setSettings, tap, text, typeId, typePin } from "./support/mp";
import { freshWx, type WxDouble } from "./support/wx";

const t = await createMpApp();
let wx: WxDouble;

beforeEach(() => {
  wx = freshWx(t);
});

describe("open wallet page", () => {
  test("a new user verifies their real name, accepts the agreement, passes the face check and sets a PIN", async () => {
    const p = await newPerson(t, { personalAccountFen: 50_000, birthDate: "1975-06-15" });
    const page = await openPage(wx, "pages/wallet/index");
    expect(page.data.step).toBe("realName");

    await input(wx, page, "#name", p.name);
    await typeId(wx, page, "#id-number", p.idNumber);
    await tap(wx, page, "#verify");
    expect(page.data.step).toBe("agreement");
    expect(text(page)).toContain("医保钱包服务协议");
    // The region's name, never its code.
    expect(text(find(page, "#region"))).toBe(regionsFixture.regions.find((r) => r.code === p.regionCode)!.name);

    await tap(wx, page, "#start-face");
    expect(text(find(page, "#error"))).toBe("请先同意服务协议");
    await tap(wx, page, "#agree");
    await tap(wx, page, "#start-face");
    expect(page.data.step).toBe("password");

    await typePin(wx, page, "#pin", "123456");
    expect(text(find(page, "#error"))).toBe("密码过于简单，请换一个");
    await typePin(wx, page, "#pin", "802461");
    expect(page.data.step).toBe("confirm");
    await typePin(wx, page, "#pin", "802460");
    expect(page.data.step).toBe("password");
    expect(text(find(page, "#error"))).toBe("两次输入的密码不一致，请重新设置");
    await typePin(wx, page, "#pin", "802461");
    await typePin(wx, page, "#pin", "802461");

    expect(page.data.step).toBe("done");
    expect(text(page)).toContain("医保钱包已开通");
    expect(text(find(page, "#total"))).toBe("¥500.00");
    const opened = wx.requests.find((r) => r.method === "POST" && r.path === "/v1/wallet")!;
    expect(opened.statusCode).toBe(201);
    expect((opened.data as { faceToken: string }).faceToken).toBe(`face-ok:${p.idNumber}`);
    // The PIN was never put in the page's data.
    expect(JSON.stringify(page.data)).not.toContain("802461");
    await tap(wx, page, "#go-home");
    expect(lastNavigation(wx)).toEqual({ kind: "reLaunch", url: "/pages/home/index" });
  });

  test("a verified user types name and ID for the face check; the server's refusal is shown in English", async () => {
    const u = await realNameUser(t, wx, { personalAccountFen: 0, birthDate: "1990-02-03" });
    setSettings(wx, { lang: "en" });
    const page = await openPage(wx, "pages/wallet/index");
    expect(page.data.step).toBe("agreement");
    expect(text(page)).toContain("Medical insurance wallet agreement");
    await tap(wx, page, "#agree");
    await input(wx, page, "#face-name", u.name);
    await typeId(wx, page, "#face-id", u.idNumber);
    await input(wx, page, "#phone", "1391234");
    await tap(wx, page, "#start-face");
    expect(text(find(page, "#error"))).toBe("Enter an 11-digit mobile number");
    await input(wx, page, "#phone", "13912345678");
    await tap(wx, page, "#start-face");
    // The birth date as a PIN passes the client's checks; the server refuses it.
    await typePin(wx, page, "#pin", "900203");
    await typePin(wx, page, "#pin", "900203");
    const attempt = wx.requests.find((r) => r.method === "POST" && r.path === "/v1/wallet")!;
    expect([400, 422]).toContain(attempt.statusCode);
    expect(page.data.step).toBe("password");
    expect(wx.toasts.at(-1)).toBe((attempt.response as { detailEn: string }).detailEn);
    await typePin(wx, page, "#pin", "246802");
    await typePin(wx, page, "#pin", "246802");
    expect(page.data.step).toBe("done");
    expect(text(page)).toContain("Your wallet is open");
  });

  test("an open wallet is not opened twice", async () => {
    const u = await realNameUser(t, wx);
    await openWalletApi(t, u);
    const page = await openPage(wx, "pages/wallet/index");
    expect(text(page)).toContain("您已开通医保钱包");
  });
});
