import type { Context } from "hono";
import type { AppEnv, AuthAgent } from "@/app-env";
import { randomSecret, timingSafeEqual } from "@/lib/crypto";
import { DomainError } from "@/lib/problem";
import { AGENT_SESSION_SECONDS, csrfMatches, loginAgent, logoutAgent } from "@/modules/agents/auth.service";
import { clearCookie, LOGIN_CSRF_COOKIE, readCookie, SESSION_COOKIE, writeCookie } from "@/modules/agents/cookie";
import { agentSessionOf, authenticateAgent, csrfFailed } from "@/modules/platform/agent-auth";
import { clientIp } from "@/modules/platform/rate-limit";
import { field, page } from "./render";

export function homeOf(role: AuthAgent["role"]): string {
  return role === "auditor" ? "/console/audit" : "/console/queue";
}

/**
 * Before there is a session, the login form is protected by a double-submit token: a random value
 * in an HttpOnly SameSite=Strict cookie that must come back in the form.
 */
async function loginPage(c: Context<AppEnv>, opts: { error?: string; status?: 200 | 401 | 423 | 429; username?: string } = {}) {
  const token = randomSecret(24);
  writeCookie(c, LOGIN_CSRF_COOKIE, token, 3600);
  const notice = c.req.query("done") ?? null;
  return page(
    c,
    { title: "客服登录", error: opts.error, notice },
    <form method="post" action="/console/login" class="card narrow">
      <input type="hidden" name="_csrf" value={token} />
      <p>
        <label for="username">用户名</label>
        <input id="username" name="username" autocomplete="username" required maxlength={64} value={opts.username ?? ""} autofocus />
      </p>
      <p>
        <label for="password">密码</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required maxlength={256} />
      </p>
      <p>
        <button type="submit">登录</button>
      </p>
      <p class="hint">连续 5 次密码错误，账号将锁定 15 分钟。</p>
    </form>,
    opts.status ?? 200,
  );
}

export async function showLogin(c: Context<AppEnv>) {
  const agent = await authenticateAgent(c);
  if (agent) return c.redirect(homeOf(agent.role), 303);
  return loginPage(c);
}

export async function submitLogin(c: Context<AppEnv>) {
  const form = await c.req.parseBody();
  const expected = readCookie(c, LOGIN_CSRF_COOKIE);
  const presented = field(form, "_csrf");
  if (!expected || !presented || !timingSafeEqual(expected, presented)) throw csrfFailed();
  const username = field(form, "username").slice(0, 64);
  const password = typeof form.password === "string" ? form.password.slice(0, 256) : "";
  try {
    const ip = clientIp(c);
    const s = await loginAgent(c.get("ctx"), username, password, ip, "console");
    clearCookie(c, LOGIN_CSRF_COOKIE);
    writeCookie(c, SESSION_COOKIE, s.token, AGENT_SESSION_SECONDS);
    return c.redirect(homeOf(s.role), 303);
  } catch (e) {
    if (e instanceof DomainError && (e.status === 401 || e.status === 423 || e.status === 429)) {
      return loginPage(c, { error: e.detail, status: e.status, username });
    }
    throw e;
  }
}

export async function submitLogout(c: Context<AppEnv>) {
  const agent = await authenticateAgent(c);
  const s = agentSessionOf(c);
  if (agent && s) {
    const form = await c.req.parseBody();
    if (!csrfMatches(s.session, field(form, "_csrf"))) throw csrfFailed();
    await logoutAgent(c.get("ctx"), agent, s.session.id);
  }
  clearCookie(c, SESSION_COOKIE);
  return c.redirect("/console/login?done=logout", 303);
}
