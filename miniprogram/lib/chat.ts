import { money } from "./format";
import type { Lang, Strings } from "./i18n";
import { toTraditional } from "./zh-tw";
import type { ChatMessage, Prompt } from "../services/types";

// The conversation API is server-driven and still young: prompt options and labels are read
// defensively (a string, or {value, label}, or a label per language).

export interface Option {
  value: unknown;
  label: string;
}

export function localize(text: unknown, lang: Lang): string {
  if (text && typeof text === "object") {
    const t = text as Record<string, unknown>;
    const pick =
      lang === "en"
        ? (t.en ?? t.detailEn)
        : lang === "zh-TW"
          ? (t["zh-TW"] ?? t.zhTW ?? t.zh ?? t["zh-CN"])
          : (t["zh-CN"] ?? t.zh ?? t.zhCN);
    return localize(pick ?? Object.values(t).find((v) => typeof v === "string") ?? "", lang);
  }
  const s = text === undefined || text === null ? "" : String(text);
  return lang === "zh-TW" ? toTraditional(s) : s;
}

export function options(prompt: Prompt | null, lang: Lang): Option[] {
  return (prompt?.options ?? []).map((o) => {
    if (o === null || typeof o !== "object") return { value: o, label: localize(o, lang) };
    const r = o as Record<string, unknown>;
    const value = r.value ?? r.id ?? r.key ?? r.label;
    return { value, label: localize(r.label ?? r.text ?? r.title ?? value, lang) };
  });
}

export interface Bubble {
  id: string;
  role: string;
  text: string;
  local?: boolean;
}

export function bubbles(messages: ChatMessage[], lang: Lang): Bubble[] {
  return messages.map((m) => ({ id: String(m.id), role: m.role, text: localize(m.text, lang) }));
}

/** What the user's own bubble shows for an answer; never the PIN, never the whole ID number. */
export function echo(kind: string, value: unknown, s: Strings, label?: string): string {
  if (label) return label;
  switch (kind) {
    case "password":
      return s.maskedPin!;
    case "face":
      return s.faceDone!;
    case "amount":
      return money(Number(value));
    case "id_number": {
      const v = String(value);
      return `${v.slice(0, 4)}**********${v.slice(-4)}`;
    }
    case "confirm":
      return value ? s.yes! : s.no!;
    default:
      return String(value);
  }
}

/** Merges new server messages into the list, replacing the local echoes they confirm. */
export function merge(list: Bubble[], incoming: Bubble[]): Bubble[] {
  const known = new Set(list.map((b) => b.id));
  const fresh = incoming.filter((b) => !known.has(b.id));
  const serverEchoed = fresh.some((b) => b.role === "user");
  const kept = serverEchoed ? list.filter((b) => !b.local) : list;
  return kept.concat(fresh);
}

export const FLOWS = ["transfer", "incoming_transfers", "bind_relative", "pay_premium", "balance", "open_wallet", "rules", "agent"];
