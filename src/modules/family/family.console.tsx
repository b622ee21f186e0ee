import type { Context, Hono } from "hono";
import type { AppEnv } from "@/app-env";
import { guard, STAFF } from "@/modules/console/console.auth";
import { registerPersonPanel } from "@/modules/console/person-panels";
import { field, page, safeBack, viewer } from "@/modules/console/render";
import { money, when } from "@/modules/console/views/format";
import { Csrf, FieldError, Section } from "@/modules/console/views/layout";
import { careAccessOfPerson } from "./care.service";
import { quotaForAgent, quotasOfPerson, revokeQuotaByAgent } from "./quotas.service";

const QUOTA_STATUS: Record<string, string> = {
  active: "生效中",
  stopped: "已暂停（给付方钱包冻结或注销）",
  revoked: "已撤销",
  ended: "已结束（绑定解除）",
};

const REASON_PROBLEM = "请填写撤销原因（2–500 个字）";

/** The console's person page: the quotas this person granted and received, and care access (亲情账户). */
registerPersonPanel({
  id: "family",
  title: "共济额度与亲情账户",
  async render(ctx, _agent, personId) {
    const [quotas, care] = await Promise.all([quotasOfPerson(ctx, personId), careAccessOfPerson(ctx, personId)]);
    const rows = [
      ...quotas.granted.map((q) => ({ ...q, direction: "给出", other: q.relative.maskedName })),
      ...quotas.received.map((q) => ({ ...q, direction: "收到", other: q.giver.maskedName })),
    ];
    const back = `/console/users/${personId}`;
    if (rows.length === 0 && care.caringFor.length === 0 && care.carers.length === 0) return <p>暂无共济额度与亲情账户。</p>;
    return (
      <div>
        {rows.length === 0 ? (
          <p>暂无共济额度。</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">方向</th>
                <th scope="col">亲属</th>
                <th scope="col">年度额度</th>
                <th scope="col">单笔上限</th>
                <th scope="col">已用</th>
                <th scope="col">剩余</th>
                <th scope="col">状态</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((q) => (
                <tr>
                  <td class="nowrap">{q.direction}</td>
                  <td class="nowrap">{q.other}</td>
                  <td class="nowrap">{money(q.annualFen)}</td>
                  <td class="nowrap">{q.perPaymentFen == null ? "不限" : money(q.perPaymentFen)}</td>
                  <td class="nowrap">{money(q.usedFen)}</td>
                  <td class="nowrap">{money(q.remainingFen)}</td>
                  <td>{QUOTA_STATUS[q.status] ?? q.status}</td>
                  <td class="nowrap">
                    {q.status === "active" || q.status === "stopped" ? (
                      <a href={`/console/bindings/${q.bindingId}/quota/${q.giverPersonId}/revoke?back=${encodeURIComponent(back)}`}>
                        撤销额度（{q.other}）
                      </a>
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {care.caringFor.length + care.carers.length === 0 ? (
          <p>暂无亲情账户授权。</p>
        ) : (
          <ul>
            {care.caringFor.map((x) => (
              <li>
                可出示 {x.person.maskedName} 的医保码（{when(x.grantedAt)} 起）
              </li>
            ))}
            {care.carers.map((x) => (
              <li>
                {x.carer.maskedName} 可出示本人的医保码（{when(x.grantedAt)} 起）
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  },
});

/** The confirm step before an agent revokes a quota: the quota once more, a reason, one explicit button. */
async function confirmPage(c: Context<AppEnv>, problem?: { message: string; reason: string }) {
  const { csrf } = viewer(c);
  const bindingId = c.req.param("bindingId")!;
  const giverPersonId = c.req.param("giverPersonId")!;
  const q = await quotaForAgent(c.get("ctx"), bindingId, giverPersonId);
  const back = safeBack(c.req.query("back") ?? "", `/console/users/${q.giver.personId}`);
  const v = q.view;
  return page(
    c,
    { title: "确认撤销共济额度", active: "users", error: q.revocable ? null : "该共济额度已撤销或已结束，无需撤销。" },
    <Section title="共济额度" id="confirm">
      <dl class="facts">
        <dt>给付方</dt>
        <dd>
          <a href={`/console/users/${q.giver.personId}`}>{q.giver.maskedName}</a>
        </dd>
        <dt>使用方</dt>
        <dd>
          <a href={`/console/users/${q.payer.personId}`}>{q.payer.maskedName}</a>
        </dd>
        <dt>年度额度</dt>
        <dd>{v ? `${v.year} 年 ${money(v.annualFen)}` : "—"}</dd>
        <dt>单笔上限</dt>
        <dd>{v ? (v.perPaymentFen == null ? "不限" : money(v.perPaymentFen)) : "—"}</dd>
        <dt>已用 / 剩余</dt>
        <dd>{v ? `${money(v.usedFen)} / ${money(v.remainingFen)}` : "—"}</dd>
        <dt>状态</dt>
        <dd>{v ? (QUOTA_STATUS[v.status] ?? v.status) : "—"}</dd>
      </dl>
      {q.revocable ? (
        <form method="post" action={`/console/bindings/${bindingId}/quota/${giverPersonId}/revoke`} novalidate>
          <Csrf token={csrf} />
          <input type="hidden" name="back" value={back} />
          <p class="hint">撤销后立即生效，已经支付的不受影响；给付方和使用方都会收到通知（含原因）。此操作记入审计日志。</p>
          <label for="quota-reason">撤销原因</label>
          <input
            id="quota-reason"
            name="reason"
            maxlength={500}
            value={problem?.reason ?? ""}
            aria-invalid={problem ? "true" : undefined}
            aria-describedby={problem ? "quota-reason-error" : undefined}
          />
          <FieldError id="quota-reason-error" message={problem?.message} />
          <p>
            <button type="submit">确认撤销</button> <a href={back}>返回，不撤销</a>
          </p>
        </form>
      ) : (
        <p>
          <a href={back}>返回</a>
        </p>
      )}
    </Section>,
    problem ? 400 : q.revocable ? 200 : 409,
  );
}

/** The console's pages of the family module: an agent revokes a quota when a user asks. */
export function mountFamilyPages(router: Hono<AppEnv>) {
  const path = "/console/bindings/:bindingId/quota/:giverPersonId/revoke";
  router.use(path, guard(STAFF));
  router.get(path, (c) => confirmPage(c));
  router.post(path, async (c) => {
    const form = await c.req.parseBody();
    const reason = field(form, "reason");
    if (reason.length < 2 || reason.length > 500) return confirmPage(c, { message: REASON_PROBLEM, reason: reason.slice(0, 500) });
    const giverPersonId = c.req.param("giverPersonId");
    await revokeQuotaByAgent(c.get("ctx"), c.get("agent"), c.req.param("bindingId"), giverPersonId, reason);
    return c.redirect(`${safeBack(field(form, "back"), `/console/users/${giverPersonId}`)}?done=quota_revoked`, 303);
  });
}
