import { request } from "../lib/request";
import type { Invitation, PendingInvitation, Relation, Relative } from "./types";

/** `quiet`: the page shows a failure as an error state with a retry. */
export function listRelatives(quiet = false): Promise<{ items: Relative[] }> {
  return request({ path: "/v1/relatives", quiet });
}

/** My invitations still waiting for the relative. */
export function listPendingInvitations(): Promise<{ items: PendingInvitation[] }> {
  return request({ path: "/v1/invitations", query: { status: "pending" }, quiet: true });
}

export function invite(body: { relation: Relation; name: string; idNumber: string }): Promise<Invitation> {
  return request({ method: "POST", path: "/v1/invitations", data: body });
}

export function addMinor(body: { relation: "child" | "grandchild"; name: string; idNumber: string }): Promise<{ binding: unknown }> {
  return request({ method: "POST", path: "/v1/relatives/minors", data: body });
}

export function unbind(bindingId: string): Promise<void> {
  return request({ method: "DELETE", path: `/v1/relatives/${encodeURIComponent(bindingId)}` });
}

export function getInvitation(code: string): Promise<Invitation> {
  return request({ path: `/v1/invitations/${encodeURIComponent(code)}` });
}

export function acceptInvitation(code: string, faceToken: string): Promise<{ binding: unknown }> {
  return request({ method: "POST", path: `/v1/invitations/${encodeURIComponent(code)}/accept`, data: { faceToken } });
}

export function declineInvitation(code: string): Promise<unknown> {
  return request({ method: "POST", path: `/v1/invitations/${encodeURIComponent(code)}/decline`, data: {} });
}

export function cancelInvitation(code: string): Promise<unknown> {
  return request({ method: "POST", path: `/v1/invitations/${encodeURIComponent(code)}/cancel`, data: {} });
}

/** The inviter's "send again": the same code, valid 7 more days from now. */
export function resendInvitation(code: string): Promise<{ id: string; status: "pending"; expiresAt: string }> {
  return request({ method: "POST", path: `/v1/invitations/${encodeURIComponent(code)}/resend`, data: {} });
}
