import { request } from "../lib/request";
import type { Agreement, ClosedWallet, Entry, Page, Regions, Wallet } from "./types";

/** `quiet`: the caller shows a failure itself (an error state with a retry). */
export function getWallet(quiet = false): Promise<Wallet> {
  return request<Wallet>({ path: "/v1/wallet", quiet });
}

/** The pooling regions by province and name, for the usage-location choice. */
export function listRegions(): Promise<Regions> {
  return request<Regions>({ path: "/v1/regions", quiet: true });
}

export function changeUsageRegion(usageRegionCode: string): Promise<Wallet> {
  return request<Wallet>({ method: "PUT", path: "/v1/wallet/usage-region", data: { usageRegionCode } });
}

export function getAgreement(): Promise<Agreement> {
  return request<Agreement>({ path: "/v1/wallet/agreement" });
}

export function openWallet(body: {
  agreementVersion: string;
  faceToken: string;
  paymentPassword: string;
  usageRegionCode?: string;
  phone?: string;
}): Promise<{ wallet: Wallet }> {
  return request({ method: "POST", path: "/v1/wallet", data: body });
}

export function listEntries(q: { month?: string; cursor?: string | null; limit?: number }): Promise<Page<Entry>> {
  return request<Page<Entry>>({
    path: "/v1/wallet/entries",
    query: { month: q.month, cursor: q.cursor, limit: q.limit ?? 20 },
    quiet: true,
  });
}

export function changePassword(oldPassword: string, newPassword: string): Promise<void> {
  return request<void>({ method: "PUT", path: "/v1/wallet/password", data: { oldPassword, newPassword }, quiet: true });
}

export function createEcode(): Promise<{ code: string; expiresAt: string }> {
  return request({ method: "POST", path: "/v1/ecodes", quiet: true });
}

/** What the wallet holds goes back where it came from (`closure` says where); the server refuses while anything is pending. */
export function closeWallet(paymentPassword: string): Promise<ClosedWallet> {
  return request<ClosedWallet>({ method: "POST", path: "/v1/wallet/close", data: { paymentPassword }, quiet: true });
}
