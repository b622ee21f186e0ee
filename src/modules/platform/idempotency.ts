import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Ctx } from "@/ctx";
import type { Tx } from "@/db/client";
import { hmacHex } from "@/lib/crypto";
import { DomainError } from "@/lib/problem";
import { rowsOf } from "@/lib/rows";
import { idempotencyKeys } from "./platform.schema";

export interface StoredResult<T = unknown> {
  status: number;
  body: T;
  replayed: boolean;
}

/** JSON with sorted keys, so the same request hashes the same whatever the key order. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.keys(v as object)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

/**
 * Runs a money movement at most once per (scope, key). The key's record is written in the same
 * database transaction as the movement, so a crash can never leave one without the other. A
 * concurrent duplicate finds the key's advisory lock taken (409 REQUEST_IN_PROGRESS); a later one
 * gets the stored response; the same key with another request is refused (422). Errors are not
 * stored: a refused request moved nothing, so running it again is safe.
 */
/**
 * A stored response comes back from a jsonb column with its keys reordered; answering first time
 * and on replay with keys in one canonical order makes a replay byte-identical to the first answer.
 */
export function canonical<T>(body: T): T {
  return JSON.parse(canonicalJson(body)) as T;
}

/**
 * A cheap look-up before any business check: a retry of a request that already succeeded must get
 * its first answer, even if the checks would now refuse it (the transfer it created is pending…).
 */
export async function findReplay<T>(ctx: Ctx, opts: { scope: string; key: string; request: unknown }): Promise<StoredResult<T> | null> {
  const [existing] = await ctx.db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, opts.scope), eq(idempotencyKeys.key, opts.key)));
  if (!existing) return null;
  const requestHash = await hmacHex(ctx.config.secrets.lookupHmac, canonicalJson(opts.request));
  if (existing.requestHash !== requestHash) throw keyReused();
  return { status: existing.responseStatus, body: existing.responseBody as T, replayed: true };
}

export async function runIdempotent<T>(
  ctx: Ctx,
  opts: { scope: string; key: string; request: unknown },
  run: (tx: Tx) => Promise<{ status: number; body: T }>,
): Promise<StoredResult<T>> {
  // Keyed hash: the request may hold a payment PIN, which a plain hash would expose to guessing.
  const requestHash = await hmacHex(ctx.config.secrets.lookupHmac, canonicalJson(opts.request));
  return ctx.db.transaction(async (tx) => {
    const lock = rowsOf<{ ok: boolean }>(
      await tx.execute(sql`select pg_try_advisory_xact_lock(hashtextextended(${`${opts.scope}\u0001${opts.key}`}, 7)) as ok`),
    );
    if (!lock[0]?.ok) throw requestInProgress();
    const [existing] = await tx
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.scope, opts.scope), eq(idempotencyKeys.key, opts.key)));
    if (existing) {
      if (existing.requestHash !== requestHash) throw keyReused();
      return { status: existing.responseStatus, body: existing.responseBody as T, replayed: true };
    }
    const result = await run(tx);
    await tx.insert(idempotencyKeys).values({
      scope: opts.scope,
      key: opts.key,
      requestHash,
      responseStatus: result.status,
      responseBody: result.body as object,
    });
    return { ...result, replayed: false };
  });
}

/**
 * The pieces of `runIdempotent` for a movement that reads and writes in as few statements as it can:
 * the key's advisory lock and its stored result as columns of the movement's locking read, and the
 * stored result as a CTE of its write.
 */
export const idempotencySql = {
  hash: (ctx: Ctx, request: unknown) => hmacHex(ctx.config.secrets.lookupHmac, canonicalJson(request)),
  /** Columns `locked` (the key's advisory lock was free) and `existing` ({h, s, b} or null). */
  lockAndRead: (scope: string, key: string) => sql`
    pg_try_advisory_xact_lock(hashtextextended(${`${scope}\u0001${key}`}, 7)) as locked,
    (select jsonb_build_object('h', k.request_hash, 's', k.response_status, 'b', k.response_body) from idempotency_keys k where k.scope = ${scope} and k.key = ${key}) as existing`,
  /** The answer to a stored result: a replay, or a refusal when the key came with another request. */
  replay<T>(existing: { h: string; s: number; b: unknown }, requestHash: string): StoredResult<T> {
    if (existing.h !== requestHash) throw keyReused();
    return { status: existing.s, body: existing.b as T, replayed: true };
  },
  store: (scope: string, key: string, requestHash: string, status: number, body: unknown, when: SQL = sql`true`) =>
    sql`insert into idempotency_keys (scope, key, request_hash, response_status, response_body) select ${scope}::text, ${key}::text, ${requestHash}::text, ${status}::int, ${JSON.stringify(body)}::jsonb where ${when}`,
};

export function requestInProgress() {
  return new DomainError(
    "REQUEST_IN_PROGRESS",
    409,
    "相同的请求正在处理中，请稍后查看结果",
    "The same request is still being processed; check its result shortly",
    {},
    { "Retry-After": "1" },
  );
}

export function keyReused() {
  return new DomainError(
    "IDEMPOTENCY_KEY_REUSED",
    422,
    "该幂等键已用于另一笔不同的请求",
    "This Idempotency-Key was already used for a different request",
  );
}

const IDEMPOTENCY_RETENTION_DAYS = 7;

/** Keys are kept at least 7 days (real time), then removed by the scheduled job. */
export async function purgeIdempotencyKeys(ctx: Ctx): Promise<number> {
  const rows = rowsOf(
    await ctx.db.execute(
      sql`delete from idempotency_keys where created_at < now() - make_interval(days => ${IDEMPOTENCY_RETENTION_DAYS + 1}) returning 1`,
    ),
  );
  await ctx.db.execute(sql`delete from request_nonces where created_at < now() - interval '1 hour'`);
  return rows.length;
}

export function busy() {
  return new DomainError(
    "BUSY",
    503,
    "系统繁忙，请稍后再试，本次操作未生效",
    "The service is busy; nothing was applied, try again shortly",
    {},
    { "Retry-After": "1" },
  );
}
