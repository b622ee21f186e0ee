import { createRoute, z } from "@hono/zod-openapi";
import { bearerSecurity, jsonBody, jsonResponse, problemResponses } from "@/lib/http";
import { requireAgent } from "@/modules/platform/agent-auth";
import { BindingDto } from "@/modules/relatives/relatives.dto";
import {
  BindingParam,
  CareAccessBody,
  CareAccessState,
  CareList,
  AgentQuotaRevoked,
  CarerEcodeDto,
  ElderBody,
  QuotaBody,
  QuotaDto,
  AgentQuotaRevokeBody,
  QuotasList,
  TakeoverBody,
} from "./family.dto";

const tags = ["family payments"];

export const setQuota = createRoute({
  method: "put",
  path: "/v1/relatives/{bindingId}/quota",
  tags,
  summary: "共济额度: set or change the yearly quota I grant this bound relative (my PIN confirms it)",
  description:
    "The caller is the giver: either side of an active binding may grant the other a quota paid from the caller's own wallet. " +
    "A change keeps what was used this year and the grant order; the year resets at 00:00 Beijing on 1 January. " +
    "Not a transfer: no daily count, ¥2,000 limit or quiet hours.",
  security: bearerSecurity,
  request: { params: BindingParam, body: jsonBody(QuotaBody) },
  responses: {
    200: jsonResponse(QuotaDto, "The quota as it stands this year"),
    ...problemResponses(400, 401, 404, 422, 423),
  },
});

export const revokeQuota = createRoute({
  method: "delete",
  path: "/v1/relatives/{bindingId}/quota",
  tags,
  summary: "Revoke the quota I granted this relative, at once (paid settlements stay paid)",
  security: bearerSecurity,
  request: { params: BindingParam },
  responses: { 204: { description: "Revoked" }, ...problemResponses(400, 401, 404, 422) },
});

export const listQuotas = createRoute({
  method: "get",
  path: "/v1/quotas",
  tags,
  summary: "Quotas I granted and quotas granted to me, this Beijing year (grant order: oldest first)",
  security: bearerSecurity,
  responses: { 200: jsonResponse(QuotasList, "Quotas"), ...problemResponses(401, 422) },
});

export const setCareAccess = createRoute({
  method: "put",
  path: "/v1/relatives/{bindingId}/care-access",
  tags,
  summary: "亲情账户: let the bound relative show my e-code ({granted: true, faceToken}), or stop it ({granted: false}, either side)",
  description:
    "Granting needs the face check of the person whose code is shown. A carer holds care access for at most 5 people (422 CARE_ACCESS_LIMIT).",
  security: bearerSecurity,
  request: { params: BindingParam, body: jsonBody(CareAccessBody) },
  responses: { 200: jsonResponse(CareAccessState, "Care access on this binding"), ...problemResponses(400, 401, 403, 404, 422) },
});

export const listCare = createRoute({
  method: "get",
  path: "/v1/care-access",
  tags,
  summary: "The people whose e-code I may show, and the people who may show mine",
  security: bearerSecurity,
  responses: { 200: jsonResponse(CareList, "Care access"), ...problemResponses(401, 422) },
});

export const carerEcode = createRoute({
  method: "post",
  path: "/v1/relatives/{bindingId}/ecodes",
  tags,
  summary: "A carer shows the relative's one-time e-code (60 s), paid from the relative's wallet and quotas; audited",
  security: bearerSecurity,
  request: { params: BindingParam },
  responses: { 201: jsonResponse(CarerEcodeDto, "E-code"), ...problemResponses(401, 403, 404, 422, 429) },
});

export const bindElder = createRoute({
  method: "post",
  path: "/v1/relatives/elders",
  tags,
  summary: "代开通: an adult child binds a parent of 65+ who cannot complete a face check, as their guardian",
  description:
    "Registry relation check, the child's own face check and the guardian commitment (commitmentVersion). " +
    "The child then opens the parent's wallet with POST /v1/relatives/{bindingId}/wallet.",
  security: bearerSecurity,
  request: { body: jsonBody(ElderBody) },
  responses: { 201: jsonResponse(z.object({ binding: BindingDto }), "Bound, as guardian"), ...problemResponses(400, 401, 409, 422) },
});

export const takeover = createRoute({
  method: "post",
  path: "/v1/relatives/{bindingId}/takeover",
  tags,
  summary: "The person a guardian opened a wallet for takes it over with their own face check and a new PIN",
  security: bearerSecurity,
  request: { params: BindingParam, body: jsonBody(TakeoverBody) },
  responses: {
    200: jsonResponse(z.object({ bindingId: z.string(), walletId: z.string().nullable(), managedBy: z.literal("self") }), "Taken over"),
    ...problemResponses(400, 401, 403, 404, 422),
  },
});

export const agentRevokeQuota = createRoute({
  method: "post",
  path: "/v1/agent/bindings/{bindingId}/quota/revoke",
  tags: ["agents"],
  summary: "Revoke a quota when a user asks (agent): at once, audited with the agent and the reason; the giver and the relative are told",
  description:
    "Roles: agent, supervisor. Bearer token from POST /v1/agent/sessions, or the console cookie with X-CSRF-Token on writes. " +
    "The quota is the one giverPersonId grants on this binding (either side of a binding may grant one; GET /v1/agent/users/{personId} " +
    "lists a person's bindings). Payments already made stay paid. 404 when that giver never granted one; 409 QUOTA_NOT_ACTIVE when it is " +
    "already revoked or ended.",
  security: bearerSecurity,
  middleware: [requireAgent(["agent", "supervisor"])] as const,
  request: { params: BindingParam, body: jsonBody(AgentQuotaRevokeBody) },
  responses: { 200: jsonResponse(AgentQuotaRevoked, "Revoked"), ...problemResponses(400, 401, 403, 404, 409) },
});
