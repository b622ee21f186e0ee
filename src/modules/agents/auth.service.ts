import type { AuthAgent } from "@/app-env";
import type { Ctx } from "@/ctx";
import { hashPassword, randomSecret, timingSafeEqual, verifyPassword } from "@/lib/crypto";
import { newId } from "@/lib/ids";
import { DomainError } from "@/lib/problem";
import { recordAudit } from "@/modules/audit/audit.service";
import { hitRateLimit } from "@/modules/platform/rate-limit";
import { issueToken, verifyToken } from "@/modules/platform/tokens";
import { agentAccounts } from "./agents.schema";
import {
  claimAttempt,
  clearFailures,
  lockedUntilOf,
  findAgentByUsername,
  insertSession,
  revokeSessionRow,
  sessionWithAgent,
  type AgentRow,
} from "./agents.repo";

export const AGENT_SESSION_SECONDS = 8 * 3600;
export const MAX_FAILED_LOGINS = 5;
const LOCK_MINUTES = 15;

export type Channel = "api" | "console";

export interface AgentSession {
  id: string;
  channel: Channel;
  csrfToken: string;
  expiresAt: Date;
}

export interface AgentLogin {
  token: string;
  role: AuthAgent["role"];
  expiresAt: Date;
  agent: AuthAgent;
  session: AgentSession;
}

function badCredentials(remainingAttempts?: number) {
  return new DomainError(
    "UNAUTHENTICATED",
    401,
    "用户名或密码错误",
    "Wrong username or password",
    remainingAttempts === undefined ? {} : { remainingAttempts },
  );
}

function accountLocked(until: Date) {
  return new DomainError(
    "ACCOUNT_LOCKED",
    423,
    "密码错误次数过多，账号已锁定 15 分钟",
    "Too many wrong passwords; the account is locked for 15 minutes",
    {
      lockedUntil: until.toISOString(),
    },
  );
}

// An unknown username still costs one hash, so response time does not tell which usernames exist.
const dummyHashes = new Map<string, Promise<string>>();
function dummyHash(ctx: Ctx): Promise<string> {
  const key = `${ctx.config.passwordHashIterations}`;
  let h = dummyHashes.get(key);
  if (!h) {
    h = hashPassword(randomSecret(), ctx.config.secrets.passwordPepper, ctx.config.passwordHashIterations);
    dummyHashes.set(key, h);
  }
  return h;
}

/** Username + password → a server-side session. Five wrong passwords lock the account for 15 minutes of real time. */
export async function loginAgent(ctx: Ctx, username: string, password: string, ip: string, channel: Channel): Promise<AgentLogin> {
  await hitRateLimit(ctx, `agent-login:ip:${ip}`, 30, 60);
  const account = await findAgentByUsername(ctx.db, username);
  if (!account || account.disabledAt) {
    await verifyPassword(password, ctx.config.secrets.passwordPepper, await dummyHash(ctx));
    throw badCredentials();
  }
  // One atomic step: the lock is read and this attempt counted before the password is checked, so a
  // parallel burst gets at most MAX_FAILED_LOGINS evaluations (test/reliability/attack.test.ts).
  const nowMs = Date.now();
  const claim = await claimAttempt(ctx.db, account.id, MAX_FAILED_LOGINS, nowMs, new Date(nowMs + LOCK_MINUTES * 60_000));
  if (!claim) throw accountLocked((await lockedUntilOf(ctx.db, account.id)) ?? new Date(nowMs + LOCK_MINUTES * 60_000));
  if (!(await verifyPassword(password, ctx.config.secrets.passwordPepper, account.passwordHash))) {
    const locked = claim.failedLogins >= MAX_FAILED_LOGINS;
    await recordAudit(ctx.db, ctx.clock.now(), {
      actorType: "agent",
      actorId: account.id,
      action: locked ? "agent.locked" : "agent.login_failed",
      subjectType: "agent",
      subjectId: account.id,
      details: { failedLogins: claim.failedLogins, channel },
    });
    if (locked && claim.lockedUntil) throw accountLocked(claim.lockedUntil);
    throw badCredentials(MAX_FAILED_LOGINS - claim.failedLogins);
  }
  await clearFailures(ctx.db, account.id);
  return openSession(ctx, account, channel);
}

async function openSession(ctx: Ctx, account: AgentRow, channel: Channel): Promise<AgentLogin> {
  const session: AgentSession = {
    id: newId(),
    channel,
    csrfToken: randomSecret(24),
    expiresAt: new Date(Date.now() + AGENT_SESSION_SECONDS * 1000),
  };
  await ctx.db.transaction(async (tx) => {
    await insertSession(tx, {
      id: session.id,
      agentId: account.id,
      channel,
      csrfToken: session.csrfToken,
      createdAt: new Date(),
      expiresAt: session.expiresAt,
    });
    await recordAudit(tx, ctx.clock.now(), {
      actorType: "agent",
      actorId: account.id,
      action: "agent.login",
      subjectType: "agent_session",
      subjectId: session.id,
      details: { channel, role: account.role },
    });
  });
  const { token, expiresAt } = await issueToken(
    ctx.config.secrets.token,
    { sub: account.id, kind: "agent", role: account.role, sid: session.id },
    AGENT_SESSION_SECONDS,
  );
  const agent: AuthAgent = { agentId: account.id, role: account.role, username: account.username };
  return { token, role: account.role, expiresAt, agent, session };
}

/**
 * A token is only as good as its session row: revoked, expired or disabled means null. The role
 * comes from the account, not the token, so a changed role takes effect at once.
 */
export async function authenticateAgentToken(ctx: Ctx, token: string): Promise<{ agent: AuthAgent; session: AgentSession } | null> {
  const claims = await verifyToken(ctx.config.secrets.token, token, "agent");
  if (!claims?.sid) return null;
  const row = await sessionWithAgent(ctx.db, claims.sid, claims.sub);
  if (!row || row.session.revokedAt || row.session.expiresAt.getTime() <= Date.now() || row.agent.disabledAt) return null;
  const s = row.session;
  return {
    agent: { agentId: row.agent.id, role: row.agent.role, username: row.agent.username },
    session: { id: s.id, channel: s.channel, csrfToken: s.csrfToken, expiresAt: s.expiresAt },
  };
}

export function csrfMatches(session: AgentSession, presented: string | undefined | null): boolean {
  return typeof presented === "string" && timingSafeEqual(presented, session.csrfToken);
}

export async function logoutAgent(ctx: Ctx, agent: AuthAgent, sessionId: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const done = await revokeSessionRow(tx, sessionId, new Date());
    if (done.length === 0) return;
    await recordAudit(tx, ctx.clock.now(), {
      actorType: "agent",
      actorId: agent.agentId,
      action: "agent.logout",
      subjectType: "agent_session",
      subjectId: sessionId,
    });
  });
}

/**
 * Creates an account, or (sandbox seeding) resets its password and lock: sandbox secrets may be
 * regenerated at every start, and the printed sandbox logins must keep working.
 */
export async function upsertAgentAccount(
  ctx: Ctx,
  a: { username: string; displayName: string; role: AuthAgent["role"]; password: string },
) {
  const passwordHash = await hashPassword(a.password, ctx.config.secrets.passwordPepper, ctx.config.passwordHashIterations);
  await ctx.db
    .insert(agentAccounts)
    .values({ id: newId(), username: a.username, displayName: a.displayName, role: a.role, passwordHash })
    .onConflictDoUpdate({
      target: agentAccounts.username,
      set: { passwordHash, role: a.role, displayName: a.displayName, failedLogins: 0, lockedUntil: null, disabledAt: null },
    });
}
