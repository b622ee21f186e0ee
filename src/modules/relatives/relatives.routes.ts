import { createRoute, z } from "@hono/zod-openapi";
import { bearerSecurity, jsonBody, jsonResponse, problemResponses, signedSecurity } from "@/lib/http";
import { OpenWalletResponse } from "@/modules/wallet/wallet.dto";
import { BindingDto, InsuranceEventBody, InvitationDto, InviteBody, MinorBody, RelativesList, WardWalletBody } from "./relatives.dto";

const tags = ["relatives"];
const CodeParam = z.object({ code: z.string().regex(/^[0-9A-Za-z]{4,16}$/) });
const BindingParam = z.object({ bindingId: z.string().min(1).max(64) });

export const invite = createRoute({
  method: "post",
  path: "/v1/invitations",
  tags,
  summary: "Invite a close relative after the identity, policy, plausibility and registry checks",
  security: bearerSecurity,
  request: { body: jsonBody(InviteBody) },
  responses: { 201: jsonResponse(InvitationDto, "Invitation (valid 7 days)"), ...problemResponses(400, 401, 409, 422, 503) },
});

export const view = createRoute({
  method: "get",
  path: "/v1/invitations/{code}",
  tags,
  summary: "An invitation, as the share card opens it",
  security: bearerSecurity,
  request: { params: CodeParam },
  responses: { 200: jsonResponse(InvitationDto, "Invitation"), ...problemResponses(400, 401, 404) },
});

export const accept = createRoute({
  method: "post",
  path: "/v1/invitations/{code}/accept",
  tags,
  summary: "The invited relative accepts after a face check",
  security: bearerSecurity,
  request: { params: CodeParam, body: jsonBody(z.object({ faceToken: z.string().min(1).max(512) })) },
  responses: { 200: jsonResponse(z.object({ binding: BindingDto }), "Bound"), ...problemResponses(400, 401, 404, 409, 422) },
});

export const decline = createRoute({
  method: "post",
  path: "/v1/invitations/{code}/decline",
  tags,
  summary: "The invited relative declines",
  security: bearerSecurity,
  request: { params: CodeParam },
  responses: { 200: jsonResponse(InvitationDto, "Declined"), ...problemResponses(401, 404, 409, 422) },
});

export const cancel = createRoute({
  method: "post",
  path: "/v1/invitations/{code}/cancel",
  tags,
  summary: "The inviter cancels a pending invitation",
  security: bearerSecurity,
  request: { params: CodeParam },
  responses: { 200: jsonResponse(InvitationDto, "Cancelled"), ...problemResponses(401, 404, 409, 422) },
});

export const resend = createRoute({
  method: "post",
  path: "/v1/invitations/{code}/resend",
  tags,
  summary: "The inviter gives a pending (or lapsed) invitation another 7 days with the same code, to share it again",
  description:
    "Only the inviter (others 404). 409 INVITATION_NOT_PENDING once it was answered or withdrawn; 409 INVITATION_SUPERSEDED when a newer one for the same relative is open.",
  security: bearerSecurity,
  request: { params: CodeParam },
  responses: {
    200: jsonResponse(
      z.object({ id: z.string(), status: z.literal("pending"), expiresAt: z.string() }).openapi("InvitationResent"),
      "Valid again for 7 days",
    ),
    ...problemResponses(401, 404, 409, 422),
  },
});

export const minors = createRoute({
  method: "post",
  path: "/v1/relatives/minors",
  tags,
  summary: "A parent or grandparent binds a child under 16 directly after the registry check",
  security: bearerSecurity,
  request: { body: jsonBody(MinorBody) },
  responses: { 201: jsonResponse(z.object({ binding: BindingDto }), "Bound"), ...problemResponses(400, 401, 409, 422) },
});

export const list = createRoute({
  method: "get",
  path: "/v1/relatives",
  tags,
  summary: "My bound relatives (both directions of each binding)",
  security: bearerSecurity,
  responses: { 200: jsonResponse(RelativesList, "Relatives"), ...problemResponses(401, 422) },
});

export const unbind = createRoute({
  method: "delete",
  path: "/v1/relatives/{bindingId}",
  tags,
  summary: "Either side ends the binding",
  security: bearerSecurity,
  request: { params: BindingParam },
  responses: { 204: { description: "Unbound" }, ...problemResponses(401, 404, 422) },
});

export const wardWallet = createRoute({
  method: "post",
  path: "/v1/relatives/{bindingId}/wallet",
  tags,
  summary: "代开通: a guardian opens the wallet of a bound minor",
  security: bearerSecurity,
  request: { params: BindingParam, body: jsonBody(WardWalletBody) },
  responses: { 201: jsonResponse(OpenWalletResponse, "Opened"), ...problemResponses(400, 401, 403, 404, 409, 422) },
});

/** What an insurance event changed; the same answer when the same reference is sent again. */
const InsuranceEventResult = z.object({
  id: z.string(),
  reference: z.string(),
  event: z.string(),
  endedBindings: z.number().int(),
  returnedTransfers: z.number().int(),
});

export const insuranceEvent = createRoute({
  method: "post",
  path: "/v1/integration/insurance-events",
  tags: ["integration"],
  summary: "A region reports that a person's insurance stopped or moved: bindings end, pending transfers return",
  security: signedSecurity,
  request: { body: jsonBody(InsuranceEventBody) },
  responses: {
    201: jsonResponse(InsuranceEventResult, "Applied"),
    200: jsonResponse(InsuranceEventResult, "Already applied"),
    ...problemResponses(400, 401, 403, 404, 409, 422),
  },
});
