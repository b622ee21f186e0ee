import { and, asc, eq, gt, isNull } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import type { Clock } from "@/lib/clock";
import { hashPassword, randomSecret } from "@/lib/crypto";
import { newId } from "@/lib/ids";
import { recordAudit } from "@/modules/audit/audit.service";
import { AGENT_ROLES, agentAccounts, agentSessions } from "./agents.schema";
import type { AgentRow } from "./agents.repo";

/**
 * Operator provisioning of console accounts (`npm run agents`), for deployments without the sandbox
 * seed. Every change is one transaction with its audit row (actor "system"), so the row exists exactly
 * when the change does; the chainer links it like any other. Passwords are generated here, returned
 * once to the caller and stored only as a peppered hash.
 */

export type AgentRole = (typeof AGENT_ROLES)[number];

/** What provisioning needs: the database, business time for the audit row, and the password pepper. A full Ctx fits. */
export interface ProvisioningCtx {
  db: Db;
  clock: Clock;
  config: { secrets: { passwordPepper: string }; passwordHashIterations: number };
}

export type ProvisioningErrorCode = "INVALID_INPUT" | "USERNAME_TAKEN" | "UNKNOWN_AGENT";

export class ProvisioningError extends Error {
  constructor(
    readonly code: ProvisioningErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ProvisioningError";
  }
}

/** Who did it, as written into the audit row (`actorId`, plus an optional operator name in details). */
export interface ProvisioningActor {
  id: string;
  operator?: string;
}

const DEFAULT_ACTOR: ProvisioningActor = { id: "agents-cli" };

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/;

export function isAgentRole(v: string): v is AgentRole {
  return (AGENT_ROLES as readonly string[]).includes(v);
}

function checkUsername(username: string): string {
  if (!USERNAME.test(username)) {
    throw new ProvisioningError(
      "INVALID_INPUT",
      `invalid username "${username}": 2-64 characters, letters, digits, ".", "_" or "-", starting with a letter or digit`,
    );
  }
  return username;
}

function checkDisplayName(name: string): string {
  const n = name.trim();
  if (n.length === 0 || n.length > 64) throw new ProvisioningError("INVALID_INPUT", "the display name must be 1-64 characters");
  return n;
}

function checkRole(role: string): AgentRole {
  if (!isAgentRole(role)) throw new ProvisioningError("INVALID_INPUT", `unknown role "${role}": use one of ${AGENT_ROLES.join(", ")}`);
  return role;
}

/** 18 random bytes → 24 base64url characters (144 bits): typed once, then changed by nobody but the operator. */
function generateAgentPassword(): string {
  return randomSecret(18);
}

function hash(ctx: ProvisioningCtx, password: string): Promise<string> {
  return hashPassword(password, ctx.config.secrets.passwordPepper, ctx.config.passwordHashIterations);
}

async function lockAccount(tx: Tx, username: string): Promise<AgentRow> {
  const [row] = await tx.select().from(agentAccounts).where(eq(agentAccounts.username, username)).for("update");
  if (!row) throw new ProvisioningError("UNKNOWN_AGENT", `no agent account "${username}"`);
  return row;
}

/** Revokes every session of the agent that is still open (not revoked, not expired; real time, as sessions use). */
async function revokeOpenSessions(tx: Tx, agentId: string, at: Date): Promise<number> {
  const gone = await tx
    .update(agentSessions)
    .set({ revokedAt: at })
    .where(and(eq(agentSessions.agentId, agentId), isNull(agentSessions.revokedAt), gt(agentSessions.expiresAt, at)))
    .returning({ id: agentSessions.id });
  return gone.length;
}

function audit(
  tx: Tx,
  ctx: ProvisioningCtx,
  actor: ProvisioningActor,
  action: string,
  account: Pick<AgentRow, "id" | "username">,
  details: Record<string, unknown> = {},
) {
  return recordAudit(tx, ctx.clock.now(), {
    actorType: "system",
    actorId: actor.id,
    action,
    subjectType: "agent",
    subjectId: account.id,
    details: { username: account.username, ...details, ...(actor.operator ? { operator: actor.operator } : {}) },
  });
}

export interface AddedAgent {
  id: string;
  username: string;
  role: AgentRole;
  /** Shown once; only its hash is stored. */
  password: string;
}

/** Creates an account with a generated password. An existing username is refused, never overwritten. */
export async function addAgent(
  ctx: ProvisioningCtx,
  input: { username: string; role: string; displayName: string },
  actor: ProvisioningActor = DEFAULT_ACTOR,
): Promise<AddedAgent> {
  const username = checkUsername(input.username);
  const role = checkRole(input.role);
  const displayName = checkDisplayName(input.displayName);
  const password = generateAgentPassword();
  const passwordHash = await hash(ctx, password);
  const id = newId();
  await ctx.db.transaction(async (tx) => {
    const inserted = await tx
      .insert(agentAccounts)
      .values({ id, username, displayName, role, passwordHash })
      .onConflictDoNothing({ target: agentAccounts.username })
      .returning({ id: agentAccounts.id });
    if (inserted.length === 0)
      throw new ProvisioningError("USERNAME_TAKEN", `agent account "${username}" already exists (use reset-password or enable)`);
    await audit(tx, ctx, actor, "agent.created", { id, username }, { role });
  });
  return { id, username, role, password };
}

/** Sets disabled_at and revokes the agent's open sessions. Disabling a disabled account changes nothing. */
export async function disableAgent(
  ctx: ProvisioningCtx,
  username: string,
  actor: ProvisioningActor = DEFAULT_ACTOR,
): Promise<{ changed: boolean; sessionsRevoked: number }> {
  return ctx.db.transaction(async (tx) => {
    const row = await lockAccount(tx, username);
    const now = new Date();
    const changed = !row.disabledAt;
    if (changed) await tx.update(agentAccounts).set({ disabledAt: now }).where(eq(agentAccounts.id, row.id));
    const sessionsRevoked = await revokeOpenSessions(tx, row.id, now);
    if (changed || sessionsRevoked > 0) await audit(tx, ctx, actor, "agent.disabled", row, { sessionsRevoked });
    return { changed, sessionsRevoked };
  });
}

/** Clears disabled_at. Sessions revoked by the disable stay revoked: the agent logs in again. */
export async function enableAgent(
  ctx: ProvisioningCtx,
  username: string,
  actor: ProvisioningActor = DEFAULT_ACTOR,
): Promise<{ changed: boolean }> {
  return ctx.db.transaction(async (tx) => {
    const row = await lockAccount(tx, username);
    if (!row.disabledAt) return { changed: false };
    await tx.update(agentAccounts).set({ disabledAt: null }).where(eq(agentAccounts.id, row.id));
    await audit(tx, ctx, actor, "agent.enabled", row);
    return { changed: true };
  });
}

/** A new generated password; failed logins and the lock cleared; open sessions revoked. A disabled account stays disabled. */
export async function resetAgentPassword(
  ctx: ProvisioningCtx,
  username: string,
  actor: ProvisioningActor = DEFAULT_ACTOR,
): Promise<{ password: string; sessionsRevoked: number; disabled: boolean }> {
  const password = generateAgentPassword();
  const passwordHash = await hash(ctx, password);
  return ctx.db.transaction(async (tx) => {
    const row = await lockAccount(tx, username);
    const now = new Date();
    await tx.update(agentAccounts).set({ passwordHash, failedLogins: 0, lockedUntil: null }).where(eq(agentAccounts.id, row.id));
    const sessionsRevoked = await revokeOpenSessions(tx, row.id, now);
    await audit(tx, ctx, actor, "agent.password_reset", row, {
      sessionsRevoked,
      wasLocked: !!row.lockedUntil && row.lockedUntil.getTime() > now.getTime(),
    });
    return { password, sessionsRevoked, disabled: !!row.disabledAt };
  });
}

export interface AgentListing {
  username: string;
  role: AgentRole;
  displayName: string;
  createdAt: Date;
  disabledAt: Date | null;
  /** The lock's end when the account is locked now (real time), else null. */
  lockedUntil: Date | null;
  failedLogins: number;
}

/** Every account, oldest first; never the password hash. */
export async function listAgents(ctx: Pick<ProvisioningCtx, "db">): Promise<AgentListing[]> {
  const rows = await ctx.db
    .select({
      username: agentAccounts.username,
      role: agentAccounts.role,
      displayName: agentAccounts.displayName,
      createdAt: agentAccounts.createdAt,
      disabledAt: agentAccounts.disabledAt,
      lockedUntil: agentAccounts.lockedUntil,
      failedLogins: agentAccounts.failedLogins,
    })
    .from(agentAccounts)
    .orderBy(asc(agentAccounts.createdAt), asc(agentAccounts.username));
  const now = Date.now();
  return rows.map((r) => ({ ...r, lockedUntil: r.lockedUntil && r.lockedUntil.getTime() > now ? r.lockedUntil : null }));
}
