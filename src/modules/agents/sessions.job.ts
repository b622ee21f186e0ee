import { lt } from "drizzle-orm";
import type { Ctx } from "@/ctx";
import { agentSessions } from "./agents.schema";

const KEEP_DAYS = 30;

/** Expired sessions are useless after a while; the audit log keeps the logins themselves. */
export async function purgeAgentSessions(ctx: Ctx): Promise<number> {
  const cutoff = new Date(Date.now() - KEEP_DAYS * 86_400_000);
  const gone = await ctx.db.delete(agentSessions).where(lt(agentSessions.expiresAt, cutoff)).returning({ id: agentSessions.id });
  return gone.length;
}
