import type { Context, Hono } from "hono";
import type { AppEnv } from "@/app-env";
import { DomainError } from "@/lib/problem";
import { cancelInvitation, resendInvitation } from "@/modules/agents/invitation-actions.service";
import { revealField, searchPersons, type RevealFieldName } from "@/modules/agents/lookup.service";
import { userContext, walletStatement } from "@/modules/agents/user-context.service";
import { beijingDate } from "@/lib/time";
import { walletById } from "@/modules/wallet/wallet.repo";
import { renderPersonPanels } from "./person-panels";
import { freezeWallet, unfreezeWallet } from "@/modules/agents/wallet-actions.service";
import { guard, STAFF, SUPERVISOR } from "./console.auth";
import { field, page, safeBack, viewer } from "./render";
import { label } from "./views/format";
import { Csrf, FieldError, Section } from "./views/layout";
import {
  BindingsPanel,
  type FormProblem,
  FreezeHistoryPanel,
  InvitationsPanel,
  StatementPanel,
  TransfersPanel,
  WalletPanel,
} from "./views/user-context";

const REASON_PROBLEM = "请填写原因（2–500 个字）";

function reasonOf(form: Record<string, unknown>): string {
  const reason = field(form, "reason");
  if (reason.length < 2 || reason.length > 500)
    throw new DomainError("VALIDATION_FAILED", 400, REASON_PROBLEM, "A reason of 2–500 characters is required");
  return reason;
}

interface PageOpts {
  revealed?: { field: RevealFieldName; value: string | null };
  problem?: FormProblem;
  status?: 200 | 400 | 409;
}

async function userPage(c: Context<AppEnv>, personId: string, opts: PageOpts = {}) {
  const { agent, csrf } = viewer(c);
  const ctx = c.get("ctx");
  const uc = await userContext(ctx, agent, personId);
  const back = `/console/users/${personId}`;
  const p = uc.person;
  const asked = c.req.query("month");
  const thisMonth = beijingDate(ctx.clock.now()).slice(0, 7);
  const monthOk = !asked || /^\d{4}-(0[1-9]|1[0-2])$/.test(asked);
  const month = asked && monthOk ? asked : thisMonth;
  const st = uc.wallet ? await walletStatement(ctx, agent, uc.wallet.id, month) : null;
  const extras = await renderPersonPanels(ctx, agent, personId);
  const revealProblem = opts.problem?.form === "reveal" ? opts.problem : undefined;
  const props = { uc, agent, csrf, actions: true, back, problem: opts.problem };
  return page(
    c,
    { title: `用户 · ${p.maskedName}`, active: "users", notice: c.req.query("done") },
    <div>
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
                {label("insurance", p.insurance)} · {p.regionName}
              </dd>
            </dl>
            {opts.revealed ? (
              <p class="revealed" role="status">
                {label("field", opts.revealed.field)}：<strong>{opts.revealed.value ?? "（无记录）"}</strong>　本次查看已记入审计日志。
              </p>
            ) : null}
            <form method="post" action={`${back}/reveal`} class="inline-form" novalidate>
              <Csrf token={csrf} />
              <label for="reveal-field">查看完整信息</label>
              <select id="reveal-field" name="field">
                <option value="name">姓名</option>
                <option value="idNumber">身份证号</option>
                <option value="phone">手机号</option>
              </select>
              <label for="reveal-reason">查看原因</label>
              <input
                id="reveal-reason"
                name="reason"
                maxlength={500}
                value={revealProblem?.reason ?? ""}
                aria-invalid={revealProblem ? "true" : undefined}
                aria-describedby={revealProblem ? "reveal-reason-error" : undefined}
              />
              <button type="submit">查看</button>
              <FieldError id="reveal-reason-error" message={revealProblem?.message} />
            </form>
          </Section>
          <WalletPanel {...props} />
          <FreezeHistoryPanel {...props} />
        </div>
        <div>
          <BindingsPanel {...props} />
          <InvitationsPanel {...props} />
          {/* Sections other modules register (family payments: quotas and care access). */}
          {extras.map((x) => (
            <Section title={x.title} id={`panel-${x.id}`}>
              {x.failed ? <p class="error">此部分暂时无法加载。</p> : x.body}
            </Section>
          ))}
        </div>
      </div>
      <TransfersPanel {...props} />
      <StatementPanel
        personId={personId}
        st={st}
        month={month}
        thisMonth={thisMonth}
        error={monthOk ? undefined : "请选择有效的月份（如 2026-11）"}
      />
    </div>,
    opts.status ?? 200,
  );
}

type SearchResult = Awaited<ReturnType<typeof searchPersons>>;

function searchPage(c: Context<AppEnv>, result: SearchResult | null, problem?: { message: string; q: string }) {
  const { csrf } = viewer(c);
  return page(
    c,
    { title: "用户查询", active: "users" },
    <div>
      <search>
        <form method="post" action="/console/users/search" class="inline-form" novalidate>
          <Csrf token={csrf} />
          <label for="q">手机号、身份证号或姓名</label>
          <input
            id="q"
            name="q"
            maxlength={64}
            autocomplete="off"
            autofocus
            value={problem?.q ?? ""}
            aria-invalid={problem ? "true" : undefined}
            aria-describedby={problem ? "q-error" : undefined}
          />
          <button type="submit">查询</button>
          <FieldError id="q-error" message={problem?.message} />
        </form>
      </search>
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
                <td>{u.regionName}</td>
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
    problem ? 400 : 200,
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
    if (q.length < 2) return searchPage(c, null, { message: "请输入至少 2 个字符（手机号、身份证号或姓名）", q });
    return searchPage(c, await searchPersons(c.get("ctx"), c.get("agent"), q));
  });

  router.get("/console/users/:personId", (c) => userPage(c, c.req.param("personId")));

  router.post("/console/users/:personId/reveal", async (c) => {
    const form = await c.req.parseBody();
    const f = field(form, "field");
    if (f !== "name" && f !== "idNumber" && f !== "phone")
      throw new DomainError("VALIDATION_FAILED", 400, "请选择要查看的信息", "Choose a field");
    const personId = c.req.param("personId");
    const reason = field(form, "reason");
    if (reason.length < 2 || reason.length > 500)
      return userPage(c, personId, { problem: { form: "reveal", message: REASON_PROBLEM, reason: reason.slice(0, 500) }, status: 400 });
    const r = await revealField(c.get("ctx"), c.get("agent"), personId, f, reason);
    return userPage(c, personId, { revealed: { field: f, value: r.value } });
  });

  const act =
    (done: string, run: (c: Context<AppEnv>, id: string, form: Record<string, unknown>) => Promise<unknown>) =>
    async (c: Context<AppEnv>) => {
      const form = await c.req.parseBody();
      await run(c, c.req.param("id")!, form);
      return c.redirect(`${safeBack(field(form, "back"), "/console/users")}?done=${done}`, 303);
    };

  /** Freeze and unfreeze: a missing or too-short reason comes back on the person's page, beside the field, with the text kept. */
  const statusChange = (kind: "freeze" | "unfreeze") => async (c: Context<AppEnv>) => {
    const form = await c.req.parseBody();
    const walletId = c.req.param("id")!;
    const reason = field(form, "reason");
    if (reason.length < 2 || reason.length > 500) {
      const w = await walletById(c.get("ctx").db, walletId);
      if (w)
        return userPage(c, w.personId, { problem: { form: kind, message: REASON_PROBLEM, reason: reason.slice(0, 500) }, status: 400 });
    }
    await (kind === "freeze" ? freezeWallet : unfreezeWallet)(c.get("ctx"), c.get("agent"), walletId, reasonOf(form));
    return c.redirect(`${safeBack(field(form, "back"), "/console/users")}?done=${kind === "freeze" ? "frozen" : "unfrozen"}`, 303);
  };

  router.post("/console/wallets/:id/freeze", statusChange("freeze"));
  router.post("/console/wallets/:id/unfreeze", statusChange("unfreeze"));
  router.post(
    "/console/invitations/:id/cancel",
    act("cancelled", (c, id, f) => cancelInvitation(c.get("ctx"), c.get("agent"), id, reasonOf(f))),
  );
  router.post(
    "/console/invitations/:id/resend",
    act("resent", (c, id) => resendInvitation(c.get("ctx"), c.get("agent"), id)),
  );
}
