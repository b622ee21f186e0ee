import type { Hono } from "hono";
import type { AppEnv } from "@/app-env";
import { DomainError } from "@/lib/problem";
import { guard, STAFF } from "./console.auth";
import * as handoffs from "./handoff.service";
import { field, page, viewer } from "./render";
import { label, when, waitedMinutes } from "./views/format";
import { Csrf, Section } from "./views/layout";
import { BindingsPanel, InvitationsPanel, TransfersPanel, WalletPanel } from "./views/user-context";

export function mountHandoffPages(router: Hono<AppEnv>) {
  router.use("/console/queue", guard(STAFF));
  router.use("/console/conversations/*", guard(STAFF));

  router.get("/console/queue", async (c) => {
    const ctx = c.get("ctx");
    const items = await handoffs.queue(ctx);
    // Hand-off times are business time, as is the sandbox clock.
    const now = ctx.clock.now();
    const { csrf } = viewer(c);
    return page(
      c,
      { title: "待接入会话", active: "queue", refreshSeconds: 20, notice: c.req.query("done") },
      items.length === 0 ? (
        <p class="empty">目前没有等待人工服务的会话。本页每 20 秒自动刷新。</p>
      ) : (
        <table>
          <caption>用户选择“转人工客服”后进入此队列，按等待时间排序。</caption>
          <thead>
            <tr>
              <th scope="col">用户</th>
              <th scope="col">事项</th>
              <th scope="col">已等待</th>
              <th scope="col">状态</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {items.map((h) => (
              <tr>
                <td>{h.maskedName ?? "未实名用户"}</td>
                <td>{label("topic", h.topic)}</td>
                <td>{waitedMinutes(h.since, now)}</td>
                <td>{label("handoff", h.status)}</td>
                <td class="actions">
                  {h.status === "waiting_agent" ? (
                    <form method="post" action={`/console/conversations/${h.id}/take`}>
                      <Csrf token={csrf} />
                      <button type="submit">接入</button>
                    </form>
                  ) : null}
                  <a href={`/console/conversations/${h.id}`}>查看</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ),
    );
  });

  router.get("/console/conversations/:id/messages", async (c) => {
    c.header("cache-control", "no-store");
    return c.json(await handoffs.transcript(c.get("ctx"), c.req.param("id")));
  });

  router.get("/console/conversations/:id", async (c) => {
    const id = c.req.param("id");
    const { agent, csrf } = viewer(c);
    const { conv, context } = await handoffs.conversationView(c.get("ctx"), agent, id);
    const mine = conv.status === "with_agent" && conv.agentId === agent.agentId;
    const canReply = conv.status === "waiting_agent" || mine;
    const back = `/console/conversations/${id}`;
    return page(
      c,
      { title: `会话 · ${context?.person.maskedName ?? "未实名用户"}`, active: "queue", notice: c.req.query("done") },
      <div class="two-col">
        <div>
          <Section title="聊天记录" id="transcript-h">
            <ol class="transcript" id="transcript" aria-live="polite" data-poll={`${back}/messages`}>
              {conv.messages.map((m) => (
                <li class={`msg ${m.role}`} data-id={m.id}>
                  <span class="speaker">{label("speaker", m.role)}</span>
                  <time datetime={m.at.toISOString()}>{when(m.at)}</time>
                  <p>{m.text}</p>
                </li>
              ))}
            </ol>
          </Section>
          {canReply ? (
            <form method="post" action={`${back}/reply`} class="reply">
              <Csrf token={csrf} />
              <label for="reply-text">回复用户</label>
              <textarea id="reply-text" name="text" rows={3} required maxlength={1000}></textarea>
              <button type="submit">发送</button>
            </form>
          ) : (
            <p class="hint">{conv.status === "closed" ? "会话已结束。" : "该会话正由其他客服服务。"}</p>
          )}
          {mine ? (
            <form method="post" action={`${back}/close`}>
              <Csrf token={csrf} />
              <button type="submit">结束会话</button>
            </form>
          ) : null}
        </div>
        <aside aria-label="用户信息">
          {context ? (
            <div>
              <p>
                {context.person.maskedName} · {context.person.maskedIdNumber} · {label("insurance", context.person.insurance)} ·{" "}
                <a href={`/console/users/${context.person.personId}`}>用户详情与操作</a>
              </p>
              <WalletPanel uc={context} agent={agent} csrf={csrf} actions={false} back={back} />
              <BindingsPanel uc={context} agent={agent} csrf={csrf} actions={false} back={back} />
              <InvitationsPanel uc={context} agent={agent} csrf={csrf} actions={false} back={back} />
              <TransfersPanel uc={context} agent={agent} csrf={csrf} actions={false} back={back} />
            </div>
          ) : (
            <p>该用户尚未实名认证。</p>
          )}
        </aside>
      </div>,
    );
  });

  router.post("/console/conversations/:id/take", async (c) => {
    const id = c.req.param("id");
    await handoffs.take(c.get("ctx"), c.get("agent"), id);
    return c.redirect(`/console/conversations/${id}?done=taken`, 303);
  });

  router.post("/console/conversations/:id/reply", async (c) => {
    const id = c.req.param("id");
    const text = field(await c.req.parseBody(), "text");
    if (text.length === 0 || text.length > 1000) throw new DomainError("VALIDATION_FAILED", 400, "回复内容须为 1–1000 个字", "A reply is 1–1000 characters");
    await handoffs.reply(c.get("ctx"), c.get("agent"), id, text);
    return c.redirect(`/console/conversations/${id}?done=sent`, 303);
  });

  router.post("/console/conversations/:id/close", async (c) => {
    await handoffs.close(c.get("ctx"), c.get("agent"), c.req.param("id"));
    return c.redirect("/console/queue?done=closed", 303);
  });
}
