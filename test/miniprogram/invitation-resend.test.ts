// @vitest-environment jsdom
import { beforeEach, describe, expect, test } from "vitest";
import { newPerson, relate } from "../support/people";
import { createMpApp, openWalletApi, realNameUser } from "./support/backend";
import { find, input, openPage, setSettings, tap, tapText, text, typeId } from "./support/mp";
import { freshWx, type WxDouble } from "./support/wx";

// An invitation the mother has not answered after a few days: her son keeps it open 7 more days
// from the relatives page (its own file: the test moves the business clock).

const t = await createMpApp();
let wx: WxDouble;

beforeEach(() => {
  wx = freshWx(t);
});

describe("pending invitations: extend 7 days", () => {
  test("the same code, valid 7 days from now, said in a toast and in the list; in English too", async () => {
    const user = await realNameUser(t, wx, { birthDate: "1985-05-01", personalAccountFen: 100_000 });
    await openWalletApi(t, user);
    const mother = await newPerson(t, { birthDate: "1958-03-03", insurance: "resident", gender: "female" });
    await relate(t, user, mother, "parent");
    const page = await openPage(wx, "pages/relatives/index");
    await tapText(wx, page, ".relation", "父母");
    await input(wx, page, "#relative-name", mother.name);
    await typeId(wx, page, "#relative-id", mother.idNumber);
    await tap(wx, page, "#send-invite");
    const code = text(find(page, "#invitation-code"));

    t.clock.set(new Date(t.clock.now().getTime() + 3 * 86_400_000));
    const again = await openPage(wx, "pages/relatives/index");
    expect(text(find(again, "#pending-0"))).toContain("有效期至2026年12月1日");
    expect(again.data.pending[0].resendLabel).toMatch(/^把给.\*.?（父母）的邀请再延长7天$/);
    await tap(wx, again, ".pending-resend");
    const call = wx.requests.find((r) => r.path === `/v1/invitations/${code}/resend`)!;
    expect(call.statusCode).toBe(200);
    expect(wx.toasts.at(-1)).toBe("邀请已延长至2026年12月4日 10:00，可再次发送卡片");
    expect(text(find(again, "#pending-0"))).toContain("有效期至2026年12月4日");
    expect(text(find(again, "#pending-0"))).toContain(code);

    setSettings(wx, { lang: "en", elderly: true });
    const en = await openPage(wx, "pages/relatives/index");
    expect(text(find(en, "#pending-0 .pending-resend"))).toBe("Extend 7 days");
    await tap(wx, en, ".pending-resend");
    expect(wx.toasts.at(-1)).toBe("Open until 4 Dec 2026 10:00; you can send the card again");
  });
});
