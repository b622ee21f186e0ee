import type { UserAction } from "../lib/action";
import { request } from "../lib/request";
import type { Page, Transfer, TransferOptions } from "./types";

export function sendTransfer(
  body: { bindingId: string; amountFen: number; paymentPassword: string; memo?: string },
  action: UserAction,
): Promise<Transfer> {
  // The page keeps a refusal on screen until it is dismissed, instead of a passing toast.
  return request<Transfer>({ method: "POST", path: "/v1/transfers", data: body, action, quiet: true });
}

export function getTransfer(id: string): Promise<Transfer> {
  return request<Transfer>({ path: `/v1/transfers/${encodeURIComponent(id)}` });
}

/** `quiet`: the caller shows the failure itself (an error state with a retry) instead of a toast. */
export function listTransfers(
  q: { direction: "in" | "out"; status?: string; cursor?: string | null },
  quiet = false,
): Promise<Page<Transfer>> {
  return request<Page<Transfer>>({ path: "/v1/transfers", query: { direction: q.direction, status: q.status, cursor: q.cursor }, quiet });
}

/** What can be sent now and to whom, asked before the PIN. */
export function getTransferOptions(): Promise<TransferOptions> {
  return request<TransferOptions>({ path: "/v1/transfers/options", quiet: true });
}

export function acceptTransfer(id: string): Promise<Transfer> {
  return request<Transfer>({ method: "POST", path: `/v1/transfers/${encodeURIComponent(id)}/accept`, data: {} });
}

export function declineTransfer(id: string): Promise<Transfer> {
  return request<Transfer>({ method: "POST", path: `/v1/transfers/${encodeURIComponent(id)}/decline`, data: {} });
}
