import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { AppEnv } from "@/app-env";
import { agentSessionOf } from "@/modules/platform/agent-auth";
import { Layout, type PageMeta } from "./views/layout";

type Status = 200 | 400 | 401 | 403 | 404 | 409 | 413 | 422 | 423 | 429 | 500 | 503;

/** Who is looking, for the layout: set by the guard on every protected page. */
export function viewer(c: Context<AppEnv>) {
  const s = agentSessionOf(c);
  return { agent: c.get("agent"), csrf: s?.session.csrfToken ?? "" };
}

export async function page(c: Context<AppEnv>, meta: Omit<PageMeta, "agent" | "csrf">, body: Child, status: Status = 200) {
  const v = viewer(c);
  const html = await (
    <Layout {...meta} agent={v.agent} csrf={v.csrf}>
      {body}
    </Layout>
  ).toString();
  c.header("cache-control", "no-store");
  return c.html(`<!doctype html>${html}`, status);
}

export function errorPage(c: Context<AppEnv>, status: Status, message: string) {
  const home = c.get("agent") ? "/console" : "/console/login";
  return page(
    c,
    { title: status === 403 ? "无权访问" : status === 404 ? "未找到" : "操作未完成", error: message },
    <p>
      <a href={home}>返回工作台</a>
    </p>,
    status,
  );
}

export function field(form: Record<string, unknown>, name: string): string {
  const v = form[name];
  return typeof v === "string" ? v.trim() : "";
}

/** Only paths inside the console may be redirect targets. */
export function safeBack(v: string, fallback: string): string {
  return /^\/console(\/[\w-]*)*$/.test(v) ? v : fallback;
}
