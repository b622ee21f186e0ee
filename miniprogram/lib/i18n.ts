import { catalog, type Namespace } from "./strings/index";

export type Lang = "zh-CN" | "zh-TW" | "en";
export const DEFAULT_LANG: Lang = "zh-CN";

const INDEX: Record<Lang, 0 | 1 | 2> = { "zh-CN": 0, "zh-TW": 1, en: 2 };

export type { Namespace };
export type Strings = Record<string, string>;

export function isLang(v: unknown): v is Lang {
  return v === "zh-CN" || v === "zh-TW" || v === "en";
}

/**
 * Everything a page shows, in one language: the shared words plus the page's own. Pages get the
 * whole table as `s` in their data, so the WXML names each string once and never concatenates.
 */
export function strings(ns: Namespace, lang: Lang): Strings {
  const out: Strings = {};
  const i = INDEX[lang];
  for (const table of [catalog.common, catalog[ns]]) {
    for (const key of Object.keys(table)) out[key] = (table as Record<string, readonly string[]>)[key]![i]!;
  }
  return out;
}

/** One string with `{name}` placeholders filled. */
export function t(ns: Namespace, key: string, lang: Lang, params: Record<string, string | number> = {}): string {
  const table = strings(ns, lang);
  return fill(table[key] ?? key, params);
}

export function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}
