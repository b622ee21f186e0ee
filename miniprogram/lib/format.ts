import type { Lang } from "./i18n";

const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const BEIJING_OFFSET_MS = 8 * 3600_000;

/** ¥1,234.56 from integer fen; the same in every language (GLOSSARY). */
export function money(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(Math.trunc(fen));
  const yuan = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}¥${yuan}.${String(abs % 100).padStart(2, "0")}`;
}

/** Bills show the direction: +¥200.00 in, -¥200.00 out. */
export function signedMoney(fen: number): string {
  return fen > 0 ? `+${money(fen)}` : money(fen);
}

/** "12.5" → 1250; null when the text is not an amount with at most two decimals. */
export function parseYuan(text: string): number | null {
  const m = /^(\d{1,9})(?:\.(\d{0,2}))?$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

interface Parts {
  y: number;
  m: number;
  d: number;
  hh: string;
  mm: string;
}

// Business times are Beijing time wherever the phone is (the 06:00 return, transfer hours).
function beijing(iso: string | Date): Parts | null {
  const ms = typeof iso === "string" ? Date.parse(iso) : iso.getTime();
  if (Number.isNaN(ms)) return null;
  const b = new Date(ms + BEIJING_OFFSET_MS);
  return {
    y: b.getUTCFullYear(),
    m: b.getUTCMonth() + 1,
    d: b.getUTCDate(),
    hh: String(b.getUTCHours()).padStart(2, "0"),
    mm: String(b.getUTCMinutes()).padStart(2, "0"),
  };
}

/** 2026年11月23日 / 23 Nov 2026. A bare YYYY-MM-DD is a calendar date, not an instant. */
export function date(value: string | Date, lang: Lang): string {
  const p = typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? calendar(value) : beijing(value);
  if (!p) return typeof value === "string" ? value : "";
  return lang === "en" ? `${p.d} ${MONTHS_EN[p.m - 1]} ${p.y}` : `${p.y}年${p.m}月${p.d}日`;
}

/** 2026年11月23日 06:00 / 23 Nov 2026 06:00 (Beijing time). */
export function dateTime(value: string | Date, lang: Lang): string {
  const p = beijing(value);
  if (!p) return typeof value === "string" ? value : "";
  return `${date(value, lang)} ${p.hh}:${p.mm}`;
}

/** 2026年11月 / Nov 2026, for the bills month filter. */
export function month(yyyyMm: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})$/.exec(yyyyMm);
  if (!m) return yyyyMm;
  return lang === "en" ? `${MONTHS_EN[Number(m[2]) - 1]} ${m[1]}` : `${m[1]}年${Number(m[2])}月`;
}

/** The current Beijing month as YYYY-MM. */
export function currentMonth(now: Date = new Date()): string {
  const p = beijing(now)!;
  return `${p.y}-${String(p.m).padStart(2, "0")}`;
}

export function currentYear(now: Date = new Date()): number {
  return beijing(now)!.y;
}

function calendar(ymd: string): Parts {
  const [y, m, d] = ymd.split("-").map(Number) as [number, number, number];
  return { y, m, d, hh: "00", mm: "00" };
}
