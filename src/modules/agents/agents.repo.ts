import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { agentAccounts, agentSessions } from "./agents.schema";

export type AgentRow = typeof agentAccounts.$inferSelect;

export async function findAgentByUsername(db: DbOrTx, username: string): Promise<AgentRow | undefined> {
  const [row] = await db.select().from(agentAccounts).where(eq(agentAccounts.username, username));
  return row;
}

/** Counts one failure atomically and sets the lock when this one reaches the limit. */
/**
 * Claims one password attempt in a single statement, before the password is checked: the lock state
 * is read and the attempt counted under the row's lock, so parallel attempts are serialised and at
 * most `limit` of them are ever evaluated in a lock window (the one that reaches the limit sets the
 * lock; a right password among them clears it again). An expired lock starts a new window. No row:
 * the account is locked (see lockedUntil).
 */
export async function claimAttempt(db: DbOrTx, id: string, limit: number, nowMs: number, lockUntil: Date) {
  const now = new Date(nowMs).toISOString();
  const base = sql`(case when ${agentAccounts.lockedUntil} is not null and ${agentAccounts.lockedUntil} <= ${now}::timestamptz then 0 else ${agentAccounts.failedLogins} end)`;
  const [row] = await db
    .update(agentAccounts)
    .set({
      failedLogins: sql`${base} + 1`,
      lockedUntil: sql`case when ${base} + 1 >= ${limit} then ${lockUntil.toISOString()}::timestamptz else null end`,
    })
    .where(
      and(
        eq(agentAccounts.id, id),
        sql`(${agentAccounts.lockedUntil} is null or ${agentAccounts.lockedUntil} <= ${now}::timestamptz)`,
        sql`${base} < ${limit}`,
      ),
    )
    .returning({ failedLogins: agentAccounts.failedLogins, lockedUntil: agentAccounts.lockedUntil });
  return row ?? null;
}

export async function lockedUntilOf(db: DbOrTx, id: string) {
  const [row] = await db.select({ lockedUntil: agentAccounts.lockedUntil }).from(agentAccounts).where(eq(agentAccounts.id, id));
  return row?.lockedUntil ?? null;
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
