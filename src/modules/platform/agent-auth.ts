import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv, AuthAgent } from "@/app-env";
import { DomainError, errors } from "@/lib/problem";
import { authenticateAgentToken, csrfMatches, type AgentSession } from "@/modules/agents/auth.service";
import { readCookie, SESSION_COOKIE } from "@/modules/agents/cookie";

export type AgentRole = AuthAgent["role"];

// The session travels beside `agent` without widening AppEnv: keyed by the request object itself.
const sessions = new WeakMap<Request, { session: AgentSession; via: "bearer" | "cookie" }>();

export function agentSessionOf(c: Context<AppEnv>): { session: AgentSession; via: "bearer" | "cookie" } | undefined {
  return sessions.get(c.req.raw);
}

/** Bearer token first (API clients), else the console's HttpOnly cookie; null when neither is a live session. */
export async function authenticateAgent(c: Context<AppEnv>): Promise<AuthAgent | null> {
  const known = c.get("agent");
  if (known) return known;
  const ctx = c.get("ctx");
  const header = c.req.header("authorization");
  const bearer = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const via = header ? "bearer" : "cookie";
  const token = header ? bearer : readCookie(c, SESSION_COOKIE);
  if (!token) return null;
  const auth = await authenticateAgentToken(ctx, token);
  if (!auth) return null;
  c.set("agent", auth.agent);
  sessions.set(c.req.raw, { session: auth.session, via });
  return auth.agent;
}

export function csrfFailed() {
  return new DomainError(
    "CSRF_FAILED",
    403,
    "页面已过期或请求来源不可信，请刷新后重试",
    "The form expired or the request came from elsewhere; reload and try again",
  );
}

const SAFE = /^(GET|HEAD|OPTIONS)$/;

/**
 * Agent API routes: a live agent session with one of the allowed roles, else 401/403. A write that
 * rides on the console cookie must also carry the session's CSRF token in `X-CSRF-Token`; the
 * console's own forms are checked by the console router instead.
 */
export function requireAgent(allowed: AgentRole[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const agent = await authenticateAgent(c);
    if (!agent) throw errors.unauthenticated();
    const s = agentSessionOf(c);
    if (s?.via === "cookie" && !SAFE.test(c.req.method) && !csrfMatches(s.session, c.req.header("x-csrf-token"))) throw csrfFailed();
    if (!allowed.includes(agent.role)) throw errors.forbidden();
    await next();
  };
}
