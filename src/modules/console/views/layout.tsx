import type { Child } from "hono/jsx";
import type { AuthAgent } from "@/app-env";
import { label, NOTICES } from "./format";

export interface PageMeta {
  title: string;
  agent?: AuthAgent;
  csrf?: string;
  /** Key into NOTICES, from `?done=` after a redirect. */
  notice?: string | null;
  error?: string | null;
  refreshSeconds?: number;
  active?: "queue" | "users" | "reversals" | "audit";
}

const NAV: { key: NonNullable<PageMeta["active"]>; href: string; text: string; roles: AuthAgent["role"][] }[] = [
  { key: "queue", href: "/console/queue", text: "待接入会话", roles: ["agent", "supervisor"] },
  { key: "users", href: "/console/users", text: "用户查询", roles: ["agent", "supervisor"] },
  { key: "reversals", href: "/console/reversals", text: "冲正", roles: ["agent", "supervisor"] },
  { key: "audit", href: "/console/audit", text: "审计日志", roles: ["auditor"] },
];

/** A hidden CSRF field for every form that changes something. */
export const Csrf = (p: { token?: string }) => <input type="hidden" name="_csrf" value={p.token ?? ""} />;

export function Layout(p: PageMeta & { children?: Child }) {
  const notice = p.notice ? NOTICES[p.notice] : undefined;
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        {p.refreshSeconds ? <meta http-equiv="refresh" content={String(p.refreshSeconds)} /> : null}
        <title>{`${p.title} · 医保钱包客服工作台`}</title>
        <link rel="icon" href="/console/assets/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/console/assets/console.css" />
        <script src="/console/assets/console.js" defer></script>
      </head>
      <body>
        <a class="skip" href="#main">
          跳到主要内容
        </a>
        <header class="top">
          <span class="brand">医保钱包 · 客服工作台</span>
          {p.agent ? (
            <nav aria-label="主导航">
              <ul>
                {NAV.filter((n) => n.roles.includes(p.agent!.role)).map((n) => (
                  <li>
                    <a href={n.href} aria-current={p.active === n.key ? "page" : undefined}>
                      {n.text}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
          {p.agent ? (
            <form method="post" action="/console/logout" class="who">
              <span>
                {p.agent.username}（{label("role", p.agent.role)}）
              </span>
              <Csrf token={p.csrf} />
              <button type="submit">退出</button>
            </form>
          ) : null}
        </header>
        <main id="main" tabindex={-1}>
          <h1>{p.title}</h1>
          {notice ? (
            <p class="notice" role="status">
              {notice}
            </p>
          ) : null}
          {p.error ? (
            <p class="error" role="alert">
              {p.error}
            </p>
          ) : null}
          {p.children}
        </main>
      </body>
    </html>
  );
}

/** A field's error in Chinese, beside the field (forms are `novalidate`: no native browser bubble). */
export function FieldError(p: { id: string; message?: string | null }) {
  return p.message ? (
    <span class="field-error" id={p.id} role="alert">
      {p.message}
    </span>
  ) : null;
}

export function Section(p: { title: string; id?: string; children?: Child }) {
  const id = p.id ?? `s-${p.title}`;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{p.title}</h2>
      {p.children}
    </section>
  );
}
