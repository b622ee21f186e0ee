import { t, type Lang } from "./i18n";

// Labels for the API's enum values. An unknown value (added by the server later) shows as itself.
function label(prefix: string, value: string | null | undefined, lang: Lang, fallbackKey?: string): string {
  if (!value) return "";
  const key = `${prefix}_${value}`;
  const text = t("common", key, lang);
  if (text !== key) return text;
  return fallbackKey ? t("common", fallbackKey, lang) : value;
}

export const relationLabel = (v: string | null | undefined, lang: Lang) => label("relation", v, lang);
export const statusLabel = (v: string | null | undefined, lang: Lang) => label("status", v, lang);
export const insuranceLabel = (v: string | null | undefined, lang: Lang) => label("insurance", v, lang);
export const balanceKindLabel = (v: string | null | undefined, lang: Lang) => label("balance", v, lang);
// Bill lines the server adds later still read as a plain "other movement", never as a code.
export const entryKindLabel = (v: string | null | undefined, lang: Lang) => label("entry", v, lang, "entry_other");
export const walletStatusLabel = (v: string | null | undefined, lang: Lang) => label("wallet", v, lang);

export const RELATIONS = ["spouse", "parent", "child", "sibling", "grandparent", "grandchild"] as const;

/** A relative as every list shows them: "王*艳（子女，苏州市）", in English "王*艳 (Child, Suzhou)". */
export function relativeLabel(name: string, relation: string | null | undefined, lang: Lang, region?: string | null): string {
  const parts = [relationLabel(relation, lang), region ?? ""].filter(Boolean);
  if (!parts.length) return name;
  return lang === "en" ? `${name} (${parts.join(", ")})` : `${name}（${parts.join("，")}）`;
}
