// @vitest-environment jsdom
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { relate, verifiedUser } from "../support/people";
import { openWallet, PIN } from "../support/wallets";
import { createMpApp, openWalletApi, realNameUser } from "./support/backend";
import { openPage, setSettings } from "./support/mp";
import { MP_ROOT } from "./support/paths";
import { screenDocument, tappableSelectors } from "./support/screens";
import { freshWx, type WxDouble } from "./support/wx";

// Every page of a real user's day, rendered by the simulator with its WXSS, written out as a
// self-contained HTML document: test/browser/miniprogram.test.ts opens them in Chromium, takes the
// screenshots and measures what only a browser can (touch targets, overflow, broken words).
// Here: each document has the page's text and its styles. MP_SCREENS_OUT names the folder.

const OUT = process.env.MP_SCREENS_OUT ?? join(tmpdir(), `mp-screens-${process.pid}`);
const t = await createMpApp();
let wx: WxDouble;
let pendingId = "";
let myBindingId = "";

/** A 68-year-old mother (¥1,860.00 own funds): her son sent ¥300, she can send to him. */
beforeAll(async () => {
  wx = freshWx(t);
  const me = await realNameUser(t, wx, { birthDate: "1958-03-03", personalAccountFen: 186_000, gender: "female" });
  await openWalletApi(t, me, PIN);
  const son = await verifiedUser(t, { birthDate: "1985-05-01", personalAccountFen: 500_000 });
  await openWallet(t, son);
  await relate(t, son, me, "parent");
  const invSon = await t.api("POST", "/v1/invitations", {
    token: son.token,
    body: { relation: "parent", name: me.name, idNumber: me.idNumber },
  });
  const acc = await t.api("POST", `/v1/invitations/${invSon.body.code}/accept`, {
    token: me.token,
    body: { faceToken: `face-ok:${me.idNumber}` },
  });
  myBindingId = acc.body.binding.bindingId;
  // The son lets her pay at the pharmacy from his account: ¥2,000.00 a year, at most ¥500.00 a time.
  const quota = await t.api("PUT", `/v1/relatives/${acc.body.binding.bindingId}/quota`, {
    token: son.token,
    body: { annualFen: 200_000, perPaymentFen: 50_000, paymentPassword: PIN },
  });
  expect(quota.status).toBe(200);
  const sent = await t.api("POST", "/v1/transfers", {
    token: son.token,
    headers: { "idempotency-key": "screens-1" },
    body: { bindingId: acc.body.binding.bindingId, amountFen: 30_000, paymentPassword: PIN },
  });
  expect(sent.status).toBe(201);
  pendingId = sent.body.transferId ?? sent.body.id;
});

const PAGES: [string, (() => Record<string, string>)?][] = [
  ["pages/home/index"],
  ["pages/transfer/index"],
  ["pages/transfer/incoming/index"],
  ["pages/relatives/index"],
  ["pages/bills/index"],
  ["pages/inbox/index"],
  ["pages/premium/index"],
  ["pages/rules/index"],
  ["pages/merchants/index"],
  ["pages/settings/index"],
  ["pages/account/close/index"],
  ["pages/account/usage/index"],
  ["pages/relatives/family/index", () => ({ bindingId: myBindingId })],
  ["pages/assistant/index"],
];
/** What can be tapped on a page: its own WXML's and that of the components it uses, as they are prefixed when rendered. */
function tappable(path: string): string[] {
  const json = JSON.parse(readFileSync(join(MP_ROOT, `${path}.json`), "utf8")) as { usingComponents?: Record<string, string> };
  const own = tappableSelectors(readFileSync(join(MP_ROOT, `${path}.wxml`), "utf8"), "main");
  const used = Object.entries(json.usingComponents ?? {}).flatMap(([tag, comp]) =>
    tappableSelectors(readFileSync(join(MP_ROOT, `${comp.replace(/^\//, "")}.wxml`), "utf8"), tag),
  );
  return [...own, ...used];
}

const MODES = [
  ["zh-CN", false],
  ["zh-CN", true],
  ["en", false],
  ["en", true],
] as const;

describe("screens of a mother's day", () => {
  test.each(PAGES)("%s in both languages and both modes", async (path, query) => {
    mkdirSync(OUT, { recursive: true });
    const appWxss = readFileSync(join(MP_ROOT, "app.wxss"), "utf8");
    for (const [lang, elderly] of MODES) {
      setSettings(wx, { lang, elderly });
      document.head.innerHTML = "";
      const page = await openPage(wx, path, query?.() ?? {});
      const html = screenDocument(page.dom!.outerHTML, document.head.innerHTML, appWxss, { lang, title: path, tappable: tappable(path) });
      const name = `${path
        .replace(/^pages\//, "")
        .replace(/\/index$/, "")
        .replace(/\//g, "-")}.${lang}${elderly ? ".elderly" : ""}`;
      writeFileSync(join(OUT, `${name}.html`), html);
      expect(html, name).toContain("main--page");
      expect(page.dom!.textContent, name).not.toMatch(/\{\w+\}|undefined|NaN/);
      (page.instance as unknown as { onUnload?: () => void }).onUnload?.();
    }
    expect(pendingId).not.toBe("");
  });
});
