// @vitest-environment jsdom
import { beforeEach, describe, expect, test } from "vitest";
import { send as apiSend } from "../support/transfers";
import { createMpApp, openWalletApi, realNameUser } from "./support/backend";
import { senderWithSpouse } from "./support/pairs";
import { find, openPage, retryState, setSettings, shownState, tap, text, typePin } from "./support/mp";
import { freshWx, type WxDouble } from "./support/wx";

// Closing the wallet: what happens to the money is said first; the server decides, and a refusal
// stays on the page.

const t = await createMpApp();
let wx: WxDouble;
const PIN = "135790";

beforeEach(() => {
  wx = freshWx(t);
});

describe("close the wallet", () => {
  test("with money left it says where the money goes, closes after the PIN and shows where each part went", async () => {
    await senderWithSpouse(t, wx, PIN);
    const page = await openPage(wx, "pages/account/close/index");
    expect(text(find(page, "#explain"))).toContain("钱包里的钱不能取现，也不会随注销消失：个人账户资金退回您的个人账户。");
    expect(text(find(page, "#balance-line"))).toBe("现在钱包里还有¥1,000.00，注销时按上面的规则退回。");
    expect(page.data.canClose).toBe(true);
    await tap(wx, page, "#close");
    await typePin(wx, page, "#pin", PIN);
    expect(text(find(page, "#closed"))).toMatch(/¥1,000\.00 退回您在\D+的个人账户：已到账/);
  });

  test("an empty wallet closes after the PIN; a pending transfer's refusal stays until dismissed", async () => {
    const me = await realNameUser(t, wx, { personalAccountFen: 0, insurance: "resident" });
    await openWalletApi(t, me, PIN);
    setSettings(wx, { lang: "en", elderly: true });
    const page = await openPage(wx, "pages/account/close/index");
    expect(text(find(page, "#balance-line"))).toBe("The wallet is empty and can be closed.");
    await tap(wx, page, "#close");
    await typePin(wx, page, "#pin", "111111");
    expect(text(find(page, "#refusal-text"))).toMatch(/PIN/i);
    expect(page.data.step).toBe("password");
    await tap(wx, page, "#dismiss");
    expect(page.querySelector("#refusal")).toBeUndefined();
    await typePin(wx, page, "#pin", PIN);
    expect(text(find(page, "#closed"))).toContain("The wallet is closed");
    const wallet = await t.api("GET", "/v1/wallet", { token: me.token });
    expect(wallet.body.status).toBe("closed");
  });

  test("traditional Chinese; could not load is an error with a retry", async () => {
    const { me, bindingId } = await senderWithSpouse(t, wx, PIN);
    expect((await apiSend(t, me.token, bindingId, 100_000, { pin: PIN })).status).toBe(201);
    setSettings(wx, { lang: "zh-TW" });
    wx.failNext = 2;
    const page = await openPage(wx, "pages/account/close/index");
    expect(shownState(page).kind).toBe("error");
    await retryState(wx, page);
    expect(text(find(page, "#balance-line"))).toBe("現在錢包裡還有¥1,000.00，註銷時按上面的規則退回。");
    expect(text(find(page, "#explain"))).toContain("還有待接受的轉賬或待審批的沖正時不能註銷");
    // The server refuses while the transfer is pending; the refusal stays on the page.
    await tap(wx, page, "#close");
    await typePin(wx, page, "#pin", PIN);
    expect(text(find(page, "#refusal-text"))).toContain("待");
  });
});
