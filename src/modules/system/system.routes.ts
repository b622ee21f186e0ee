import { createRoute, z } from "@hono/zod-openapi";
import { jsonResponse, problemResponses } from "@/lib/http";

const HealthSchema = z.object({ status: z.literal("ok"), database: z.literal("ok") }).openapi("Health");

export const health = createRoute({
  method: "get",
  path: "/healthz",
  tags: ["system"],
  summary: "Liveness and database check",
  responses: { 200: jsonResponse(HealthSchema, "The service and its database answer"), ...problemResponses(503) },
});
