import type { UserAction } from "../lib/action";
import { request } from "../lib/request";
import type { Page, Transfer } from "./types";

export function sendTransfer(
  body: { bindingId: string; amountFen: number; paymentPassword: string; memo?: string },
  action: UserAction,
): Promise<Transfer> {
  return request<Transfer>({ method: "POST", path: "/v1/transfers", data: body, action });
}

export function getTransfer(id: string): Promise<Transfer> {
  return request<Transfer>({ path: `/v1/transfers/${encodeURIComponent(id)}` });
}

export function listTransfers(q: { direction: "in" | "out"; status?: string; cursor?: string | null }): Promise<Page<Transfer>> {
  return request<Page<Transfer>>({ path: "/v1/transfers", query: { direction: q.direction, status: q.status, cursor: q.cursor } });
}

export function acceptTransfer(id: string): Promise<Transfer> {
  return request<Transfer>({ method: "POST", path: `/v1/transfers/${encodeURIComponent(id)}/accept`, data: {} });
}

export function declineTransfer(id: string): Promise<Transfer> {
  return request<Transfer>({ method: "POST", path: `/v1/transfers/${encodeURIComponent(id)}/decline`, data: {} });
}
