import type { Context, Hono } from "hono";
import type { AppEnv } from "@/app-env";
import { guard, STAFF } from "./console.auth";
import * as handoffs from "./handoff.service";
import { field, page, viewer } from "./render";
import { label, when, waitedMinutes } from "./views/format";
import { Csrf, FieldError, Section } from "./views/layout";
import { BindingsPanel, InvitationsPanel, TransfersPanel, WalletPanel } from "./views/user-context";

export function mountHandoffPages(router: Hono<AppEnv>) {
  router.use("/console/queue", guard(STAFF));
  router.use("/console/conversations/*", guard(STAFF));

  router.get("/console/queue", async (c) => {
    const ctx = c.get("ctx");
    const items = await handoffs.queue(ctx);
    // Hand-off times are business time, as is the sandbox clock.
    const now = ctx.clock.now();
    const { agent, csrf } = viewer(c);
    const waiting = items.filter((h) => h.status === "waiting_agent");
    // A chat an agent has taken leaves the waiting list: it is listed apart, with who serves it.
    const serving = items.filter((h) => h.status === "with_agent");
    const Topic = (p: { h: (typeof items)[number] }) => (
      <td>{p.h.topic ? label("topic", p.h.topic) : p.h.said ? <span class="hint">“{p.h.said}”</span> : "未说明"}</td>
    );
    return page(
      c,
      { title: "待接入会话", active: "queue", refreshSeconds: 20, notice: c.req.query("done") },
      <div>
        <Section title={`等待接入（${waiting.length}）`} id="waiting">
          {waiting.length === 0 ? (
            <p class="empty">目前没有等待人工服务的会话。本页每 20 秒自动刷新。</p>
          ) : (
            <table>
              <caption>用户选择“转人工客服”后进入此队列，按等待时间排序。</caption>
              <thead>
                <tr>
                  <th scope="col">用户</th>
                  <th scope="col">事项</th>
                  <th scope="col">已等待</th>
                  <th scope="col">操作</th>
                </tr>
              </thead>
              <tbody>
                {waiting.map((h) => (
                  <tr>
                    <td class="nowrap">{h.maskedName ?? "未实名用户"}</td>
                    <Topic h={h} />
                    <td class="nowrap">{waitedMinutes(h.since, now)}</td>
                    <td class="actions">
                      <form method="post" action={`/console/conversations/${h.id}/take`}>
                        <Csrf token={csrf} />
                        <button type="submit" aria-label={`接入 ${h.maskedName ?? "未实名用户"}`}>
                          接入
                        </button>
                      </form>
                      <a href={`/console/conversations/${h.id}`}>查看</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Section>
        <Section title={`服务中（${serving.length}）`} id="serving">
          {serving.length === 0 ? (
            <p class="empty">目前没有正在服务的会话。</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">用户</th>
                  <th scope="col">事项</th>
                  <th scope="col">接待客服</th>
                  <th scope="col">请求时间</th>
                  <th scope="col">操作</th>
                </tr>
              </thead>
              <tbody>
                {serving.map((h) => (
                  <tr>
                    <td class="nowrap">{h.maskedName ?? "未实名用户"}</td>
                    <Topic h={h} />
                    <td class="nowrap">{h.agentId === agent.agentId ? "我" : (h.agentUsername ?? "—")}</td>
                    <td class="nowrap">{when(h.since)}</td>
                    <td class="actions">
                      <a href={`/console/conversations/${h.id}`}>{h.agentId === agent.agentId ? "继续服务" : "查看"}</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Section>
      </div>,
    );
  });

  router.get("/console/conversations/:id/messages", async (c) => {
    c.header("cache-control", "no-store");
    return c.json(await handoffs.transcript(c.get("ctx"), c.req.param("id")));
  });

  const conversationPage = async (c: Context<AppEnv>, id: string, problem?: { message: string; text: string }) => {
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
            <form method="post" action={`${back}/reply`} class="reply" novalidate>
              <Csrf token={csrf} />
              <label for="reply-text">回复用户</label>
              <textarea
                id="reply-text"
                name="text"
                rows={3}
                maxlength={1000}
                aria-invalid={problem ? "true" : undefined}
                aria-describedby={problem ? "reply-text-error" : undefined}
              >
                {problem?.text ?? ""}
              </textarea>
              <FieldError id="reply-text-error" message={problem?.message} />
              <button type="submit">发送</button>
            </form>
          ) : (
            <p class="hint">{conv.status === "closed" ? "会话已结束。" : "该会话正由其他客服服务。"}</p>
          )}
          {mine ? (
            <p class="end-chat">
              <a class="button danger" href={`${back}/close`}>
                结束会话…
              </a>
              <span class="hint">结束前会请您确认。</span>
            </p>
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
      problem ? 400 : 200,
    );
  };

  router.get("/console/conversations/:id", (c) => conversationPage(c, c.req.param("id")));

  router.post("/console/conversations/:id/take", async (c) => {
    const id = c.req.param("id");
    await handoffs.take(c.get("ctx"), c.get("agent"), id);
    return c.redirect(`/console/conversations/${id}?done=taken`, 303);
  });

  router.post("/console/conversations/:id/reply", async (c) => {
    const id = c.req.param("id");
    const text = field(await c.req.parseBody(), "text");
    if (text.length === 0 || text.length > 1000) {
      return conversationPage(c, id, {
        message: text.length === 0 ? "请输入回复内容" : "回复内容不能超过 1000 个字",
        text: text.slice(0, 1000),
      });
    }
    await handoffs.reply(c.get("ctx"), c.get("agent"), id, text);
    return c.redirect(`/console/conversations/${id}?done=sent`, 303);
  });

  // Ending a chat hands the user back to the assistant: asked once more, on its own page.
  router.get("/console/conversations/:id/close", async (c) => {
    const id = c.req.param("id");
    const { agent, csrf } = viewer(c);
    const { conv, context } = await handoffs.conversationView(c.get("ctx"), agent, id);
    const mine = conv.status === "with_agent" && conv.agentId === agent.agentId;
    return page(
      c,
      { title: "确认结束会话", active: "queue", error: mine ? null : "只有正在接待该会话的客服可以结束它。" },
      <Section title={`与 ${context?.person.maskedName ?? "未实名用户"} 的会话`} id="confirm-close">
        <p>结束后，用户将收到“客服已结束本次服务”的消息，会话交还智能助手，您不能再回复。</p>
        {mine ? (
          <form method="post" action={`/console/conversations/${id}/close`} class="inline-form">
            <Csrf token={csrf} />
            <button type="submit" class="danger">
              确认结束会话
            </button>
            <a href={`/console/conversations/${id}`}>返回会话，不结束</a>
          </form>
        ) : (
          <p>
            <a href={`/console/conversations/${id}`}>返回会话</a>
          </p>
        )}
      </Section>,
      mine ? 200 : 409,
    );
  });

  router.post("/console/conversations/:id/close", async (c) => {
    await handoffs.close(c.get("ctx"), c.get("agent"), c.req.param("id"));
    return c.redirect("/console/queue?done=closed", 303);
  });
}
