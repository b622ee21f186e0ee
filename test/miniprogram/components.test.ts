// @vitest-environment jsdom
import { beforeEach, describe, expect, test } from "vitest";
import { idCheckChar } from "../../src/lib/id-number";
import { configureMiniprogram, events, find, renderComponent, text, typeAmount, typePin } from "./support/mp";
import { installWx, type WxDouble } from "./support/wx";

let wx: WxDouble;
beforeEach(() => {
  wx = installWx(() => new Response(null, { status: 503 }));
  configureMiniprogram();
});

const filled = (pad: ReturnType<typeof renderComponent>) => find(pad, ".pin-dots").dom!.querySelectorAll('[class*="filled"]').length;

describe("pin-pad: the secure 6-digit PIN pad", () => {
  test("shows only how many digits were typed, never the digits, and emits the PIN once", async () => {
    const pad = renderComponent("components/pin-pad/index", { lang: "zh-CN" });
    const completed = events<{ value: string }>(pad, "complete");
    await typePin(wx, pad, null, "97531");
    const dots = find(pad, ".pin-dots");
    expect(text(dots)).toBe("");
    expect(dots.dom!.outerHTML).not.toMatch(/\d/);
    expect(filled(pad)).toBe(5);
    // Nothing in the view data (which DevTools shows and snapshots keep) holds the digits.
    expect(JSON.stringify(pad.data)).not.toContain("97531");
    expect(JSON.stringify(pad.data)).not.toMatch(/"(pin|value|digits)"/);
    await typePin(wx, pad, null, "8");
    expect(completed).toEqual([{ value: "975318" }]);
    expect(filled(pad)).toBe(0);
    expect(JSON.stringify(pad.data)).not.toContain("975318");
    expect(pad.dom!.textContent).not.toContain("975318");
  });

  test("delete removes the last digit; keys past six are ignored", async () => {
    const pad = renderComponent("components/pin-pad/index");
    const completed = events<{ value: string }>(pad, "complete");
    await typePin(wx, pad, null, "123");
    pad
      .querySelectorAll(".pin-key")
      .find((k) => text(k) === "删除")!
      .dispatchEvent("tap");
    await typePin(wx, pad, null, "4567");
    expect(completed).toEqual([{ value: "124567" }]);
  });

  test("labels follow the language", async () => {
    const pad = renderComponent("components/pin-pad/index", { lang: "en" });
    await wx.idle();
    expect(text(pad)).toContain("Enter your 6-digit payment PIN");
    expect(text(pad)).toContain("Delete");
  });
});

describe("amount-pad", () => {
  test("emits integer fen", async () => {
    const c = renderComponent("components/amount-pad/index", { lang: "zh-CN", max: 200000 });
    const out = events<{ amountFen: number }>(c, "confirm");
    await typeAmount(wx, c, null, "200.5");
    expect(out).toEqual([{ amountFen: 20050 }]);
    expect(text(find(c, ".amount-display"))).toBe("¥200.5");
  });

  test("refuses amounts outside min and max with a message", async () => {
    const c = renderComponent("components/amount-pad/index", { lang: "zh-CN", min: 100, max: 200000 });
    const out = events(c, "confirm");
    await typeAmount(wx, c, null, "0.5");
    expect(text(find(c, ".amount-hint"))).toBe("金额不能少于¥1.00");
    for (let i = 0; i < 3; i++)
      c.querySelectorAll(".amount-key")
        .find((n) => text(n) === "删除")!
        .dispatchEvent("tap");
    await typeAmount(wx, c, null, "2000.01");
    expect(text(find(c, ".amount-hint"))).toBe("金额不能超过¥2,000.00");
    expect(out).toEqual([]);
  });
});

describe("id-input: check-digit feedback while typing", () => {
  test("counts down, then says whether the check character matches", async () => {
    const c = renderComponent("components/id-input/index", { lang: "zh-CN" });
    const changes = events<{ value: string; valid: boolean }>(c, "change");
    const field = find(c, ".id-field");
    const body = "32050519800101123";
    const good = body + idCheckChar(body);
    const bad = body + (idCheckChar(body) === "1" ? "2" : "1");
    const typeIn = async (value: string) => {
      field.dispatchEvent("input", { detail: { value } });
      await wx.idle();
      return find(c, ".id-feedback");
    };
    expect(text(await typeIn(body.slice(0, 10)))).toBe("还差8位");
    const wrong = await typeIn(bad);
    expect(text(wrong)).toBe("校验位不符，请逐位核对号码");
    expect(wrong.dom!.className).toContain("error");
    expect(text(await typeIn(good.toLowerCase()))).toBe("号码校验通过");
    expect(changes.map((x) => x.valid)).toEqual([false, false, true]);
    expect(changes[2]!.value).toBe(good);
  });

  test("in traditional Chinese and English", async () => {
    for (const [lang, expected] of [
      ["zh-TW", "還差17位"],
      ["en", "17 more characters"],
    ] as const) {
      const c = renderComponent("components/id-input/index", { lang });
      find(c, ".id-field").dispatchEvent("input", { detail: { value: "3" } });
      await wx.idle();
      expect(text(find(c, ".id-feedback"))).toBe(expected);
    }
  });
});
