import { sql } from "drizzle-orm";
import type { Context } from "hono";
import type { AppEnv } from "@/app-env";
import type { Ctx } from "@/ctx";
import { getConnInfo } from "@/lib/conn-info";
import { errors } from "@/lib/problem";
import { rowsOf } from "@/lib/rows";

/**
 * Fixed-window counter in the database, so every instance shares it. Real time, not the sandbox clock:
 * moving business time must not reset protection against guessing.
 */
export async function hitRateLimit(ctx: Ctx, bucket: string, limit: number, windowSeconds: number): Promise<void> {
  const nowSec = Math.floor(Date.now() / 1000);
  const windowStart = nowSec - (nowSec % windowSeconds);
  const rows = rowsOf<{ count: number }>(
    await ctx.db.execute(sql`
      insert into rate_limit_buckets (bucket, window_start, count) values (${bucket}, ${windowStart}, 1)
      on conflict (bucket, window_start) do update set count = rate_limit_buckets.count + 1
      returning count`),
  );
  const count = Number(rows[0]?.count ?? 0);
  if (count > limit) throw errors.rateLimited(windowStart + windowSeconds - nowSec);
}

/**
 * The caller's address for rate limits. Forwarding headers can be sent by anyone, so they are only
 * believed as far as the deployment says: Cloudflare's own header on Workers, any proxy header
 * behind a trusted proxy, otherwise only the socket's address.
 */
export function clientIp(c: Context<AppEnv>): string {
  const trust = c.get("ctx").config.trustProxy;
  const socket = getConnInfo(c);
  if (trust === "cloudflare") return c.req.header("cf-connecting-ip") ?? socket ?? "unknown";
  if (trust === "all") {
    return c.req.header("x-real-ip") ?? c.req.header("x-forwarded-for")?.split(",")[0]?.trim() ?? socket ?? "unknown";
  }
  return socket ?? "unknown";
}
