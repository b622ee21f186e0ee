import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { agentAccounts, agentSessions } from "./agents.schema";

export type AgentRow = typeof agentAccounts.$inferSelect;
export type AgentSessionRow = typeof agentSessions.$inferSelect;

export async function findAgentByUsername(db: DbOrTx, username: string): Promise<AgentRow | undefined> {
  const [row] = await db.select().from(agentAccounts).where(eq(agentAccounts.username, username));
  return row;
}

export async function findAgent(db: DbOrTx, id: string): Promise<AgentRow | undefined> {
  const [row] = await db.select().from(agentAccounts).where(eq(agentAccounts.id, id));
  return row;
}

/** Counts one failure atomically and sets the lock when this one reaches the limit. */
export async function countFailure(db: DbOrTx, id: string, limit: number, lockUntil: Date) {
  const [row] = await db
    .update(agentAccounts)
    .set({
      failedLogins: sql`${agentAccounts.failedLogins} + 1`,
      lockedUntil: sql`case when ${agentAccounts.failedLogins} + 1 >= ${limit} then ${lockUntil.toISOString()}::timestamptz else ${agentAccounts.lockedUntil} end`,
    })
    .where(eq(agentAccounts.id, id))
    .returning({ failedLogins: agentAccounts.failedLogins, lockedUntil: agentAccounts.lockedUntil });
  return row!;
}

export async function clearFailures(db: DbOrTx, id: string) {
  await db.update(agentAccounts).set({ failedLogins: 0, lockedUntil: null }).where(eq(agentAccounts.id, id));
}

export async function insertSession(db: DbOrTx, values: typeof agentSessions.$inferInsert) {
  await db.insert(agentSessions).values(values);
}

/** The session and its account, whatever their state: the caller decides what is still valid. */
export async function sessionWithAgent(db: DbOrTx, sessionId: string, agentId: string) {
  const [row] = await db
    .select({ session: agentSessions, agent: agentAccounts })
    .from(agentSessions)
    .innerJoin(agentAccounts, eq(agentAccounts.id, agentSessions.agentId))
    .where(and(eq(agentSessions.id, sessionId), eq(agentSessions.agentId, agentId)));
  return row;
}

export async function revokeSessionRow(db: DbOrTx, sessionId: string, at: Date) {
  return db
    .update(agentSessions)
    .set({ revokedAt: at })
    .where(and(eq(agentSessions.id, sessionId), sql`${agentSessions.revokedAt} is null`))
    .returning({ id: agentSessions.id });
}
