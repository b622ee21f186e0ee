// @vitest-environment jsdom
import { beforeEach, describe, expect, test } from "vitest";
import { createMpApp, realNameUser, requireRoutes } from "./support/backend";
import { configureMiniprogram, find, openPage, text } from "./support/mp";
import { freshWx, type WxDouble } from "./support/wx";

const t = await createMpApp();
let wx: WxDouble;

beforeEach(() => {
  wx = freshWx(t);
});

describe("rules for my region", () => {
  test("renders every field of the region's policy from GET /v1/rules", async (ctx) => {
    await requireRoutes(ctx, t, ["GET /v1/rules"]);
    await realNameUser(t, wx, { regionCode: "320500" });
    const page = await openPage(wx, "pages/rules/index");
    const call = wx.requests.find((r) => r.path.startsWith("/v1/rules"))!;
    expect(call.path).toBe("/v1/rules?regionCode=320500");
    expect(call.statusCode).toBe(200);
    const shown = text(find(page, "#rules"));
    expect(shown.length).toBeGreaterThan(20);
    // Whatever the shape, the published national limits appear formatted, never as raw fen.
    expect(shown).toContain("¥2,000.00");
    expect(shown).not.toMatch(/200000/);
    expect(shown).toMatch(/配偶/);
  });

  test("in English", async (ctx) => {
    await requireRoutes(ctx, t, ["GET /v1/rules"]);
    await realNameUser(t, wx, { regionCode: "320500" });
    wx.storage.set("settings", { lang: "en", elderly: false });
    const page = await openPage(wx, "pages/rules/index");
    expect(text(find(page, "#rules"))).toMatch(/Spouse/);
  });

  test("says so when the policy cannot be read", async () => {
    await realNameUser(t, wx, { regionCode: "320500" });
    configureMiniprogram({ apiBase: "https://api.test" });
    wx.failNext = 2;
    const page = await openPage(wx, "pages/rules/index");
    expect(text(find(page, "#unavailable"))).toBe("暂时无法获取本地政策");
  });
});
