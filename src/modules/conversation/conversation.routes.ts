import { createRoute, z } from "@hono/zod-openapi";
import { bearerSecurity, jsonBody, jsonResponse, problemResponses } from "@/lib/http";
import { ConversationDto, ReadQuery, ReplyBody, RulesDto, RulesQuery, StartBody } from "./conversation.dto";

const tags = ["conversation"];
const IdParam = z.object({ id: z.string().min(1).max(64) });

export const start = createRoute({
  method: "post",
  path: "/v1/conversations",
  tags,
  summary: "Start a guided conversation: a flow by name, or free text routed to one with its slots filled",
  security: bearerSecurity,
  request: { body: jsonBody(StartBody) },
  responses: { 201: jsonResponse(ConversationDto, "The conversation, its first messages and prompt"), ...problemResponses(400, 401) },
});

export const reply = createRoute({
  method: "post",
  path: "/v1/conversations/{id}/replies",
  tags,
  summary: "Answer the open prompt (a stepId is applied once; a repeat gets the same answer)",
  security: bearerSecurity,
  request: { params: IdParam, body: jsonBody(ReplyBody) },
  responses: {
    200: jsonResponse(ConversationDto, "The new messages and the next prompt"),
    ...problemResponses(400, 401, 404, 409),
  },
});

export const read = createRoute({
  method: "get",
  path: "/v1/conversations/{id}",
  tags,
  summary: "The conversation and its current prompt (owner only); `after` + `wait` long-poll for new messages",
  security: bearerSecurity,
  request: { params: IdParam, query: ReadQuery },
  responses: { 200: jsonResponse(ConversationDto, "Conversation"), ...problemResponses(400, 401, 404) },
});

export const rules = createRoute({
  method: "get",
  path: "/v1/rules",
  tags: ["rules"],
  summary: "This region's wallet rules, generated from the policy tables (relations, limits, hours, premium windows)",
  security: bearerSecurity,
  request: { query: RulesQuery },
  responses: { 200: jsonResponse(RulesDto, "Rules"), ...problemResponses(400, 401, 404, 422) },
});
