import { createRoute, z } from "@hono/zod-openapi";
import { requireIdempotencyKey } from "@/modules/platform/middleware";
import { bearerSecurity, jsonBody, jsonResponse, problemResponses } from "@/lib/http";
import { ClearingDto, CreateTransferBody, ListQuery, TransferDto, TransferList } from "./transfers.dto";

const tags = ["transfers"];
const IdParam = z.object({ id: z.string().min(1).max(64) });

export const create = createRoute({
  method: "post",
  path: "/v1/transfers",
  tags,
  summary: "Send money to a bound relative: held at once, credited when they accept (Idempotency-Key required)",
  security: bearerSecurity,
  middleware: [requireIdempotencyKey] as const,
  request: {
    headers: z.object({
      "idempotency-key": z.string().optional().openapi({ description: "1–128 printable characters; retries reuse it" }),
    }),
    body: jsonBody(CreateTransferBody),
  },
  responses: { 201: jsonResponse(TransferDto, "Pending transfer"), ...problemResponses(400, 401, 404, 409, 422, 423, 503) },
});

export const accept = createRoute({
  method: "post",
  path: "/v1/transfers/{id}/accept",
  tags,
  summary: "The recipient accepts: credited to their received funds",
  security: bearerSecurity,
  request: { params: IdParam },
  responses: { 200: jsonResponse(TransferDto, "Succeeded"), ...problemResponses(401, 403, 404, 409, 422) },
});

export const decline = createRoute({
  method: "post",
  path: "/v1/transfers/{id}/decline",
  tags,
  summary: "The recipient declines: the money goes back to the sender",
  security: bearerSecurity,
  request: { params: IdParam },
  responses: { 200: jsonResponse(TransferDto, "Declined"), ...problemResponses(401, 403, 404, 409) },
});

export const get = createRoute({
  method: "get",
  path: "/v1/transfers/{id}",
  tags,
  summary: "A transfer's receipt (sender or recipient only)",
  security: bearerSecurity,
  request: { params: IdParam },
  responses: { 200: jsonResponse(TransferDto, "Receipt"), ...problemResponses(401, 404) },
});

export const list = createRoute({
  method: "get",
  path: "/v1/transfers",
  tags,
  summary: "My transfers, newest first (direction=in&status=pending is the inbox to accept)",
  security: bearerSecurity,
  request: { query: ListQuery },
  responses: { 200: jsonResponse(TransferList, "Transfers"), ...problemResponses(400, 401) },
});

export const clearing = createRoute({
  method: "get",
  path: "/v1/admin/clearing",
  tags: ["admin"],
  summary: "Gross and net positions between regions for one Beijing day",
  security: bearerSecurity,
  request: { query: z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }) },
  responses: { 200: jsonResponse(ClearingDto, "Clearing positions"), ...problemResponses(400, 401, 403) },
});
