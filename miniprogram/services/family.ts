import { request } from "../lib/request";
import type { CareAccess, CareList, CarerEcode, Quota, Quotas } from "./types";

// Family payments (共济额度 and 亲情账户). Reads are quiet: the pages show a failure as an error
// state with a retry. The quota PUT is quiet too: the page keeps a refusal on screen until dismissed.

export function getQuotas(): Promise<Quotas> {
  return request<Quotas>({ path: "/v1/quotas", quiet: true });
}

export function setQuota(
  bindingId: string,
  body: { annualFen: number; perPaymentFen: number | null; paymentPassword: string },
): Promise<Quota> {
  return request<Quota>({ method: "PUT", path: `/v1/relatives/${encodeURIComponent(bindingId)}/quota`, data: body, quiet: true });
}

export function revokeQuota(bindingId: string): Promise<void> {
  return request<void>({ method: "DELETE", path: `/v1/relatives/${encodeURIComponent(bindingId)}/quota` });
}

export function getCareAccess(): Promise<CareList> {
  return request<CareList>({ path: "/v1/care-access", quiet: true });
}

/** Grant (with my face check) or stop: `person` stops them showing my code, `carer` stops me showing theirs. */
export function setCareAccess(
  bindingId: string,
  body: { granted: true; faceToken: string } | { granted: false; side: "person" | "carer" },
): Promise<CareAccess> {
  return request<CareAccess>({ method: "PUT", path: `/v1/relatives/${encodeURIComponent(bindingId)}/care-access`, data: body });
}

/** A carer shows the relative's one-time e-code (60 s), paid from the relative's wallet; audited. */
export function carerEcode(bindingId: string): Promise<CarerEcode> {
  return request<CarerEcode>({ method: "POST", path: `/v1/relatives/${encodeURIComponent(bindingId)}/ecodes`, quiet: true });
}
