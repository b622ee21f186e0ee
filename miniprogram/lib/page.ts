import { strings, type Lang, type Namespace, type Strings } from "./i18n";
import { getSettings } from "./store";

export interface ViewData {
  s: Strings;
  lang: Lang;
  elderly: boolean;
  /** The root element's class: elderly mode switches the CSS variables of app.wxss. */
  theme: string;
}

function viewData(ns: Namespace): ViewData {
  const { lang, elderly } = getSettings();
  return { s: strings(ns, lang), lang, elderly, theme: elderly ? "page elderly" : "page" };
}

/** Puts the current language and mode into a page (on load and again on show, after Settings). */
export function applyView(page: { setData(data: Record<string, unknown>): void }, ns: Namespace): ViewData {
  const v = viewData(ns);
  page.setData({ ...v });
  wx.setNavigationBarTitle({ title: v.s.title ?? "" });
  return v;
}

/** Today in Beijing as YYYY-MM-DD, for the ID number's birth-date check. */
export function beijingToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export function go(url: string): void {
  wx.navigateTo({ url });
}

/** A yes/no modal; a failure to show it counts as "no", so nothing is done unconfirmed. */
export function confirmModal(content: string): Promise<boolean> {
  return new Promise((resolve) => {
    wx.showModal({ content, success: (r) => resolve(r.confirm), fail: () => resolve(false) });
  });
}
