import { sql } from "drizzle-orm";
import type { Ctx } from "@/ctx";
import { errors } from "@/lib/problem";

/** The health check's database probe: 503 BUSY (retry in 5 s) when the database does not answer. */
export async function requireDatabase(ctx: Ctx): Promise<void> {
  try {
    await ctx.db.execute(sql`select 1`);
  } catch {
    throw errors.busy(5);
  }
}
