import type { UserAction } from "../lib/action";
import { request } from "../lib/request";
import type { PremiumReceipt, Quote } from "./types";

export type PremiumKind = "resident_medical" | "long_term_care";

/** `beneficiary` is "self" or a bindingId. */
export function getQuote(q: { beneficiary: string; year?: number; kind: PremiumKind }): Promise<Quote> {
  return request<Quote>({ path: "/v1/premiums/quote", query: q, quiet: true });
}

export function payPremium(
  body: { beneficiary: string; year: number; kind: PremiumKind; paymentPassword: string },
  action: UserAction,
): Promise<PremiumReceipt> {
  return request<PremiumReceipt>({ method: "POST", path: "/v1/premiums/payments", data: body, action, quiet: true });
}
