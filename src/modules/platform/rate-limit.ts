import { sql } from "drizzle-orm";
import type { Ctx } from "@/ctx";
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

/** The caller's address as the edge or the Node server saw it. */
export function clientIp(headers: (name: string) => string | undefined, fallback?: string): string {
  return (
    headers("cf-connecting-ip") ??
    headers("x-real-ip") ??
    headers("x-forwarded-for")?.split(",")[0]?.trim() ??
    fallback ??
    "unknown"
  );
}
