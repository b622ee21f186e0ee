import { money, parseYuan } from "./format";
import { fill, type Strings } from "./i18n";
import type { Quota } from "../services/types";

// The quota rules the server applies (PUT /v1/relatives/{id}/quota), checked on the phone before
// the PIN is asked for, so a refusal the rules already decide never comes after it.
const MIN_QUOTA_FEN = 1;
const MAX_QUOTA_FEN = 5_000_000;

export type QuotaInput = { annualFen: number; perPaymentFen: number | null };

/** The amounts typed in yuan, or the key of the string that says what is wrong. */
export function checkQuota(annualText: string, perText: string): { ok: QuotaInput } | { error: string } {
  const annual = parseYuan(annualText);
  if (annual === null || annual < MIN_QUOTA_FEN || annual > MAX_QUOTA_FEN) return { error: "annualInvalid" };
  if (!perText.trim()) return { ok: { annualFen: annual, perPaymentFen: null } };
  const per = parseYuan(perText);
  if (per === null || per < MIN_QUOTA_FEN) return { error: "perInvalid" };
  if (per > annual) return { error: "perOverAnnual" };
  return { ok: { annualFen: annual, perPaymentFen: per } };
}

/** The rules shown before the PIN, each a line. */
export function quotaRules(s: Strings): string[] {
  return [fill(s.ruleAnnual!, { min: money(MIN_QUOTA_FEN), max: money(MAX_QUOTA_FEN) }), s.rulePer!, s.ruleFunding!, s.ruleYear!];
}

export interface QuotaView {
  active: boolean;
  status: string;
  annual: string;
  per: string;
  used: string;
  remaining: string;
  /** "今年剩余¥1,500.00" for the relatives list. */
  summary: string;
}

/** A granted or received quota as a person reads it (this Beijing year). */
export function quotaView(
  q: Pick<Quota, "annualFen" | "perPaymentFen" | "usedFen" | "remainingFen" | "status" | "year">,
  s: Strings,
): QuotaView {
  const active = q.status === "active";
  return {
    active,
    status: s[`quota_${q.status}`] ?? q.status,
    annual: fill(s.quotaAnnual!, { year: q.year, amount: money(q.annualFen) }),
    per: q.perPaymentFen === null ? s.quotaPerNone! : fill(s.quotaPer!, { amount: money(q.perPaymentFen) }),
    used: fill(s.quotaUsed!, { amount: money(q.usedFen) }),
    remaining: fill(s.quotaRemaining!, { amount: money(q.remainingFen) }),
    summary: active ? fill(s.quotaRemaining!, { amount: money(q.remainingFen) }) : (s[`quota_${q.status}`] ?? ""),
  };
}
