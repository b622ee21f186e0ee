import type { Context, Hono } from "hono";
import type { AppEnv } from "@/app-env";
import { listAudit, recordAudit, verifyChainAs, type ChainVerdict } from "@/modules/audit/audit.service";
import { AUDITOR, guard } from "./console.auth";
import { page, viewer } from "./render";
import { when } from "./views/format";
import { Csrf, Section } from "./views/layout";

const ACTOR: Record<string, string> = { user: "用户", agent: "客服", merchant: "医药机构", region: "统筹区", system: "系统" };

function Verdict(p: { v: ChainVerdict }) {
  return p.v.ok ? (
    <p class="notice" role="status">
      哈希链完整：已校验 {p.v.checked} 条记录，未发现篡改。
    </p>
  ) : (
    <p class="error" role="alert">
      哈希链断裂：第 {p.v.firstBroken!.chainPos} 条记录（编号 {p.v.firstBroken!.id}）与其哈希不符（{p.v.firstBroken!.reason}）。此前 {p.v.checked}{" "}
      条记录完好。
    </p>
  );
}

async function auditPage(c: Context<AppEnv>, verdict?: ChainVerdict) {
  const ctx = c.get("ctx");
  const { agent, csrf } = viewer(c);
  const cursor = Number(c.req.query("cursor") ?? "") || undefined;
  const { items, nextCursor } = await listAudit(ctx.db, { cursor, limit: 50 });
  await recordAudit(ctx.db, ctx.clock.now(), { actorType: "agent", actorId: agent.agentId, action: "audit.read", subjectType: "audit_log", subjectId: "-" });
  return page(
    c,
    { title: "审计日志", active: "audit" },
    <div>
      <form method="post" action="/console/audit/verify" class="inline-form">
        <Csrf token={csrf} />
        <button type="submit">验证哈希链</button>
        <span class="hint">重新计算每条记录的哈希，找出第一处被改动的记录。</span>
      </form>
      {verdict ? <Verdict v={verdict} /> : null}
      <Section title="记录（最新在前）" id="rows">
        <table class="audit">
          <thead>
            <tr>
              <th scope="col">序号</th>
              <th scope="col">时间</th>
              <th scope="col">操作者</th>
              <th scope="col">动作</th>
              <th scope="col">对象</th>
              <th scope="col">详情</th>
              <th scope="col">哈希</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr>
                <td>{r.chainPos}</td>
                <td>{when(r.at)}</td>
                <td>
                  {ACTOR[r.actorType] ?? r.actorType} <code>{r.actorId.slice(-8)}</code>
                </td>
                <td>
                  <code>{r.action}</code>
                </td>
                <td>
                  {r.subjectType} <code>{r.subjectId.slice(-8)}</code>
                </td>
                <td class="details">
                  <code>{JSON.stringify(r.details)}</code>
                </td>
                <td>
                  <code title={`prev ${r.prevHash}`}>{r.hash.slice(0, 12)}…</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {nextCursor ? (
          <p>
            <a href={`/console/audit?cursor=${nextCursor}`}>更早的记录</a>
          </p>
        ) : null}
      </Section>
    </div>,
  );
}

export function mountAuditPages(router: Hono<AppEnv>) {
  router.use("/console/audit", guard(AUDITOR));
  router.use("/console/audit/*", guard(AUDITOR));

  router.get("/console/audit", (c) => auditPage(c));

  router.post("/console/audit/verify", async (c) => {
    const ctx = c.get("ctx");
    const verdict = await verifyChainAs(ctx, c.get("agent").agentId);
    return auditPage(c, verdict);
  });
}
