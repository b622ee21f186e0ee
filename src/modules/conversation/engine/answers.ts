// Turning a raw reply (a button's value or whatever the user typed) into a slot value, and the
// form in which it may be kept in the transcript.

import { formatFen } from "@/lib/money";
import { maskIdNumber, maskName } from "@/lib/mask";
import { findAmountInText, parseAmountFen } from "../nlu/amount";
import { understand } from "../nlu/intent";
import { normalizeText } from "../nlu/normalize";
import { T } from "./text";
import type { Lang, Prompt, Step, StepKind } from "./types";

export type Command = "cancel" | "back" | "agent";

// Secret answers are never run through the grammar: only these exact words count as commands.
const EXACT: Record<string, Command> = {
  取消: "cancel",
  cancel: "cancel",
  退出: "cancel",
  返回: "back",
  上一步: "back",
  back: "back",
  转人工: "agent",
  人工: "agent",
  agent: "agent",
};

const SECRET_KINDS = new Set<StepKind>(["password", "password_change", "id_number", "face"]);

export function commandOf(raw: unknown, kind: StepKind, now: Date): Command | null {
  if (typeof raw !== "string") return null;
  const text = normalizeText(raw.trim());
  if (SECRET_KINDS.has(kind)) return EXACT[text] ?? null;
  const { intent } = understand(text, now);
  return intent === "cancel" || intent === "back" || intent === "agent" ? intent : null;
}

const YES = /^(?:确认|确定|是|是的|好|好的|对|可以|同意|没问题|yes|y|ok|okay|sure|confirm)$/;
const NO = /^(?:不|否|不是|不对|不要|不用|不同意|no|n|nope)$/;

function coerceChoice(raw: unknown, prompt: Prompt, now: Date): unknown {
  if (typeof raw !== "string") return raw;
  const text = raw.trim();
  const options = prompt.options ?? [];
  const exact = options.find((o) => o.value === text || o.label === text);
  if (exact) return exact.value;
  if (/^\d{1,2}$/.test(text)) return options[Number(text) - 1]?.value ?? raw;
  const { slots } = understand(text, now);
  if (slots.relation) {
    const same = options.filter((o) => o.relation === slots.relation);
    if (same.length === 1) return same[0]!.value;
  }
  return raw;
}

/** The kind's default reading of a reply; a step's own `coerce` runs on what this leaves. */
export function coerceByKind(kind: StepKind, raw: unknown, prompt: Prompt, now: Date): unknown {
  switch (kind) {
    case "amount":
      if (typeof raw === "string") return parseAmountFen(raw) ?? findAmountInText(raw) ?? raw;
      return raw;
    case "confirm": {
      if (typeof raw !== "string") return raw;
      const t = normalizeText(raw.trim()).replace(/[。.!！]+$/u, "");
      return YES.test(t) ? true : NO.test(t) ? false : raw;
    }
    case "choice":
      return coerceChoice(raw, prompt, now);
    case "id_number":
      return typeof raw === "string" ? raw.replace(/\s+/g, "").toUpperCase() : raw;
    default:
      return typeof raw === "string" ? raw.trim() : raw;
  }
}

const LONG_DIGITS = /\d{14,17}[\dXx]/g;
const PIN_NEAR = /(密码|密碼|口令|pin|password)([^\d]{0,8})(\d{6})(?!\d)/gi;

/** Free text as it may be stored: ID-like digit runs masked, a PIN typed after "密码" starred. */
export function redactFreeText(text: string): string {
  return Array.from(text)
    .slice(0, 500)
    .join("")
    .replace(LONG_DIGITS, (m) => maskIdNumber(m))
    .replace(PIN_NEAR, (_m, word: string, gap: string) => `${word}${gap}******`);
}

/** The transcript form of a user's answer to `step`: never the PIN, an ID number or a face token. */
export function transcriptOf(step: Step, raw: unknown, value: unknown, prompt: Prompt, lang: Lang, isCommand: boolean): string {
  const typed = typeof raw === "string" ? raw : (JSON.stringify(raw) ?? "");
  if (isCommand) return redactFreeText(typed);
  switch (step.kind) {
    case "password":
    case "password_change":
      return "******";
    case "id_number":
      return maskIdNumber(typeof raw === "string" ? raw.replace(/\s+/g, "") : "");
    case "face":
      return T.face[lang];
    default:
      break;
  }
  if (step.mask === "name") return maskName(typeof raw === "string" ? raw : "");
  if (value !== undefined) {
    if (step.kind === "choice") return prompt.options?.find((o) => o.value === value)?.label ?? redactFreeText(typed);
    if (step.kind === "amount" && typeof value === "number") return formatFen(value);
    if (step.kind === "confirm" && typeof value === "boolean") return (value ? T.yes : T.no)[lang];
  }
  return redactFreeText(typed);
}
