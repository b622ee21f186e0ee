import { createRoute } from "@hono/zod-openapi";
import { bearerSecurity, jsonResponse, problemResponses } from "@/lib/http";
import { requireAgent } from "@/modules/platform/agent-auth";
import { AuditPage, AuditQuery, ChainVerdictDto } from "./audit.dto";

const tags = ["agents"];
const auditorOnly = requireAgent(["auditor"]);

export const listAudit = createRoute({
  method: "get",
  path: "/v1/agent/audit",
  tags,
  summary: "The hash-chained audit log, newest first (auditor). Pending rows are chained before reading.",
  description: "Roles: auditor.",
  security: bearerSecurity,
  middleware: [auditorOnly] as const,
  request: { query: AuditQuery },
  responses: { 200: jsonResponse(AuditPage, "Audit rows with hash and prevHash"), ...problemResponses(400, 401, 403) },
});

export const verifyAudit = createRoute({
  method: "get",
  path: "/v1/agent/audit/verify",
  tags,
  summary: "Recompute the audit chain and name the first broken link (auditor)",
  description: "Roles: auditor.",
  security: bearerSecurity,
  middleware: [auditorOnly] as const,
  responses: { 200: jsonResponse(ChainVerdictDto, "Verdict"), ...problemResponses(401, 403) },
});
