import { DEFAULT_LANG, isLang, type Lang } from "./i18n";

/** What the user chose on this device; the only thing the mini-program keeps in wx storage. */
export interface Settings {
  lang: Lang;
  elderly: boolean;
}

const KEY = "settings";

export function getSettings(): Settings {
  let saved: Partial<Settings> = {};
  try {
    saved = (wx.getStorageSync(KEY) as Partial<Settings>) || {};
  } catch {
    // Unreadable storage must not keep the app from starting: fall back to the defaults.
  }
  return {
    lang: isLang(saved.lang) ? saved.lang : DEFAULT_LANG,
    elderly: saved.elderly === true,
  };
}

export function saveSettings(patch: Partial<Settings>): Settings {
  const next = { ...getSettings(), ...patch };
  wx.setStorageSync(KEY, next);
  return next;
}

export function currentLang(): Lang {
  return getSettings().lang;
}
