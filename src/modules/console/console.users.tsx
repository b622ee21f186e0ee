import type { Context, Hono } from "hono";
import type { AppEnv } from "@/app-env";
import { DomainError } from "@/lib/problem";
import { cancelInvitation, resendInvitation } from "@/modules/agents/invitation-actions.service";
import { revealField, searchPersons, type RevealFieldName } from "@/modules/agents/lookup.service";
import { userContext } from "@/modules/agents/user-context.service";
import { freezeWallet, unfreezeWallet } from "@/modules/agents/wallet-actions.service";
import { guard, STAFF, SUPERVISOR } from "./console.auth";
import { field, page, safeBack, viewer } from "./render";
import { label } from "./views/format";
import { Csrf, Section } from "./views/layout";
import { BindingsPanel, InvitationsPanel, TransfersPanel, WalletPanel } from "./views/user-context";

function reasonOf(form: Record<string, unknown>): string {
  const reason = field(form, "reason");
  if (reason.length < 2 || reason.length > 500) throw new DomainError("VALIDATION_FAILED", 400, "请填写原因（2–500 个字）", "A reason of 2–500 characters is required");
  return reason;
}

async function userPage(c: Context<AppEnv>, personId: string, revealed?: { field: RevealFieldName; value: string | null }) {
  const { agent, csrf } = viewer(c);
  const uc = await userContext(c.get("ctx"), agent, personId);
  const back = `/console/users/${personId}`;
  const p = uc.person;
  return page(
    c,
    { title: `用户 · ${p.maskedName}`, active: "users", notice: c.req.query("done") },
    <div class="two-col">
      <div>
        <Section title="基本信息" id="person">
          <dl class="facts">
            <dt>姓名</dt>
            <dd>{p.maskedName}</dd>
            <dt>身份证号</dt>
            <dd>{p.maskedIdNumber}</dd>
            <dt>手机号</dt>
            <dd>{p.maskedPhone ?? "—"}</dd>
            <dt>参保</dt>
            <dd>
              {label("insurance", p.insurance)} · {p.regionCode}
            </dd>
          </dl>
          {revealed ? (
            <p class="revealed" role="status">
              {label("field", revealed.field)}：<strong>{revealed.value ?? "（无记录）"}</strong>　本次查看已记入审计日志。
            </p>
          ) : null}
          <form method="post" action={`${back}/reveal`} class="inline-form">
            <Csrf token={csrf} />
            <label for="reveal-field">查看完整信息</label>
            <select id="reveal-field" name="field">
              <option value="name">姓名</option>
              <option value="idNumber">身份证号</option>
              <option value="phone">手机号</option>
            </select>
            <label for="reveal-reason">查看原因</label>
            <input id="reveal-reason" name="reason" required minlength={2} maxlength={500} />
            <button type="submit">查看</button>
          </form>
        </Section>
        <WalletPanel uc={uc} agent={agent} csrf={csrf} actions back={back} />
      </div>
      <div>
        <BindingsPanel uc={uc} agent={agent} csrf={csrf} actions back={back} />
        <InvitationsPanel uc={uc} agent={agent} csrf={csrf} actions back={back} />
        <TransfersPanel uc={uc} agent={agent} csrf={csrf} actions back={back} />
      </div>
    </div>,
  );
}

type SearchResult = Awaited<ReturnType<typeof searchPersons>>;

function searchPage(c: Context<AppEnv>, result: SearchResult | null) {
  const { csrf } = viewer(c);
  return page(
    c,
    { title: "用户查询", active: "users" },
    <div>
      <form method="post" action="/console/users/search" class="inline-form" role="search">
        <Csrf token={csrf} />
        <label for="q">手机号、身份证号或姓名</label>
        <input id="q" name="q" required minlength={2} maxlength={64} autocomplete="off" autofocus />
        <button type="submit">查询</button>
      </form>
      <p class="hint">须与登记信息完全一致；结果已脱敏。</p>
      {result && result.items.length === 0 ? <p class="empty">没有找到匹配的用户。</p> : null}
      {result && result.items.length > 0 ? (
        <table>
          <caption>查询结果（{result.items.length} 人）</caption>
          <thead>
            <tr>
              <th scope="col">姓名</th>
              <th scope="col">身份证号</th>
              <th scope="col">手机号</th>
              <th scope="col">统筹区</th>
              <th scope="col">钱包</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {result.items.map((u) => (
              <tr>
                <td>{u.maskedName}</td>
                <td>{u.maskedIdNumber}</td>
                <td>{u.maskedPhone ?? "—"}</td>
                <td>{u.regionCode}</td>
                <td>{u.walletStatus ? label("wallet", u.walletStatus) : "未开通"}</td>
                <td>
                  <a href={`/console/users/${u.personId}`}>查看 {u.maskedName}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>,
  );
}

export function mountUserPages(router: Hono<AppEnv>) {
  router.use("/console/users", guard(STAFF));
  router.use("/console/users/*", guard(STAFF));
  router.use("/console/wallets/:id/freeze", guard(STAFF));
  router.use("/console/wallets/:id/unfreeze", guard(SUPERVISOR));
  router.use("/console/invitations/*", guard(STAFF));

  router.get("/console/users", (c) => searchPage(c, null));

  // A POST, so ID numbers and phones never sit in URLs, browser history or proxy logs.
  router.post("/console/users/search", async (c) => {
    const q = field(await c.req.parseBody(), "q").slice(0, 64);
    if (q.length < 2) throw new DomainError("VALIDATION_FAILED", 400, "请输入至少 2 个字符", "Enter at least 2 characters");
    return searchPage(c, await searchPersons(c.get("ctx"), c.get("agent"), q));
  });

  router.get("/console/users/:personId", (c) => userPage(c, c.req.param("personId")));

  router.post("/console/users/:personId/reveal", async (c) => {
    const form = await c.req.parseBody();
    const f = field(form, "field");
    if (f !== "name" && f !== "idNumber" && f !== "phone") throw new DomainError("VALIDATION_FAILED", 400, "请选择要查看的信息", "Choose a field");
    const personId = c.req.param("personId");
    const r = await revealField(c.get("ctx"), c.get("agent"), personId, f, reasonOf(form));
    return userPage(c, personId, { field: f, value: r.value });
  });

  const act = (done: string, run: (c: Context<AppEnv>, id: string, form: Record<string, unknown>) => Promise<unknown>) => async (c: Context<AppEnv>) => {
    const form = await c.req.parseBody();
    await run(c, c.req.param("id")!, form);
    return c.redirect(`${safeBack(field(form, "back"), "/console/users")}?done=${done}`, 303);
  };

  router.post("/console/wallets/:id/freeze", act("frozen", (c, id, f) => freezeWallet(c.get("ctx"), c.get("agent"), id, reasonOf(f))));
  router.post("/console/wallets/:id/unfreeze", act("unfrozen", (c, id, f) => unfreezeWallet(c.get("ctx"), c.get("agent"), id, reasonOf(f))));
  router.post("/console/invitations/:id/cancel", act("cancelled", (c, id, f) => cancelInvitation(c.get("ctx"), c.get("agent"), id, reasonOf(f))));
  router.post("/console/invitations/:id/resend", act("resent", (c, id) => resendInvitation(c.get("ctx"), c.get("agent"), id)));
}
