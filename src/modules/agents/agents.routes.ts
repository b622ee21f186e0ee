import { createRoute, type RouteConfig } from "@hono/zod-openapi";
import { bearerSecurity, jsonBody, jsonResponse, problemResponses } from "@/lib/http";
import { requireAgent, type AgentRole } from "@/modules/platform/agent-auth";
import * as dto from "./agents.dto";

const tags = ["agents"];
const STAFF: AgentRole[] = ["agent", "supervisor"];
const SUPERVISOR: AgentRole[] = ["supervisor"];
const ANY: AgentRole[] = ["agent", "supervisor", "auditor"];

/** Every agent route names its roles once: the check runs before validation, and the docs show it. */
function agentRoute<R extends Omit<RouteConfig, "middleware" | "security" | "tags">>(roles: AgentRole[], r: R) {
  return createRoute({
    ...r,
    tags,
    security: bearerSecurity,
    description: `Roles: ${roles.join(", ")}. Bearer token from POST /v1/agent/sessions, or the console cookie with X-CSRF-Token on writes.`,
    middleware: [requireAgent(roles)] as const,
  });
}

export const login = createRoute({
  method: "post",
  path: "/v1/agent/sessions",
  tags,
  summary: "Agent login: username and password → an 8-hour bearer token; 5 wrong passwords lock the account for 15 minutes",
  request: { body: jsonBody(dto.AgentLoginBody) },
  responses: { 201: jsonResponse(dto.AgentSessionDto, "Session"), ...problemResponses(400, 401, 423, 429) },
});

export const logout = agentRoute(ANY, {
  method: "delete",
  path: "/v1/agent/sessions/current",
  summary: "Log out: the session is revoked server-side",
  responses: { 204: { description: "Logged out" }, ...problemResponses(401) },
});

export const me = agentRoute(ANY, {
  method: "get",
  path: "/v1/agent/me",
  summary: "The signed-in agent",
  responses: { 200: jsonResponse(dto.AgentMeDto, "Agent"), ...problemResponses(401) },
});

export const searchUsers = agentRoute(STAFF, {
  method: "get",
  path: "/v1/agent/users",
  summary: "Look a user up by phone, ID number or name (exact match through keyed hashes); masked results",
  request: { query: dto.UsersQuery },
  responses: { 200: jsonResponse(dto.UsersResponse, "Matches"), ...problemResponses(400, 401, 403) },
});

export const userContext = agentRoute(STAFF, {
  method: "get",
  path: "/v1/agent/users/{personId}",
  summary: "A person's masked context: wallet and balances, bindings, invitations, last transfers",
  request: { params: dto.PersonIdParams },
  responses: { 200: jsonResponse(dto.UserContextDto, "Context"), ...problemResponses(401, 403, 404) },
});

export const reveal = agentRoute(STAFF, {
  method: "post",
  path: "/v1/agent/users/{personId}/reveal",
  summary: "Reveal one personal field with a written reason (audited)",
  request: { params: dto.PersonIdParams, body: jsonBody(dto.RevealBody) },
  responses: { 200: jsonResponse(dto.RevealResponse, "The field"), ...problemResponses(400, 401, 403, 404) },
});

export const freeze = agentRoute(STAFF, {
  method: "post",
  path: "/v1/agent/wallets/{id}/freeze",
  summary: "Freeze a wallet: it can still receive but cannot pay out",
  request: { params: dto.IdParams, body: jsonBody(dto.ReasonBody) },
  responses: { 200: jsonResponse(dto.WalletStatusResponse, "Frozen"), ...problemResponses(400, 401, 403, 404, 409) },
});

export const unfreeze = agentRoute(SUPERVISOR, {
  method: "post",
  path: "/v1/agent/wallets/{id}/unfreeze",
  summary: "Unfreeze a wallet (supervisor)",
  request: { params: dto.IdParams, body: jsonBody(dto.ReasonBody) },
  responses: { 200: jsonResponse(dto.WalletStatusResponse, "Active again"), ...problemResponses(400, 401, 403, 404, 409) },
});

export const cancelInvitation = agentRoute(STAFF, {
  method: "post",
  path: "/v1/agent/invitations/{id}/cancel",
  summary: "Cancel an open invitation",
  request: { params: dto.IdParams, body: jsonBody(dto.ReasonBody) },
  responses: { 200: jsonResponse(dto.InvitationActionResponse, "Cancelled"), ...problemResponses(400, 401, 403, 404, 409) },
});

export const resendInvitation = agentRoute(STAFF, {
  method: "post",
  path: "/v1/agent/invitations/{id}/resend",
  summary: "Give a pending or expired invitation another 7 days and remind the inviter to share it",
  request: { params: dto.IdParams },
  responses: { 200: jsonResponse(dto.InvitationActionResponse, "Open again"), ...problemResponses(401, 403, 404, 409) },
});

export const proposeReversal = agentRoute(STAFF, {
  method: "post",
  path: "/v1/agent/reversals",
  summary: "Propose reversing a succeeded transfer (maker)",
  request: { body: jsonBody(dto.ReversalBody) },
  responses: { 201: jsonResponse(dto.ReversalDto, "Pending approval"), ...problemResponses(400, 401, 403, 404, 409, 422) },
});

export const listReversals = agentRoute(STAFF, {
  method: "get",
  path: "/v1/agent/reversals",
  summary: "Reversal requests, newest first",
  request: { query: dto.ReversalsQuery },
  responses: { 200: jsonResponse(dto.ReversalsResponse, "Reversals"), ...problemResponses(400, 401, 403) },
});

export const getReversal = agentRoute(STAFF, {
  method: "get",
  path: "/v1/agent/reversals/{id}",
  summary: "One reversal request",
  request: { params: dto.IdParams },
  responses: { 200: jsonResponse(dto.ReversalDto, "Reversal"), ...problemResponses(401, 403, 404) },
});

export const approveReversal = agentRoute(SUPERVISOR, {
  method: "post",
  path: "/v1/agent/reversals/{id}/approve",
  summary: "Approve and post the reversal (a supervisor other than the proposer; checker)",
  request: { params: dto.IdParams },
  responses: { 200: jsonResponse(dto.ReversalDto, "Approved and posted"), ...problemResponses(401, 403, 404, 409, 422) },
});

export const rejectReversal = agentRoute(SUPERVISOR, {
  method: "post",
  path: "/v1/agent/reversals/{id}/reject",
  summary: "Reject the reversal (a supervisor other than the proposer)",
  request: { params: dto.IdParams },
  responses: { 200: jsonResponse(dto.ReversalDto, "Rejected"), ...problemResponses(401, 403, 404, 409) },
});
