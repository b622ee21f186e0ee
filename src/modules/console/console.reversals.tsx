import type { Context, Hono } from "hono";
import type { AppEnv } from "@/app-env";
import { DomainError } from "@/lib/problem";
import { decideReversal, listReversals, proposeReversal, transferSummary } from "@/modules/agents/reversals.service";
import { guard, STAFF, SUPERVISOR } from "./console.auth";
import { field, page, viewer } from "./render";
import { label, money, when } from "./views/format";
import { Csrf, Section } from "./views/layout";

type Summary = Awaited<ReturnType<typeof transferSummary>>;

function ProposeForm(p: { csrf: string; transfer?: Summary }) {
  return (
    <form method="post" action="/console/reversals" class="stack">
      <Csrf token={p.csrf} />
      {p.transfer ? (
        <p>
          转账 {p.transfer.receiptNo}：{p.transfer.from} → {p.transfer.to}，{money(p.transfer.amountFen)}，{label("transfer", p.transfer.status)}，
          {when(p.transfer.createdAt)}
        </p>
      ) : null}
      <p>
        <label for="transferId">转账编号</label>
        <input id="transferId" name="transferId" required maxlength={64} value={p.transfer?.id ?? ""} />
      </p>
      <p>
        <label for="reversal-reason">冲正原因</label>
        <textarea id="reversal-reason" name="reason" rows={2} required minlength={2} maxlength={500}></textarea>
      </p>
      <p>
        <button type="submit">提交冲正申请</button>
      </p>
      <p class="hint">只有已到账的转账可以冲正；须由提出人以外的主管批准后才会入账。</p>
    </form>
  );
}

async function listPage(c: Context<AppEnv>, transfer?: Summary) {
  const { agent, csrf } = viewer(c);
  const { items } = await listReversals(c.get("ctx"));
  return page(
    c,
    { title: transfer ? "申请冲正" : "冲正", active: "reversals", notice: c.req.query("done") },
    <div>
      <Section title="新的冲正申请" id="propose">
        <ProposeForm csrf={csrf} transfer={transfer} />
      </Section>
      <Section title="冲正申请" id="list">
        {items.length === 0 ? (
          <p class="empty">暂无冲正申请。</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">申请时间</th>
                <th scope="col">转账编号</th>
                <th scope="col" class="num">金额</th>
                <th scope="col">原因</th>
                <th scope="col">提出人</th>
                <th scope="col">状态</th>
                <th scope="col">审批</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr>
                  <td>{when(r.proposedAt)}</td>
                  <td>{r.transferId}</td>
                  <td class="num">{r.amountFen === null ? "—" : money(r.amountFen)}</td>
                  <td>{r.reason}</td>
                  <td>{r.proposerUsername ?? r.proposedBy}</td>
                  <td>{label("reversal", r.status)}</td>
                  <td class="actions">
                    {r.status !== "pending" ? (
                      <span>
                        {r.deciderUsername ?? "—"} · {r.decidedAt ? when(r.decidedAt) : ""}
                      </span>
                    ) : agent.role !== "supervisor" ? (
                      <span class="hint">待主管审批</span>
                    ) : r.proposedBy === agent.agentId ? (
                      <span class="hint">本人提出，须由其他主管审批</span>
                    ) : (
                      <div>
                        <form method="post" action={`/console/reversals/${r.id}/approve`}>
                          <Csrf token={csrf} />
                          <button type="submit" aria-label={`批准冲正 ${r.transferId}`}>批准</button>
                        </form>
                        <form method="post" action={`/console/reversals/${r.id}/reject`}>
                          <Csrf token={csrf} />
                          <button type="submit" class="danger" aria-label={`驳回冲正 ${r.transferId}`}>驳回</button>
                        </form>
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </div>,
  );
}

export function mountReversalPages(router: Hono<AppEnv>) {
  router.use("/console/reversals", guard(STAFF));
  router.use("/console/reversals/new", guard(STAFF));
  router.use("/console/reversals/:id/approve", guard(SUPERVISOR));
  router.use("/console/reversals/:id/reject", guard(SUPERVISOR));

  router.get("/console/reversals", (c) => listPage(c));

  router.get("/console/reversals/new", async (c) => {
    const id = (c.req.query("transferId") ?? "").slice(0, 64);
    return listPage(c, id ? await transferSummary(c.get("ctx"), id) : undefined);
  });

  router.post("/console/reversals", async (c) => {
    const form = await c.req.parseBody();
    const transferId = field(form, "transferId");
    const reason = field(form, "reason");
    if (!transferId || reason.length < 2 || reason.length > 500) {
      throw new DomainError("VALIDATION_FAILED", 400, "请填写转账编号和原因（2–500 个字）", "A transfer id and a reason of 2–500 characters are required");
    }
    await proposeReversal(c.get("ctx"), c.get("agent"), transferId, reason);
    return c.redirect("/console/reversals?done=proposed", 303);
  });

  for (const decision of ["approve", "reject"] as const) {
    router.post(`/console/reversals/:id/${decision}`, async (c) => {
      await decideReversal(c.get("ctx"), c.get("agent"), c.req.param("id"), decision);
      return c.redirect(`/console/reversals?done=${decision === "approve" ? "approved" : "rejected"}`, 303);
    });
  }
}
