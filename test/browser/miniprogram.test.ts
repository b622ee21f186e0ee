import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, launch, SHOTS } from "./support/browser";

// The mini-program's pages as a 68-year-old mother sees them: rendered by miniprogram-simulate with
// their WXSS (test/miniprogram/screens.test.ts writes them as HTML documents), shown in Chromium at
// WeChat's 750-unit width, photographed (test-results/screenshots/mp-*.png) and measured:
// - nothing is wider than the screen;
// - everything that can be tapped is at least 44pt × 44pt (88 × 88 here: 750 units = 375pt);
// - no English word is broken across two lines;
// - in elderly mode no text is smaller than 17pt (34 units).

if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);

const OUT = join(process.cwd(), "test-results", "mp-screens");
const browser = await launch();

beforeAll(() => {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  execFileSync(
    process.execPath,
    ["node_modules/vitest/vitest.mjs", "run", "--project", "miniprogram", "test/miniprogram/screens.test.ts"],
    {
      env: { ...process.env, MP_SCREENS_OUT: OUT },
      stdio: "inherit",
    },
  );
}, 600_000);

interface Findings {
  overflow: number;
  small: string[];
  broken: string[];
  tiny: string[];
}

describe("mini-program pages in Chromium", () => {
  it("every page, both languages, both modes: fits, taps, words and text size", async () => {
    const context = await browser.newContext({ viewport: { width: 750, height: 1334 }, locale: "zh-CN" });
    const page = await context.newPage();
    const files = readdirSync(OUT).filter((f) => f.endsWith(".html"));
    expect(files.length).toBeGreaterThanOrEqual(56);
    const problems: string[] = [];
    for (const f of files.sort()) {
      const name = f.replace(/\.html$/, "");
      await page.setContent(readFileSync(join(OUT, f), "utf8"));
      await page.screenshot({ path: join(SHOTS, `mp-${name}.png`), fullPage: true });
      const found: Findings = await page.evaluate((elderly: boolean) => {
        const vis = (e: Element) => {
          const r = e.getBoundingClientRect();
          return r.width > 0 && r.height > 0;
        };
        const label = (e: Element) => `${e.className} “${(e.textContent ?? "").trim().slice(0, 24)}”`;
        const selectors = (document.querySelector('meta[name="tappable"]')?.getAttribute("content") ?? "").split(",").filter(Boolean);
        const small: string[] = [];
        for (const el of new Set(selectors.flatMap((s) => Array.from(document.querySelectorAll(s))))) {
          if (!vis(el)) continue;
          const r = el.getBoundingClientRect();
          if (r.height < 87.5 || r.width < 87.5) small.push(`${label(el)} ${Math.round(r.width)}×${Math.round(r.height)}`);
        }
        const broken: string[] = [];
        const tiny = new Set<string>();
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const text = n.textContent ?? "";
          const parent = n.parentElement!;
          if (!text.trim() || !vis(parent)) continue;
          if (elderly && parseFloat(getComputedStyle(parent).fontSize) < 33.5)
            tiny.add(`${label(parent)} ${getComputedStyle(parent).fontSize}`);
          for (const m of text.matchAll(/[A-Za-z][A-Za-z'’]+/g)) {
            const range = document.createRange();
            range.setStart(n, m.index!);
            range.setEnd(n, m.index! + m[0].length);
            const tops = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
            if (tops.size > 1) broken.push(`${m[0]} in ${label(parent)}`);
          }
        }
        return { overflow: document.documentElement.scrollWidth, small, broken, tiny: [...tiny] };
      }, name.endsWith(".elderly"));
      if (found.overflow > 750) problems.push(`${name}: ${found.overflow} units wide`);
      for (const s of found.small) problems.push(`${name}: tap target ${s}`);
      for (const b of found.broken) problems.push(`${name}: broken word ${b}`);
      for (const s of found.tiny) problems.push(`${name}: small text ${s}`);
    }
    await context.close();
    expect(problems).toEqual([]);
  });
});
