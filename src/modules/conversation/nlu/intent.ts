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
export type { Gender } from "./relations";

type PremiumKind = "resident_medical" | "long_term_care";

/**
 * What a family-payments sentence asks for: set, cancel or read a quota ("设个额度" / "取消额度" /
 * "还剩多少额度"); show a relative's e-code as their carer ("出示我妈的医保码": care); let a relative
 * show mine ("让我妈代我出示医保码": care_grant) or stop it ("取消亲情账户": care_revoke).
 */
export type FamilyAction = "set" | "cancel" | "remaining" | "care" | "care_grant" | "care_revoke";

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
  /** A quota's per-payment cap ("每次最多五百"); the yearly quota itself is `amountFen`. */
  perPaymentFen?: number;
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

const QUOTA_CANCEL_ZH = /取消|撤销|撤回|收回|关闭|不给|删除|删掉|停掉|停止|不要|不(?:再)?让|别让|不允许/;
const QUOTA_CANCEL_EN = /\b(?:cancel|revoke|remove|stop|delete|withdraw)\b|\bno longer\b/;
const QUOTA_LEFT_ZH = /剩|还有多少|用了多少|余|多少额度|额度(?:是|有)?多少|(?:还|能|可以)用多少|还能用/;
const QUOTA_LEFT_EN = /\b(?:left|remaining|remain|used|how much)\b/;
const CARE_ZH = /亲情账户|看护人|照护人|代.{0,6}出示|(?:医保码|付款码|电子码|支付码|二维码)/;
const CARE_EN = /\bcare access\b|\bcarers?\b|\bcaregivers?\b|\b(?:e ?code|payment code|qr ?code)\b/;
// Letting a relative show *my* code, as opposed to showing theirs ("帮我" is filler, not a grant).
const CARE_GRANT_ZH = /让|允许|授权|开通|代我|替我/;
const CARE_GRANT_EN = /\b(?:let|allow|grant|give|authori[sz]e)\b/;

function familyAction(compact: string, words: string): FamilyAction {
  const care = CARE_ZH.test(compact) || CARE_EN.test(words);
  if (QUOTA_CANCEL_ZH.test(compact) || QUOTA_CANCEL_EN.test(words)) return care ? "care_revoke" : "cancel";
  if (care) return CARE_GRANT_ZH.test(compact) || CARE_GRANT_EN.test(words) ? "care_grant" : "care";
  if (QUOTA_LEFT_ZH.test(compact) || QUOTA_LEFT_EN.test(words)) return "remaining";
  return "set";
}

// "每次最多五百" / "单笔不超过500" / "500 per payment": the cap, read before the yearly amount.
const CAP_ZH = /(?:每次|每笔|单笔|一次|每单)(?:最多|最高|不超过|上限|限额|封顶|限)?(?:是|为)?/;
const CAP_EN_AFTER = /^\s*(?:yuan\s*)?(?:per|each|a)\s*(?:payment|purchase|visit|time)/;

/** The yearly quota and the per-payment cap a quota sentence states, each when stated. */
function quotaAmounts(compact: string): { amountFen?: number; perPaymentFen?: number } {
  const cap = CAP_ZH.exec(compact);
  if (cap) {
    const from = cap.index + cap[0].length;
    const after = locateAmount(compact.slice(from));
    if (after && after.start === 0) {
      const rest = compact.slice(0, cap.index) + AMOUNT_GAP + compact.slice(from + after.end);
      const annual = locateAmount(rest);
      return { perPaymentFen: after.fen, ...(annual ? { amountFen: annual.fen } : {}) };
    }
  }
  const first = locateAmount(compact);
  if (!first) return {};
  const rest = compact.slice(first.end);
  if (CAP_EN_AFTER.test(rest)) {
    const annual = locateAmount(compact.slice(0, first.start) + AMOUNT_GAP + rest);
    return { perPaymentFen: first.fen, ...(annual ? { amountFen: annual.fen } : {}) };
  }
  const second = locateAmount(rest);
  if (second && CAP_EN_AFTER.test(rest.slice(second.end))) return { amountFen: first.fen, perPaymentFen: second.fen };
  return { amountFen: first.fen };
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
  if (intent === "family_payments") {
    slots.action = familyAction(compact, words);
    if (slots.action === "set") Object.assign(slots, quotaAmounts(compact));
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
