// Free text → the flow to start and the slots it can pre-fill. Pure: no I/O, no clock other
// than the `now` passed in, so the conversation engine can replay a transcript exactly.

import { locateAmount } from "./amount";
import { AMOUNT_GAP, findRelativeName, mentionsSelf } from "./names";
import { normalize, normalizeWords } from "./normalize";
import { findMonth } from "./months";
import { findRelative, type Gender, type Relation } from "./relations";
import { classify, type Intent } from "./rules";
import { findYear } from "./years";

export type { Intent } from "./rules";
export type { Gender, Relation } from "./relations";

export type PremiumKind = "resident_medical" | "long_term_care";

/** What a quota sentence asks for ("设个额度" / "取消额度" / "还剩多少额度"), or a carer's e-code. */
export type FamilyAction = "set" | "cancel" | "remaining" | "care";

export type Slots = {
  relation?: Relation;
  /** The sex the kinship word names ("妈" female, "爸" male); absent for 父母, 孩子, 爱人… */
  gender?: Gender;
  relativeName?: string;
  amountFen?: number;
  year?: number;
  kind?: PremiumKind;
  beneficiary?: "self";
  /** Accept or decline, for incoming transfers and invitations ("拒收", "拒绝邀请"). */
  decision?: "accept" | "decline";
  /** A statement month, "YYYY-MM" ("上个月的账单"). */
  month?: string;
  action?: FamilyAction;
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
  "unbind",
  "cancel_invitation",
  "guardian",
  "family_payments",
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
const DECLINE_ZH = /拒|不接受|不同意|谢绝|回绝|退回|不要/;
const DECLINE_EN = /\b(?:decline|reject|refuse|return)\b/;
const ACCEPT_ZH = /接受|同意|答应|通过|接收|收下|确认收|领取|领钱|收(?:一下|下)?钱/;
const ACCEPT_EN = /\baccept\b/;

function decisionOf(compact: string, words: string): "accept" | "decline" | undefined {
  if (DECLINE_ZH.test(compact) || DECLINE_EN.test(words)) return "decline";
  // "待接收的转账" lists what waits; it decides nothing.
  if (ACCEPT_ZH.test(compact.replace(/待接收|待收/g, "")) || ACCEPT_EN.test(words)) return "accept";
  return undefined;
}

const QUOTA_CANCEL_ZH = /取消|撤销|撤回|收回|关闭|不给|删除|删掉|停掉|停止|不要/;
const QUOTA_CANCEL_EN = /\b(?:cancel|revoke|remove|stop|delete|withdraw)\b/;
const QUOTA_LEFT_ZH = /剩|还有多少|用了多少|余|多少额度|额度(?:是|有)?多少/;
const QUOTA_LEFT_EN = /\b(?:left|remaining|remain|used|how much)\b/;
const CARE_ZH = /亲情账户|看护人|照护人|(?:医保码|付款码|电子码|支付码|二维码)/;
const CARE_EN = /\bcare access\b|\bcarers?\b|\bcaregivers?\b|\b(?:e ?code|payment code|qr ?code)\b/;

function familyAction(compact: string, words: string): FamilyAction {
  if (QUOTA_CANCEL_ZH.test(compact) || QUOTA_CANCEL_EN.test(words)) return "cancel";
  if (CARE_ZH.test(compact) || CARE_EN.test(words)) return "care";
  if (QUOTA_LEFT_ZH.test(compact) || QUOTA_LEFT_EN.test(words)) return "remaining";
  return "set";
}

export function understand(message: string, now: Date): Understanding {
  const text = Array.from(message).slice(0, MAX_MESSAGE_CHARS).join("");
  const compact = normalize(text);
  const words = normalizeWords(text);
  let intent = classify(compact, words);

  const amount = locateAmount(compact);
  const gapped = amount ? compact.slice(0, amount.start) + AMOUNT_GAP + compact.slice(amount.end) : compact;
  const relative = findRelative(text);
  const relation = relative?.relation;
  const relativeName = findRelativeName(gapped);

  // A relative's e-code ("出示我妈的医保码") is a carer's, not mine; a child's wallet opened by
  // the speaker ("给儿子开通钱包") is opened as guardian.
  if (intent === "ecode" && (relation || relativeName)) intent = "family_payments";
  if (intent === "open_wallet" && (relation === "child" || relation === "grandchild")) intent = "guardian";

  // "给我妈两百" / "两百给王芳" / "mom 200" name a person and a sum without a verb.
  if (intent === "unknown" && amount && (relation || relativeName || /给|向/.test(compact))) {
    intent = "transfer";
  }

  const slots: Slots = {};
  if (PERSON_INTENTS.has(intent)) {
    if (relation) slots.relation = relation;
    if (relative?.gender) slots.gender = relative.gender;
    if (relativeName) slots.relativeName = relativeName;
  }
  if (intent === "incoming_transfers" || intent === "accept_invitation") {
    const decision = decisionOf(compact, words);
    if (decision) slots.decision = decision;
  }
  if (intent === "bills") {
    const month = findMonth(compact, words, now);
    if (month) slots.month = month;
  }
  if (intent === "family_payments") slots.action = familyAction(compact, words);
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
