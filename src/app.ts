import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { createAdapters, type AdapterOverrides } from "@/adapters";
import type { AppEnv } from "@/app-env";
import type { Config } from "@/config";
import type { Ctx } from "@/ctx";
import type { Db } from "@/db/client";
import type { Clock } from "@/lib/clock";
import { domainErrorResponse, problemResponse, validationProblem } from "@/lib/http";
import type { Logger } from "@/lib/logger";
import { newId } from "@/lib/ids";
import { DomainError, problemBody } from "@/lib/problem";
import { connectionLost, pgCode, RETRYABLE_PG_CODES } from "@/lib/pg-errors";
import { z } from "@hono/zod-openapi";
import { moduleRouters } from "@/modules";
import { refuseBadText } from "@/modules/platform/text-guard";
import { registerDocs, systemRouter } from "@/modules/system/system.index";

export interface AppDeps {
  config: Config;
  clock: Clock;
  log: Logger;
  /** Node: one shared pool. Workers: a new client for each request. */
  db: Db | ((c: Context<AppEnv>) => Db);
  adapters?: AdapterOverrides;
}

export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return problemResponse(validationProblem(result.error, result.target), {}, c.get("requestId"));
    },
  });

  app.use("*", async (c, next) => {
    const incoming = c.req.header("x-request-id");
    const requestId = incoming && /^[\w-]{8,64}$/.test(incoming) ? incoming : newId();
    c.set("requestId", requestId);
    const db = typeof deps.db === "function" ? deps.db(c) : deps.db;
    const log = deps.log.child({ requestId });
    const ctx: Ctx = {
      config: deps.config,
      clock: deps.clock,
      log,
      db,
      adapters: createAdapters(deps.config, db, log, deps.adapters),
      requestId,
    };
    c.set("ctx", ctx);
    const started = performance.now();
    await next();
    c.header("x-request-id", requestId);
    // Paths only: query strings can carry look-up terms, and logs never hold personal data.
    log.info("request", {
      method: c.req.method,
      path: c.req.routePath ?? c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  });

  const tooLarge = (c: Context<AppEnv>) =>
    problemResponse(
      problemBody("PAYLOAD_TOO_LARGE", 413, "请求内容过大", "The request body is too large", { limitBytes: deps.config.maxBodyBytes }),
      {},
      c.get("requestId"),
    );
  const streamedBodyLimit = bodyLimit({ maxSize: deps.config.maxBodyBytes, onError: tooLarge });
  // A declared Content-Length is checked from the header alone. hono's bodyLimit looks at the body
  // stream first, which on Node makes @hono/node-server build a full web Request with a
  // ReadableStream for every request and read every JSON body through web streams (~8 % of a
  // transfer's server CPU); only bodies without a length (chunked) need it to count bytes.
  app.use("*", async (c, next) => {
    const method = c.req.method;
    if (method === "GET" || method === "HEAD" || method === "OPTIONS") return next();
    const length = c.req.header("content-length");
    if (length !== undefined && /^\d{1,15}$/.test(length) && c.req.header("transfer-encoding") === undefined) {
      return Number(length) > deps.config.maxBodyBytes ? tooLarge(c) : next();
    }
    return streamedBodyLimit(c, next);
  });

  // NUL and unpaired surrogates anywhere in a request: 400, never a 500 (test/reliability/attack.test.ts).
  app.use("*", refuseBadText);

  app.route("/", systemRouter());
  for (const router of moduleRouters(deps.config)) app.route("/", router);
  registerDocs(app);

  app.notFound((c) => problemResponse(problemBody("NOT_FOUND", 404, "请求的地址不存在", "No such route"), {}, c.get("requestId")));

  app.onError((err, c) => {
    const requestId = c.get("requestId");
    if (err instanceof DomainError) return domainErrorResponse(err, requestId);
    if (err instanceof z.ZodError) return problemResponse(validationProblem(err), {}, requestId);
    const mapped = mapInfrastructureError(err);
    if (mapped) return domainErrorResponse(mapped, requestId);
    if (err instanceof HTTPException && err.status === 415) {
      return problemResponse(
        problemBody("UNSUPPORTED_MEDIA_TYPE", 415, "请求内容类型须为 application/json", "The body must be application/json"),
        {},
        requestId,
      );
    }
    // A malformed JSON body surfaces from the validator as a SyntaxError or an HTTPException(400).
    if (err instanceof SyntaxError || (err instanceof HTTPException && err.status === 400)) {
      return problemResponse(
        problemBody("VALIDATION_FAILED", 400, "请求内容不是有效的 JSON", "The body is not valid JSON", {
          errors: [{ path: "(body)", message: "invalid JSON" }],
        }),
        {},
        requestId,
      );
    }
    deps.log.error("unhandled", { requestId, error: err instanceof Error ? err.name : "unknown", message: safeMessage(err) });
    return problemResponse(
      problemBody("INTERNAL", 500, "系统内部错误，请稍后再试", "Internal error; try again later", { requestId }),
      {},
      requestId,
    );
  });

  return app;
}

/** Lock timeouts, serialization failures and dropped connections mean nothing was applied: 503 BUSY. */
function mapInfrastructureError(err: unknown): DomainError | null {
  const code = pgCode(err);
  if (code && RETRYABLE_PG_CODES.includes(code)) {
    return new DomainError(
      "BUSY",
      503,
      "系统繁忙，请稍后再试，本次操作未生效",
      "The service is busy; nothing was applied, try again shortly",
      {},
      { "Retry-After": "1" },
    );
  }
  if (connectionLost(err)) {
    return new DomainError("BUSY", 503, "系统繁忙，请稍后再试", "The service is busy; try again shortly", {}, { "Retry-After": "1" });
  }
  return null;
}

function safeMessage(err: unknown): string {
  // Database errors can echo row values; keep only the first line and cap it.
  return (err instanceof Error ? err.message : String(err)).split("\n")[0]!.slice(0, 200);
}
