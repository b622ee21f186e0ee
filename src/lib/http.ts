import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "@/app-env";
import { type DomainError, problemBody, toProblem, type ProblemBody } from "./problem";

const PROBLEM_CONTENT_TYPE = "application/problem+json";

export function problemResponse(body: ProblemBody, headers: Record<string, string> = {}, requestId?: string): Response {
  const h = new Headers({ "content-type": PROBLEM_CONTENT_TYPE, ...headers });
  if (requestId) h.set("x-request-id", requestId);
  return new Response(JSON.stringify(body), { status: body.status, headers: h });
}

export function domainErrorResponse(err: DomainError, requestId?: string): Response {
  return problemResponse(toProblem(err), err.headers, requestId);
}

/** zod issues → the `errors: [{path, message}]` of a 400 VALIDATION_FAILED problem. */
function zodIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join(".") || "(root)", message: i.message }));
}

export function validationProblem(error: z.ZodError, target?: string): ProblemBody {
  const errs = zodIssues(error).map((e) => ({ ...e, path: target && target !== "json" ? `${target}.${e.path}` : e.path }));
  return problemBody("VALIDATION_FAILED", 400, "请求参数不正确", "The request is not valid", { errors: errs });
}

/** Every router shares one validation answer, so a bad request looks the same everywhere. */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        return problemResponse(validationProblem(result.error, result.target), {}, c.get("requestId"));
      }
    },
  });
}

/** Reusable OpenAPI pieces. */
const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string(),
    detailEn: z.string(),
  })
  .passthrough()
  .openapi("Problem");

export function problemResponses(...statuses: number[]) {
  const out: Record<number, { description: string; content: Record<string, { schema: typeof ProblemSchema }> }> = {};
  for (const s of statuses) {
    out[s] = { description: `Problem (${s})`, content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } } };
  }
  return out;
}

export function jsonBody<T extends z.ZodType>(schema: T, description = "Request body") {
  return { required: true, description, content: { "application/json": { schema } } } as const;
}

export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } } as const;
}

export const bearerSecurity = [{ bearerAuth: [] as string[] }];
export const signedSecurity = [{ signature: [] as string[] }];
