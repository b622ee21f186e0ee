import { createRoute, z } from "@hono/zod-openapi";
import { jsonBody, jsonResponse, problemResponses } from "@/lib/http";

const tags = ["sandbox"];

const SandboxPersonBody = z
  .object({
    name: z.string().trim().min(1).max(50),
    idNumber: z.string().trim().min(15).max(32),
    regionCode: z.string().regex(/^\d{6}$/),
    insurance: z.enum(["employee", "resident", "none"]),
    personalAccountFen: z.number().int().min(0).max(100_000_000_00).default(0),
    phone: z
      .string()
      .regex(/^1\d{10}$/)
      .nullable()
      .optional(),
  })
  .openapi("SandboxPerson");
export type SandboxPerson = z.infer<typeof SandboxPersonBody>;

export const createPerson = createRoute({
  method: "post",
  path: "/v1/sandbox/persons",
  tags,
  summary: "Add a fictitious person to the sandbox registry",
  request: { body: jsonBody(SandboxPersonBody) },
  responses: { 201: jsonResponse(z.object({ personId: z.string() }), "Registered"), ...problemResponses(400, 404, 422) },
});

export const createRelation = createRoute({
  method: "post",
  path: "/v1/sandbox/relations",
  tags,
  summary: "Record a relation fact: relativeIdNumber is idNumber's spouse/parent/sibling",
  request: {
    body: jsonBody(
      z.object({
        idNumber: z.string().trim().min(15).max(32),
        relativeIdNumber: z.string().trim().min(15).max(32),
        relation: z.enum(["spouse", "parent", "sibling"]),
      }),
    ),
  },
  responses: { 201: jsonResponse(z.object({ ok: z.literal(true) }), "Recorded"), ...problemResponses(400, 404, 422) },
});

export const createRegionKey = createRoute({
  method: "post",
  path: "/v1/sandbox/region-keys",
  tags,
  summary: "Issue a signing key for a region's insurance core",
  request: { body: jsonBody(z.object({ regionCode: z.string().regex(/^\d{6}$/) })) },
  responses: { 201: jsonResponse(z.object({ keyId: z.string(), secret: z.string() }), "Key issued"), ...problemResponses(400, 404, 422) },
});

export const setClock = createRoute({
  method: "post",
  path: "/v1/sandbox/clock",
  tags,
  summary: "Move the sandbox business clock forward",
  request: { body: jsonBody(z.object({ now: z.iso.datetime({ offset: true }) })) },
  responses: { 200: jsonResponse(z.object({ now: z.string() }), "The new business time"), ...problemResponses(400, 404, 422) },
});

export const getClock = createRoute({
  method: "get",
  path: "/v1/sandbox/clock",
  tags,
  summary: "The sandbox business time",
  responses: { 200: jsonResponse(z.object({ now: z.string() }), "Business time") },
});

export const runJobs = createRoute({
  method: "post",
  path: "/v1/sandbox/jobs/run",
  tags,
  summary: "Run every scheduled job that is due now",
  responses: {
    200: jsonResponse(
      z.object({ ran: z.array(z.object({ name: z.string(), processed: z.number().int(), error: z.string().optional() })) }),
      "Jobs run",
    ),
  },
});
