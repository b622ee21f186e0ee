import type { MiddlewareHandler } from "hono";
import type { AppEnv, AuthAgent } from "@/app-env";
import { csrfMatches } from "@/modules/agents/auth.service";
import { agentSessionOf, authenticateAgent, csrfFailed } from "@/modules/platform/agent-auth";
import { errorPage, field } from "./render";

export const STAFF: AuthAgent["role"][] = ["agent", "supervisor"];
export const SUPERVISOR: AuthAgent["role"][] = ["supervisor"];
export const AUDITOR: AuthAgent["role"][] = ["auditor"];

/**
 * Every console page: a live console session (else to the login page), the right role (else a 403
 * page), and on POST the session's CSRF token from the form's hidden field.
 */
export function guard(roles: AuthAgent["role"][]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const agent = await authenticateAgent(c);
    const s = agentSessionOf(c);
    if (!agent || !s) return c.redirect("/console/login", 303);
    if (c.req.method === "POST") {
      const form = await c.req.parseBody();
      if (!csrfMatches(s.session, field(form, "_csrf"))) throw csrfFailed();
    }
    if (!roles.includes(agent.role)) return errorPage(c, 403, "您的角色无权访问此页面或执行此操作。");
    await next();
  };
}
