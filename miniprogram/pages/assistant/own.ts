import type { Lang } from "../../lib/i18n";

// Words of this page's own prompt kinds (password_change, the e-code card), in the three languages.
const OWN: Record<string, [string, string, string]> = {
  pinOld: ["请输入原支付密码", "請輸入原支付密碼", "Enter your current PIN"],
  pinNew: ["请设置新的6位支付密码", "請設置新的6位支付密碼", "Set a new 6-digit PIN"],
  pinAgain: ["请再次输入新密码", "請再次輸入新密碼", "Enter the new PIN again"],
  pinMismatch: ["两次输入的新密码不一致，请重新设置", "兩次輸入的新密碼不一致，請重新設置", "The two new PINs differ; set it again"],
  ecode: ["医保码", "醫保碼", "Medical insurance code"],
  ecodeUntil: ["有效至", "有效至", "Valid until"],
};

export const own = (key: string, lang: Lang): string => OWN[key]![lang === "en" ? 2 : lang === "zh-TW" ? 1 : 0];

/** The e-code card: the code, large, and until when (Beijing time). Not kept in the transcript. */
export function ecodeRows(card: Record<string, unknown>, lang: Lang): unknown[] {
  if (typeof card.code !== "string") return [];
  const at = typeof card.expiresAt === "string" ? new Date(card.expiresAt) : null;
  const until = at ? at.toLocaleTimeString(lang === "en" ? "en-GB" : "zh-CN", { hour12: false, timeZone: "Asia/Shanghai" }) : "";
  return [
    { label: own("ecode", lang), value: card.code, depth: 0, big: true },
    { label: own("ecodeUntil", lang), value: until, depth: 0 },
  ];
}

/** One PIN typed in a password_change prompt: the next keypad title, a mismatch, or the answer. */
export function pinChange(
  pins: string[],
  typed: string,
  lang: Lang,
): { pins: string[]; title: string; mismatch?: string; answer?: { oldPassword: string; newPassword: string } } {
  const all = pins.concat(typed);
  if (all.length === 1) return { pins: all, title: own("pinNew", lang) };
  if (all.length === 2) return { pins: all, title: own("pinAgain", lang) };
  const [oldPassword, newPassword, again] = all as [string, string, string];
  if (newPassword !== again) return { pins: [oldPassword], title: own("pinNew", lang), mismatch: own("pinMismatch", lang) };
  return { pins: [], title: "", answer: { oldPassword, newPassword } };
}
