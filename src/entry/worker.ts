/**
 * Cloudflare Workers entry: the same app as the Node server, with postgres.js over Hyperdrive.
 *
 * Per isolate: the parsed config, the clock (the sandbox clock lives here), the logger and the app.
 * Per request (and per Cron run): a new postgres.js client, because a Worker may not reuse I/O
 * objects across requests. Hyperdrive pools the real connections, so the client is never `end()`ed.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/postgres-js";
import type { Context, ExecutionContext } from "hono";
import postgres from "postgres";
import type { AppEnv } from "@/app-env";
import { ConfigError, parseConfig, type Config } from "@/config";
import type { Db } from "@/db/client";
import * as schema from "@/db/schema";
import type { Clock } from "@/lib/clock";
import { domainErrorResponse } from "@/lib/http";
import { createLogger, type Logger } from "@/lib/logger";
import { errors } from "@/lib/problem";
import { runDueJobs } from "@/modules/jobs";
import { seedReferenceData, seedSandbox } from "@/modules/sandbox/seed";
import { backgroundCtx, clockFor, createApp } from "./build";

/** The Worker's bindings: Hyperdrive, plus [vars] and secrets (strings). */
interface WorkerEnv {
  HYPERDRIVE: { connectionString: string };
  [name: string]: unknown;
}

// Declared here rather than pulling in @cloudflare/workers-types for one interface.
interface ScheduledController {
  readonly cron: string;
  readonly scheduledTime: number;
}

interface Isolate {
  config: Config;
  clock: Clock;
  log: Logger;
  app: OpenAPIHono<AppEnv>;
}

let isolate: Isolate | undefined;
let configError: ConfigError | undefined;
let seeded: Promise<void> | undefined;

/**
 * Only string bindings are configuration. SANDBOX defaults to off: a Worker never has DATABASE_URL,
 * and parseConfig would otherwise take the missing URL for the embedded database and turn sandbox on.
 */
function configFromEnv(env: WorkerEnv): Config {
  const vars: Record<string, string> = { SANDBOX: "0", TRUST_PROXY: "cloudflare" };
  for (const [k, v] of Object.entries(env)) if (typeof v === "string") vars[k] = v;
  return parseConfig(vars);
}

function openWorkerDb(env: WorkerEnv): Db {
  const sql = postgres(env.HYPERDRIVE.connectionString, {
    max: 5,
    fetch_types: false, // no type look-up round trip per client; the schema uses only built-in types
    prepare: true, // Hyperdrive supports prepared statements
    onnotice: () => {},
  });
  return drizzle(sql, { schema }) as unknown as Db;
}

function isolateFor(env: WorkerEnv): Isolate {
  if (isolate) return isolate;
  if (configError) throw configError;
  try {
    const config = configFromEnv(env);
    const clock = clockFor(config);
    const log = createLogger(config.logLevel);
    const app = createApp({ config, clock, log, db: (c: Context<AppEnv>) => openWorkerDb(c.env as WorkerEnv) });
    isolate = { config, clock, log, app };
    return isolate;
  } catch (e) {
    if (e instanceof ConfigError) configError = e;
    throw e;
  }
}

/** Sandbox only: the fixtures go in once per isolate (the seeders are idempotent, so isolates may race). */
function ensureSeeded(s: Isolate, env: WorkerEnv): Promise<void> {
  if (!s.config.sandbox) return Promise.resolve();
  seeded ??= (async () => {
    const db = openWorkerDb(env);
    await seedReferenceData(db);
    await seedSandbox(backgroundCtx(s.config, db, s.clock, s.log));
    s.log.info("sandbox seeded");
  })().catch((e: unknown) => {
    seeded = undefined; // try again on the next request
    throw e;
  });
  return seeded;
}

/** 503 BUSY, the API's answer for "nothing was applied, try again". */
function startupProblem(): Response {
  return domainErrorResponse(errors.busy(5));
}

async function respond(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
  let s: Isolate;
  try {
    s = isolateFor(env);
  } catch (e) {
    // The message names the missing setting, never a secret's value.
    console.error(JSON.stringify({ level: "error", msg: "worker config invalid", error: e instanceof Error ? e.message : String(e) }));
    return startupProblem();
  }
  try {
    await ensureSeeded(s, env);
  } catch (e) {
    s.log.error("sandbox seeding failed", { error: e instanceof Error ? e.message.split("\n")[0]!.slice(0, 200) : "unknown" });
    return startupProblem();
  }
  return s.app.fetch(request, env, ctx);
}

/**
 * A request refused before its body was read (401, 400 IDEMPOTENCY_KEY_REQUIRED, a signature check)
 * leaves the body unread, and under `wrangler dev` the next request on that keep-alive connection
 * then fails with 503 "Your worker restarted mid-request". Reading the rest, up to the body limit,
 * keeps the connection usable; a larger or unsized body is cancelled rather than read.
 */
async function finishBody(request: Request, limit: number): Promise<void> {
  if (!request.body || request.bodyUsed) return;
  const length = Number(request.headers.get("content-length") ?? Number.NaN);
  if (length <= limit) await request.arrayBuffer().catch(() => undefined);
  else await request.body.cancel().catch(() => undefined);
}

async function fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
  const response = await respond(request, env, ctx);
  await finishBody(request, isolate?.config.maxBodyBytes ?? 64 * 1024);
  return response;
}

/** Cron Triggers: every scheduled job decides for itself what is due (e.g. transfers unaccepted by 06:00 Beijing time). */
async function scheduled(controller: ScheduledController, env: WorkerEnv, _ctx: ExecutionContext): Promise<void> {
  const s = isolateFor(env);
  await ensureSeeded(s, env);
  const db = openWorkerDb(env);
  const ran = await runDueJobs(backgroundCtx(s.config, db, s.clock, s.log));
  s.log.info("scheduled jobs ran", { cron: controller.cron, ran });
}

// Only the handlers are exported: workerd reads every named export of the main module as an entrypoint.
export default { fetch, scheduled };
