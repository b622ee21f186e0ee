import { createRoute } from "@hono/zod-openapi";
import { bearerSecurity, jsonBody, jsonResponse, problemResponses, signedSecurity } from "@/lib/http";
import {
  EcodeBody,
  EcodeResponse,
  IdParam,
  MerchantsQuery,
  MerchantsResponse,
  MySettlementDto,
  RefundBody,
  RefundDto,
  SandboxMerchantBody,
  SandboxMerchantResponse,
  SettlementBody,
  SettlementDetailDto,
  SettlementDto,
  StatementDto,
  StatementQuery,
} from "./settlement.dto";

const tags = ["settlement"];

export const merchants = createRoute({
  method: "get",
  path: "/v1/merchants",
  tags,
  summary: "Directory of designated hospitals and pharmacies, by region and name, and whether they accept the wallet",
  request: { query: MerchantsQuery },
  responses: { 200: jsonResponse(MerchantsResponse, "Merchants"), ...problemResponses(400) },
});

export const createEcode = createRoute({
  method: "post",
  path: "/v1/ecodes",
  tags,
  summary: "A one-time dynamic e-code (60 s) for my wallet, or for a wallet I manage as guardian (walletId)",
  security: bearerSecurity,
  request: { body: { ...jsonBody(EcodeBody, "Optional: the wallet managed as guardian"), required: false } },
  responses: { 201: jsonResponse(EcodeResponse, "E-code"), ...problemResponses(400, 401, 404, 422, 429) },
});

export const settle = createRoute({
  method: "post",
  path: "/v1/merchant/settlements",
  tags,
  summary: "Charge a patient's self-pay amount against their e-code: own funds first, then received; idempotent by orderNo",
  security: signedSecurity,
  request: { body: jsonBody(SettlementBody) },
  responses: {
    201: jsonResponse(SettlementDto, "Paid"),
    200: jsonResponse(SettlementDto, "Already paid (same orderNo): the first result"),
    ...problemResponses(400, 401, 403, 409, 422, 503),
  },
});

export const getSettlement = createRoute({
  method: "get",
  path: "/v1/merchant/settlements/{id}",
  tags,
  summary: "One of my settlements with its refunds",
  security: signedSecurity,
  request: { params: IdParam },
  responses: { 200: jsonResponse(SettlementDetailDto, "Settlement"), ...problemResponses(401, 404, 409) },
});

export const mySettlement = createRoute({
  method: "get",
  path: "/v1/settlements/{id}",
  tags,
  summary: "The receipt of a medical payment: every funding part (own, received, each relative's quota), refunds",
  description:
    "For the user who manages the wallet it was paid from (role payer), or a relative whose quota paid part of it " +
    "(role giver, with myQuotaFen). Anyone else gets 404. The id is a bill line's settlementId or a quota.used notice's data.settlementId.",
  security: bearerSecurity,
  request: { params: IdParam },
  responses: { 200: jsonResponse(MySettlementDto, "Settlement"), ...problemResponses(401, 404) },
});

export const refund = createRoute({
  method: "post",
  path: "/v1/merchant/settlements/{id}/refunds",
  tags,
  summary: "Refund part or all of a settlement: received funds first, then own; idempotent by refundNo",
  security: signedSecurity,
  request: { params: IdParam, body: jsonBody(RefundBody) },
  responses: {
    201: jsonResponse(RefundDto, "Refunded"),
    200: jsonResponse(RefundDto, "Already refunded (same refundNo): the first result"),
    ...problemResponses(400, 401, 404, 409, 422, 503),
  },
});

export const statement = createRoute({
  method: "get",
  path: "/v1/merchant/statements",
  tags,
  summary: "A Beijing day's settlements and refunds with totals reconciled against the ledger",
  security: signedSecurity,
  request: { query: StatementQuery },
  responses: { 200: jsonResponse(StatementDto, "Statement"), ...problemResponses(400, 401, 409) },
});

export const sandboxMerchant = createRoute({
  method: "post",
  path: "/v1/sandbox/merchants",
  tags: ["sandbox"],
  summary: "Register a fictitious merchant and issue its signing key (the secret is shown once)",
  request: { body: jsonBody(SandboxMerchantBody) },
  responses: { 201: jsonResponse(SandboxMerchantResponse, "Merchant and key"), ...problemResponses(400, 422) },
});
