// @vitest-environment jsdom
import { beforeEach, describe, expect, test, type TestContext } from "vitest";
import { loginAs } from "../support/family";
import { newPerson, relate, type Person } from "../support/people";
import { openWallet } from "../support/wallets";
import { createMpApp, openWalletApi, realNameUser, requireRoutes } from "./support/backend";
import { find, input, openPage, tap, text, typeAmount, typeId, typePin, type Page } from "./support/mp";
import { freshWx, type WxDouble } from "./support/wx";

const t = await createMpApp();
let wx: WxDouble;
const MY_PIN = "135790";
const ROUTES = ["POST /v1/conversations", "POST /v1/conversations/{id}/replies", "GET /v1/conversations/{id}"];

beforeEach(() => {
  wx = freshWx(t);
});

interface Plan {
  pin?: string;
  amountYuan?: string;
  person?: Person;
  choose?: (label: string) => boolean;
}

/** Answers whatever the server asks, the way a user would on this page, until the flow is done. */
async function drive(page: Page, plan: Plan, maxSteps = 12): Promise<string[]> {
  const kinds: string[] = [];
  for (let i = 0; i < maxSteps; i++) {
    const kind = page.data.kind as string;
    kinds.push(kind);
    if (!kind || kind === "done") return kinds;
    if (kind === "choice" || (kind === "confirm" && page.querySelectorAll(".option").length)) {
      const opts = page.querySelectorAll(".option");
      const pick = opts.find((o) => plan.choose?.(text(o))) ?? opts[0]!;
      pick.dispatchEvent("tap");
      await wx.idle();
    } else if (kind === "confirm") await tap(wx, page, "#confirm-yes");
    else if (kind === "amount") await typeAmount(wx, page, "#amount", plan.amountYuan ?? "1");
    else if (kind === "password") await typePin(wx, page, "#pin", plan.pin ?? MY_PIN);
    else if (kind === "id_number") {
      await typeId(wx, page, "#id-input", plan.person!.idNumber);
      await tap(wx, page, "#send-id");
    } else if (kind === "face") {
      if (page.querySelector("#face-id")) await typeId(wx, page, "#face-id", plan.person!.idNumber);
      await tap(wx, page, "#start-face");
    } else if (kind === "text") {
      await input(wx, page, "#text", plan.person!.name);
      await tap(wx, page, "#send");
    }
  }
  throw new Error(`flow not done after ${maxSteps} steps: ${kinds.join(" → ")} — ${text(page).slice(-300)}`);
}

async function withMother(ctx: TestContext) {
  await requireRoutes(ctx, t, ROUTES);
  const me = await realNameUser(t, wx, { birthDate: "1985-05-01", personalAccountFen: 100_000 });
  await openWalletApi(t, me, MY_PIN);
  const mother = await newPerson(t, { birthDate: "1958-03-03", insurance: "resident", gender: "female" });
  await relate(t, me, mother, "parent");
  const inv = await t.api("POST", "/v1/invitations", {
    token: me.token,
    body: { relation: "parent", name: mother.name, idNumber: mother.idNumber },
  });
  const motherToken = await loginAs(t, mother);
  await t.api("POST", `/v1/invitations/${inv.body.code}/accept`, { token: motherToken, body: { faceToken: `face-ok:${mother.idNumber}` } });
  await openWallet(t, { ...mother, token: motherToken });
  return { me, mother };
}

describe("assistant chat", () => {
  test("“给我妈转两百”: the server's flow is rendered prompt by prompt and the transfer is made", async (ctx) => {
    const { me } = await withMother(ctx);
    const page = await openPage(wx, "pages/assistant/index");
    await input(wx, page, "#text", "给我妈转两百");
    await tap(wx, page, "#send");
    expect(wx.requests.find((r) => r.path === "/v1/conversations")!.data).toEqual({ text: "给我妈转两百", language: "zh-CN" });
    const kinds = await drive(page, { pin: MY_PIN, amountYuan: "200" });
    expect(kinds).toContain("password");

    const out = await t.api("GET", "/v1/transfers?direction=out", { token: me.token });
    expect(out.body.items).toHaveLength(1);
    expect(out.body.items[0]).toMatchObject({ amountFen: 20_000, status: "pending" });
    // The PIN never reaches the screen or the stored transcript.
    expect(text(page)).not.toContain(MY_PIN);
    expect(text(page)).toMatch(/●●●●●●|\*\*\*\*\*\*/);
    const id = wx.storage.get("assistantConversation") ?? wx.requests.find((r) => r.path === "/v1/conversations")!.response;
    const convId = typeof id === "string" ? id : (id as { id: string }).id;
    const transcript = await t.api("GET", `/v1/conversations/${convId}`, { token: me.token });
    expect(JSON.stringify(transcript.body)).not.toContain(MY_PIN);
  });

  test("open the wallet through the chat: name, ID number with check-digit feedback, face, agreement, PIN", async (ctx) => {
    await requireRoutes(ctx, t, ROUTES);
    const p = await newPerson(t, { personalAccountFen: 12_300 });
    const page = await openPage(wx, "pages/assistant/index", { flow: "open_wallet" });
    const kinds = await drive(page, { person: p, pin: "802461" });
    expect(kinds).toEqual(expect.arrayContaining(["text", "id_number", "face", "password"]));
    const me = wx.requests.filter((r) => r.path === "/v1/me");
    expect(me).toHaveLength(0);
    const token = (wx.requests.find((r) => r.path === "/v1/auth/sessions")!.response as { token: string }).token;
    const wallet = await t.api("GET", "/v1/wallet", { token });
    expect(wallet.status).toBe(200);
    expect(wallet.body.balances.ownFen).toBe(12_300);
    // The ID number and the face token are never shown back in full.
    expect(text(page)).not.toContain(p.idNumber);
    expect(text(page)).toContain("¥123.00");
  });

  test("a conversation resumes when the page is opened again", async (ctx) => {
    await withMother(ctx);
    const first = await openPage(wx, "pages/assistant/index", { flow: "transfer" });
    const kindBefore = first.data.kind as string;
    expect(kindBefore).not.toBe("done");
    const again = await openPage(wx, "pages/assistant/index");
    expect(again.data.kind).toBe(kindBefore);
    expect(text(find(again, "#prompt-label"))).toBe(text(find(first, "#prompt-label")));
    expect(wx.requests.filter((r) => r.method === "POST" && r.path === "/v1/conversations")).toHaveLength(1);
  });

  test("answers in the user's language: English balance, traditional Chinese menu", async (ctx) => {
    await withMother(ctx);
    wx.storage.set("settings", { lang: "en", elderly: true });
    const page = await openPage(wx, "pages/assistant/index", { flow: "balance" });
    expect(text(page)).toContain("Your wallet holds ¥1,000.00");
    expect(text(page)).toContain("Own funds¥1,000.00");
    expect(page.data.theme).toBe("page elderly");

    wx.storage.set("settings", { lang: "zh-TW", elderly: false });
    const tw = await openPage(wx, "pages/assistant/index", { flow: "transfer" });
    expect(text(find(tw, "#prompt-label"))).toBe("請輸入轉賬金額（單筆 ¥0.01 至 ¥2,000.00，可用 ¥1,000.00）");
  });

  test("issue #19: the PIN keypad is not covered by the composer, and its question is said once", async (ctx) => {
    await withMother(ctx);
    const page = await openPage(wx, "pages/assistant/index");
    await input(wx, page, "#text", "给我妈转两百");
    await tap(wx, page, "#send");
    await tap(wx, page, "#confirm-yes");
    expect(page.data.kind).toBe("password");
    expect(page.querySelector("#pin")).toBeTruthy();
    expect(page.querySelector("#text")).toBeFalsy(); // no composer over the keys
    expect(text(page).split("请输入6位支付密码").length - 1).toBe(1);
    // The assistant says 接受, as the app does.
    expect(text(page)).toContain("对方接受后到账");
    expect(text(page)).not.toContain("对方确认后到账");
  });

  test("change the PIN: current, new and new again on one keypad, one answer; a mismatch asks again", async (ctx) => {
    const { me } = await withMother(ctx);
    const page = await openPage(wx, "pages/assistant/index", { flow: "change_pin" });
    expect(page.data.kind).toBe("password_change");
    expect(page.querySelector("#text")).toBeFalsy();
    await typePin(wx, page, "#pin", MY_PIN);
    await typePin(wx, page, "#pin", "250813");
    await typePin(wx, page, "#pin", "250814"); // not the same: asked again, nothing sent
    expect(wx.requests.filter((r) => r.path.endsWith("/replies"))).toHaveLength(0);
    await typePin(wx, page, "#pin", "250813");
    await typePin(wx, page, "#pin", "250813");
    expect(page.data.kind).toBe("done");
    expect(text(page)).toContain("支付密码已修改");
    expect(text(page)).not.toContain("250813");
    const check = await t.api("PUT", "/v1/wallet/password", { token: me.token, body: { oldPassword: "250813", newPassword: MY_PIN } });
    expect(check.status).toBe(204);
  });

  test("the e-code is shown large from the chat; the unbind flow is reachable by words", async (ctx) => {
    await withMother(ctx);
    const page = await openPage(wx, "pages/assistant/index");
    await input(wx, page, "#text", "出示医保码");
    await tap(wx, page, "#send");
    expect(page.querySelector(".ecode-digits")).toBeTruthy();
    expect(text(find(page, ".ecode-digits")).length).toBeGreaterThanOrEqual(6);
    await input(wx, page, "#text", "我想解除和我妈的绑定");
    await tap(wx, page, "#send");
    expect(page.data.kind).toBe("confirm");
    expect(text(find(page, "#prompt-label"))).toContain("确认解除与父母");
  });
});
