import { createRoute, z } from "@hono/zod-openapi";
import { bearerSecurity, jsonBody, jsonResponse, problemResponses } from "@/lib/http";
import { PaymentBody, PaymentDto, QuoteDto, QuoteQuery } from "./premiums.dto";

const tags = ["premiums"];

export const quote = createRoute({
  method: "get",
  path: "/v1/premiums/quote",
  tags,
  summary: "The premium for me or a bound relative: amount, collection window, whether it is open and already paid",
  security: bearerSecurity,
  request: { query: QuoteQuery },
  responses: { 200: jsonResponse(QuoteDto, "Quote"), ...problemResponses(400, 401, 404, 422) },
});

export const pay = createRoute({
  method: "post",
  path: "/v1/premiums/payments",
  tags,
  summary: "Pay a resident (or long-term-care) premium for me or a bound relative: own funds first, then received",
  security: bearerSecurity,
  request: {
    headers: z.object({
      "idempotency-key": z.string().min(1).max(128).openapi({ description: "1–128 printable characters, scoped to the user" }),
    }),
    body: jsonBody(PaymentBody),
  },
  responses: {
    201: jsonResponse(PaymentDto, "Paid (or the first result of this Idempotency-Key, with Idempotent-Replayed: true)"),
    ...problemResponses(400, 401, 404, 409, 422, 423, 503),
  },
});
