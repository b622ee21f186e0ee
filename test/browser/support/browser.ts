import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll } from "vitest";
import type { TestApp } from "../../support/app";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SHOTS = "test-results/screenshots";

/** The real Node server (@hono/node-server) serving the test app on a free loopback port. */
export async function startServer(t: TestApp): Promise<string> {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: t.app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Debian's Chromium, headless, without any network of its own. */
export async function launch(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  afterAll(() => browser.close());
  mkdirSync(SHOTS, { recursive: true });
  return browser;
}

/**
 * A fresh 1280×800 context per person (its own cookies). Any CSP violation or script error on a
 * page is collected, so a test can prove the pages run clean under the strict policy.
 */
export async function personPage(
  browser: Browser,
  base: string,
  viewport = { width: 1280, height: 800 },
): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport, baseURL: base, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  // The first page of a run can be slow while fontconfig warms its cache for the CJK fonts.
  context.setDefaultNavigationTimeout(60_000);
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(e.message));
  return { page, problems };
}

export async function shot(page: Page, name: string, fullPage = false) {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage });
}

/** The tallest cell (in text lines) of a table: names and statuses must not wrap at 1366 px. */
export async function tallestCellLines(page: Page, tableSelector: string): Promise<number> {
  return page.locator(`${tableSelector} td`).evaluateAll((cells) =>
    Math.max(
      0,
      ...cells.map((td) => {
        const lh = parseFloat(getComputedStyle(td).lineHeight) || 22;
        const pad = parseFloat(getComputedStyle(td).paddingTop) + parseFloat(getComputedStyle(td).paddingBottom);
        return Math.round((td.getBoundingClientRect().height - pad) / lh);
      }),
    ),
  );
}

/** Logs in with the keyboard alone: the username field has focus on arrival. */
export async function keyboardLogin(page: Page, username: string, password = "Sandbox#2026") {
  await page.goto("/console/login");
  // Chromium applies `autofocus` at its next rendering step, which can come just after "load".
  await page.waitForFunction(() => document.activeElement?.id === "username");
  await page.keyboard.type(username);
  await page.keyboard.press("Tab");
  await page.keyboard.type(password);
  await Promise.all([page.waitForURL(/\/console\/(queue|audit)/), page.keyboard.press("Enter")]);
}

export async function logout(page: Page) {
  await Promise.all([page.waitForURL(/\/console\/login/), page.getByRole("button", { name: "退出" }).click()]);
}
