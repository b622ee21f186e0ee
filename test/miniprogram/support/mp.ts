import { createRequire } from "node:module";
import { join } from "node:path";
import simulate from "miniprogram-simulate";
import { BUILD_ROOT } from "./paths";
import type { WxDouble } from "./wx";

// Loads the compiled mini-program (miniprogram/.build, built once per run by global-setup) the way
// WeChat does: CommonJS modules, pages as Component() definitions rendered by miniprogram-simulate.

const nodeRequire = createRequire(import.meta.url);

/** A module of the compiled mini-program, the same instance its pages use (e.g. lib/session.js). */
export function mpRequire<T = any>(relPath: string): T {
  return nodeRequire(join(BUILD_ROOT, relPath)) as T;
}

export type Page = ReturnType<typeof simulate.render>;
export type Node = NonNullable<ReturnType<Page["querySelector"]>>;

/** The mini-program's config, pointed at the test app with WeChat login. */
export function configureMiniprogram(patch: Record<string, unknown> = {}) {
  const { config } = mpRequire("config.js");
  Object.assign(config, { apiBase: "https://api.test", loginProvider: "wechat", sandboxFace: true, ...patch });
  return config;
}

export function setSettings(wx: WxDouble, settings: { lang?: string; elderly?: boolean }) {
  wx.storage.set("settings", { lang: "zh-CN", elderly: false, ...(wx.storage.get("settings") as object), ...settings });
}

/** Loads, renders and opens a page as WeChat would: attached, onLoad(query), onShow(), then idle. */
export async function openPage(wx: WxDouble, pagePath: string, query: Record<string, string> = {}): Promise<Page> {
  const id = simulate.load(join(BUILD_ROOT, pagePath), { rootPath: BUILD_ROOT });
  const page = simulate.render(id);
  page.attach(document.createElement("parent-wrapper"));
  const inst = page.instance as unknown as Record<string, (...a: unknown[]) => unknown>;
  await inst.onLoad?.call(page.instance, query);
  await inst.onShow?.call(page.instance);
  await wx.idle();
  return page;
}

/** Loads and renders a component alone. */
export function renderComponent(path: string, props: Record<string, unknown> = {}): Page {
  const id = simulate.load(join(BUILD_ROOT, path), { rootPath: BUILD_ROOT });
  const comp = simulate.render(id, props);
  comp.attach(document.createElement("parent-wrapper"));
  return comp;
}

export function call(page: Page, method: string, ...args: unknown[]): unknown {
  const inst = page.instance as unknown as Record<string, (...a: unknown[]) => unknown>;
  return inst[method]!.call(page.instance, ...args);
}

export function text(node: Page | Node | undefined): string {
  return (node?.dom?.textContent ?? "").replace(/\s+/g, " ").trim();
}

export function find(page: Page | Node, selector: string): Node {
  const n = page.querySelector(selector);
  if (!n) throw new Error(`no ${selector} in ${text(page).slice(0, 300)}`);
  return n;
}

export async function tap(wx: WxDouble, page: Page | Node, selector: string): Promise<void> {
  find(page, selector).dispatchEvent("tap");
  await wx.idle();
}

/** Taps the element among `selector` whose text is `label`. */
export async function tapText(wx: WxDouble, page: Page | Node, selector: string, label: string): Promise<void> {
  const n = page.querySelectorAll(selector).find((c) => text(c) === label);
  if (!n) throw new Error(`no ${selector} with text ${label}: ${page.querySelectorAll(selector).map(text).join(" | ")}`);
  n.dispatchEvent("tap");
  await wx.idle();
}

export async function input(wx: WxDouble, page: Page | Node, selector: string, value: string): Promise<void> {
  find(page, selector).dispatchEvent("input", { detail: { value } });
  await wx.idle();
}

/** Types a PIN on the pin-pad component `padSelector` of the page (null: `page` is the pad). */
export async function typePin(wx: WxDouble, page: Page | Node, padSelector: string | null, pin: string): Promise<void> {
  const pad = padSelector ? find(page, padSelector) : page;
  for (const digit of pin) {
    const key = pad.querySelectorAll(".pin-key").find((k) => text(k) === digit);
    if (!key) throw new Error(`no key ${digit}`);
    key.dispatchEvent("tap");
  }
  await wx.idle();
}

/** Types an amount in yuan on the amount-pad component and confirms it (null: `page` is the pad). */
export async function typeAmount(wx: WxDouble, page: Page | Node, padSelector: string | null, yuan: string): Promise<void> {
  const pad = padSelector ? find(page, padSelector) : page;
  for (const ch of yuan) {
    const key = pad.querySelectorAll(".amount-key").find((k) => text(k) === ch);
    if (!key) throw new Error(`no key ${ch}`);
    key.dispatchEvent("tap");
  }
  find(pad, ".amount-ok").dispatchEvent("tap");
  await wx.idle();
}

/** Types into an id-input component of the page. */
export async function typeId(wx: WxDouble, page: Page | Node, selector: string, id: string): Promise<void> {
  find(find(page, selector), ".id-field").dispatchEvent("input", { detail: { value: id } });
  await wx.idle();
}

/** Switches the mini-program to another WeChat user (another phone). */
export function switchUser(wx: WxDouble, loginCode: string): void {
  wx.loginCode = loginCode;
  mpRequire("lib/session.js").clearSession();
}

/** Collects the `name` events a component triggers. */
export function events<T = any>(comp: Page | Node, name: string): T[] {
  const out: T[] = [];
  // j-component has it; its typings do not list it.
  (comp as unknown as { addEventListener(n: string, h: (e: { detail: T }) => void): void }).addEventListener(name, (e) =>
    out.push(e.detail),
  );
  return out;
}

export function lastNavigation(wx: WxDouble) {
  return wx.navigations[wx.navigations.length - 1];
}

/** What the page's shared list-state component (id "state") shows: loading, error, empty or nothing. */
export function shownState(page: Page | Node, id = "#state"): { kind: "loading" | "error" | "empty" | "none"; text: string } {
  const box = find(page, id);
  for (const kind of ["loading", "error", "empty"] as const) {
    const n = box.querySelector(`.list-${kind}`);
    if (n) return { kind, text: text(n) };
  }
  return { kind: "none", text: "" };
}

/** Taps the retry button of the page's list-state component. */
export async function retryState(wx: WxDouble, page: Page | Node, id = "#state"): Promise<void> {
  await tap(wx, find(page, id), ".list-retry");
}
