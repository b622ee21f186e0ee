import type { MiddlewareHandler } from "hono";
import type { AppEnv, AuthAgent } from "@/app-env";
import { errors } from "@/lib/problem";
import { verifyToken } from "./tokens";

export type AgentRole = AuthAgent["role"];
const ROLES: AgentRole[] = ["agent", "supervisor", "auditor"];

/**
 * Console and admin routes: an agent session (bearer token, or the console's HttpOnly cookie which
 * the console module turns into the same claims) with one of the allowed roles, else 401/403.
 */
export function requireAgent(allowed: AgentRole[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const ctx = c.get("ctx");
    let agent: AuthAgent | undefined;
    try {
      agent = c.get("agent");
    } catch {
      agent = undefined;
    }
    if (!agent) {
      const m = c.req.header("authorization")?.match(/^Bearer\s+(\S+)$/i);
      const claims = m?.[1] ? await verifyToken(ctx.config.secrets.token, m[1], "agent") : null;
      if (!claims || !ROLES.includes(claims.role as AgentRole)) throw errors.unauthenticated();
      agent = { agentId: claims.sub, role: claims.role as AgentRole, username: claims.sid ?? "" };
      c.set("agent", agent);
    }
    if (!allowed.includes(agent.role)) throw errors.forbidden();
    await next();
  };
}
