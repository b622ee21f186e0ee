import { date, dateTime, money } from "./format";
import type { Lang, Strings } from "./i18n";
import { relationLabel, RELATIONS } from "./labels";

/** One line of a generated description: a label, a value, and how deep it sits. */
export interface Row {
  label: string;
  value: string;
  depth: number;
}

// The policy endpoint is new and may grow: every field is shown, known ones with their glossary
// label and formatted value, unknown ones with a readable version of their name.

function humanize(key: string): string {
  const words = key
    .replace(/Fen$/, "")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/_/g, " ")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function isRelation(v: unknown): v is string {
  return typeof v === "string" && (RELATIONS as readonly string[]).includes(v);
}

// Technical fields a person has no use for (assistant cards carry them for the client).
// Region codes are for machines: a person reads the region's name (regionName), never 320500.
const HIDDEN = new Set([
  "type",
  "id",
  "paymentId",
  "transferId",
  "bindingId",
  "walletId",
  "personId",
  "stepId",
  "titleEn",
  "regionCode",
  "usageRegionCode",
  "newRegionCode",
]);

// Enum values by the field they appear in, looked up among the shared words.
const ENUM_PREFIX: Record<string, string[]> = {
  status: ["status_", "wallet_"],
  insurance: ["insurance_"],
  balanceKind: ["balance_"],
  kind: ["value_", "entry_"],
  relationScope: ["scope_"],
};

function formatScalar(key: string, v: unknown, lang: Lang, s: Strings): string {
  if (typeof v === "boolean") {
    if (key === "crossProvince") return v ? s.allowed! : s.notAllowed!;
    return v ? s.yes! : s.no!;
  }
  if (typeof v === "number") return /Fen$/.test(key) ? money(v) : String(v);
  if (typeof v !== "string") return String(v);
  for (const prefix of ENUM_PREFIX[key] ?? []) if (s[prefix + v]) return s[prefix + v]!;
  if (isRelation(v)) return relationLabel(v, lang);
  if (s[`value_${v}`]) return s[`value_${v}`]!;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return date(v, lang);
  if (/^\d{4}-\d{2}-\d{2}T/.test(v)) return dateTime(v, lang);
  return v;
}

function labelOf(key: string, s: Strings): string {
  return s[`field_${key}`] ?? humanize(key);
}

export function describe(value: unknown, lang: Lang, s: Strings, depth = 0, key = ""): Row[] {
  if (value === null || value === undefined) return [];
  const sep = lang === "en" ? ", " : "、";
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== "object")) {
      return [{ label: labelOf(key, s), value: value.map((v) => formatScalar(key, v, lang, s)).join(sep), depth }];
    }
    const rows: Row[] = [{ label: labelOf(key, s), value: "", depth }];
    value.forEach((item, i) => {
      rows.push({ label: itemTitle(item, i, lang, s), value: "", depth: depth + 1 });
      rows.push(...describeObject(item, lang, s, depth + 2));
    });
    return rows;
  }
  if (typeof value === "object") {
    const head = key ? [{ label: labelOf(key, s), value: "", depth }] : [];
    return head.concat(describeObject(value, lang, s, key ? depth + 1 : depth));
  }
  return [{ label: labelOf(key, s), value: formatScalar(key, value, lang, s), depth }];
}

/** A heading for one element of a list: "居民医保 2027", a name, a time, or its number. */
function itemTitle(item: unknown, i: number, lang: Lang, s: Strings): string {
  if (!item || typeof item !== "object") return `${i + 1}`;
  const r = item as Record<string, unknown>;
  if (r.year !== undefined) return [r.kind ? formatScalar("kind", r.kind, lang, s) : "", String(r.year)].filter(Boolean).join(" ");
  if (typeof r.name === "string") return r.name;
  if (typeof r.maskedName === "string") return r.maskedName;
  if (typeof r.at === "string") return dateTime(r.at, lang);
  return `${i + 1}`;
}

function describeObject(obj: unknown, lang: Lang, s: Strings, depth: number): Row[] {
  if (!obj || typeof obj !== "object") return [{ label: "", value: formatScalar("", obj, lang, s), depth }];
  const rows: Row[] = [];
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) if (!HIDDEN.has(k)) rows.push(...describe(v, lang, s, depth, k));
  return rows;
}
