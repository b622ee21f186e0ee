// Free text → the flow to start and the slots it can pre-fill. Pure: no I/O, no clock other
// than the `now` passed in, so the conversation engine can replay a transcript exactly.

import { locateAmount } from "./amount";
import { AMOUNT_GAP, findRelativeName, mentionsSelf } from "./names";
import { normalize, normalizeWords } from "./normalize";
import { findRelation, type Relation } from "./relations";
import { classify, type Intent } from "./rules";
import { findYear } from "./years";

export type { Intent } from "./rules";
export type { Relation } from "./relations";

export type PremiumKind = "resident_medical" | "long_term_care";

export type Slots = {
  relation?: Relation;
  relativeName?: string;
  amountFen?: number;
  year?: number;
  kind?: PremiumKind;
  beneficiary?: "self";
};

export type Understanding = { intent: Intent; slots: Slots };

// Intents whose flow acts for or with a person; only these carry relation and name slots, so a
// "不给我妈转了" (cancel) does not pre-fill anything.
const PERSON_INTENTS = new Set<Intent>([
  "transfer",
  "pay_premium",
  "bind_relative",
  "open_wallet",
  "accept_invitation",
  "incoming_transfers",
  "unknown",
]);
const AMOUNT_INTENTS = new Set<Intent>(["transfer", "unknown"]);

// A chat request is a sentence or two; bounding the text bounds the CPU time one message can
// take on a Worker, whatever a client sends.
export const MAX_MESSAGE_CHARS = 500;

const LONG_TERM_CARE_ZH = /长护|长期护理|护理险|护理保险/;
const LONG_TERM_CARE_EN = /\blong ?term care\b|\bltc\b|\bcare insurance\b/;
const RESIDENT_ZH = /医保|医疗保险|医疗险|居民保险/;
const RESIDENT_EN = /\b(?:medical|health) insurance\b|\bresident insurance\b/;

function premiumKind(compact: string, words: string): PremiumKind | undefined {
  if (LONG_TERM_CARE_ZH.test(compact) || LONG_TERM_CARE_EN.test(words)) return "long_term_care";
  if (RESIDENT_ZH.test(compact) || RESIDENT_EN.test(words)) return "resident_medical";
  return undefined;
}

/**
 * The intent of one user message and the slots it states. `now` resolves 今年/明年 to Beijing
 * calendar years. Unrecognised text is "unknown", still with any relation or amount it contains,
 * so a flow waiting for "给谁转？" or "转多少？" can use the answer.
 */
export function understand(message: string, now: Date): Understanding {
  const text = Array.from(message).slice(0, MAX_MESSAGE_CHARS).join("");
  const compact = normalize(text);
  const words = normalizeWords(text);
  let intent = classify(compact, words);

  const amount = locateAmount(compact);
  const gapped = amount
    ? compact.slice(0, amount.start) + AMOUNT_GAP + compact.slice(amount.end)
    : compact;
  const relation = findRelation(text) ?? undefined;
  const relativeName = findRelativeName(gapped);

  // "给我妈两百" / "两百给王芳" / "mom 200" name a person and a sum without a verb.
  if (intent === "unknown" && amount && (relation || relativeName || /给|向/.test(compact))) {
    intent = "transfer";
  }

  const slots: Slots = {};
  if (PERSON_INTENTS.has(intent)) {
    if (relation) slots.relation = relation;
    if (relativeName) slots.relativeName = relativeName;
  }
  if (AMOUNT_INTENTS.has(intent) && amount) slots.amountFen = amount.fen;
  if (intent === "pay_premium") {
    const year = findYear(compact, words, now);
    if (year !== undefined) slots.year = year;
    const kind = premiumKind(compact, words);
    if (kind) slots.kind = kind;
    if (!relation && !relativeName && mentionsSelf(compact, words)) slots.beneficiary = "self";
  }
  return { intent, slots };
}
