// @vitest-environment jsdom
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, test } from "vitest";
import simulate from "miniprogram-simulate";
import { BUILD_ROOT } from "./support/paths";
import { installWx } from "./support/wx";
import { configureMiniprogram, mpRequire } from "./support/mp";

// Every page of app.json compiles (WXML by the official compiler) and renders in all three
// languages and both modes, even before its data arrives (the API answers 503 here).

const appJson = JSON.parse(readFileSync(join(BUILD_ROOT, "app.json"), "utf8")) as {
  pages: string[];
  subPackages: { root: string; pages: string[] }[];
};
const pages = appJson.pages.concat(appJson.subPackages.flatMap((p) => p.pages.map((x) => `${p.root}/${x}`)));

beforeEach(() => {
  installWx(() => new Response(JSON.stringify({ code: "BUSY", detail: "系统繁忙", detailEn: "Busy" }), { status: 503 }));
  configureMiniprogram();
  mpRequire("lib/session.js").clearSession();
});

describe.each(pages)("%s", (pagePath) => {
  test.each([
    ["zh-CN", false],
    ["zh-TW", true],
    ["en", false],
  ] as const)("renders in %s (elderly %s)", async (lang, elderly) => {
    (globalThis as any).wx.setStorageSync("settings", { lang, elderly });
    const id = simulate.load(join(BUILD_ROOT, pagePath), { rootPath: BUILD_ROOT });
    const page = simulate.render(id);
    page.attach(document.createElement("parent-wrapper"));
    const inst = page.instance as any;
    inst.onLoad?.({});
    inst.onShow?.();
    await simulate.sleep(20);
    expect(page.data.lang).toBe(lang);
    expect(page.data.theme).toBe(elderly ? "page elderly" : "page");
    expect(page.dom!.innerHTML).toMatch(elderly ? /class="[^"]*\belderly\b/ : /class="[^"]*\bpage\b/);
    // No unfilled placeholder or missing string reaches the screen.
    expect(page.dom!.textContent).not.toMatch(/\{\w+\}|undefined/);
    inst.onHide?.();
    inst.onUnload?.();
    page.detach();
  });
});
