import type { Context, Hono } from "hono";
import { asc } from "drizzle-orm";
import type { AppEnv } from "@/app-env";
import { beijingDate, beijingDayStart } from "@/lib/time";
import { agentAccounts } from "@/modules/agents/agents.schema";
import { type AuditFilter, type ChainVerdict, exportAudit, listAudit, recordAudit, verifyChainAs } from "@/modules/audit/audit.service";
import {
  ACTION_GROUPS,
  ACTION_ZH,
  actionZh,
  actorText,
  csvRaw,
  csvText,
  describeDetails,
  namesFor,
  subjectZh,
} from "@/modules/audit/audit.views";
import { AUDITOR, guard } from "./console.auth";
import { page, viewer } from "./render";
import { when } from "./views/format";
import { Csrf, FieldError, Section } from "./views/layout";

function Verdict(p: { v: ChainVerdict }) {
  return p.v.ok ? (
    <p class="notice" role="status">
      哈希链完整：已校验 {p.v.checked} 条记录，未发现篡改。
    </p>
  ) : (
    <p class="error" role="alert">
      哈希链断裂：第 {p.v.firstBroken!.chainPos} 条记录（编号 {p.v.firstBroken!.id}）与其哈希不符（{p.v.firstBroken!.reason}）。此前{" "}
      {p.v.checked} 条记录完好。
    </p>
  );
}

const ACTOR_TYPES: Record<string, string> = { user: "全部用户", merchant: "医药机构", region: "统筹区", system: "系统" };
const DAY = /^\d{4}-\d{2}-\d{2}$/;

interface Parsed {
  /** The query as typed, to refill the form and build links. */
  raw: { actor: string; action: string; from: string; to: string };
  filter: AuditFilter;
  errors: { from?: string; to?: string };
}

function day(v: string): Date | null {
  if (!DAY.test(v)) return null;
  try {
    return beijingDayStart(v);
  } catch {
    return null;
  }
}

/** The filter from the query string; a bad date is reported beside its field and ignored. */
function parseFilter(c: Context<AppEnv>): Parsed {
  const q = (k: string) => (c.req.query(k) ?? "").trim().slice(0, 64);
  const raw = { actor: q("actor"), action: q("action"), from: q("from"), to: q("to") };
  const filter: AuditFilter = {};
  const errors: Parsed["errors"] = {};
  if (raw.actor.startsWith("agent:")) {
    filter.actorType = "agent";
    filter.actorId = raw.actor.slice(6);
  } else if (raw.actor.startsWith("type:") && raw.actor.slice(5) in ACTOR_TYPES) {
    filter.actorType = raw.actor.slice(5) as AuditFilter["actorType"];
  }
  if (raw.action) filter.actions = [raw.action];
  if (raw.from) {
    const d = day(raw.from);
    if (d) filter.from = d;
    else errors.from = "请按“2026-11-24”的格式填写开始日期";
  }
  if (raw.to) {
    const d = day(raw.to);
    if (d) filter.to = new Date(d.getTime() + 86_400_000);
    else errors.to = "请按“2026-11-24”的格式填写结束日期";
  }
  if (filter.from && filter.to && filter.from >= filter.to) errors.to = "结束日期不能早于开始日期";
  return { raw, filter, errors };
}

function queryOf(raw: Parsed["raw"], extra: Record<string, string> = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...raw, ...extra })) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : "";
}

/** Action choices: whole groups ("wallet." = every wallet action) and each action, in Chinese. */
function actionOptions() {
  const groups = new Map<string, string[]>();
  for (const g of ACTION_GROUPS) groups.set(g.title, [...(groups.get(g.title) ?? []), g.prefix]);
  return [...groups].map(([title, prefixes]) => ({
    title,
    prefixes,
    actions: Object.keys(ACTION_ZH).filter((a) => prefixes.some((p) => a.startsWith(p))),
  }));
}

async function auditPage(c: Context<AppEnv>, verdict?: ChainVerdict) {
  const ctx = c.get("ctx");
  const { agent, csrf } = viewer(c);
  const parsed = parseFilter(c);
  const { raw, errors } = parsed;
  const filter = errors.from || errors.to ? {} : parsed.filter;
  const cursor = Number(c.req.query("cursor") ?? "") || undefined;
  const { items, nextCursor } = await listAudit(ctx.db, { cursor, limit: 50, ...filter });
  const names = await namesFor(ctx.db, items);
  const agents = await ctx.db
    .select({ id: agentAccounts.id, username: agentAccounts.username, role: agentAccounts.role })
    .from(agentAccounts)
    .orderBy(asc(agentAccounts.username));
  await recordAudit(ctx.db, ctx.clock.now(), {
    actorType: "agent",
    actorId: agent.agentId,
    action: "audit.read",
    subjectType: "audit_log",
    subjectId: "-",
    details: { filter: raw },
  });
  const roleZh: Record<string, string> = { agent: "客服", supervisor: "主管", auditor: "审计员" };
  const hasErrors = !!(errors.from || errors.to);
  return page(
    c,
    { title: "审计日志", active: "audit" },
    <div>
      <form method="post" action={`/console/audit/verify${queryOf(raw)}`} class="inline-form">
        <Csrf token={csrf} />
        <button type="submit">验证哈希链</button>
        <span class="hint">重新计算每条记录的哈希，找出第一处被改动的记录。</span>
      </form>
      {verdict ? <Verdict v={verdict} /> : null}
      <Section title="筛选" id="filters">
        <form method="get" action="/console/audit" class="inline-form filters-form" novalidate>
          <label for="f-actor">操作者</label>
          <select id="f-actor" name="actor">
            <option value="">全部</option>
            {agents.map((a) => (
              <option value={`agent:${a.id}`} selected={raw.actor === `agent:${a.id}`}>
                {a.username}（{roleZh[a.role] ?? a.role}）
              </option>
            ))}
            {Object.entries(ACTOR_TYPES).map(([k, v]) => (
              <option value={`type:${k}`} selected={raw.actor === `type:${k}`}>
                {v}
              </option>
            ))}
          </select>
          <label for="f-action">动作</label>
          <select id="f-action" name="action">
            <option value="">全部</option>
            {actionOptions().map((g) => (
              <optgroup label={g.title}>
                {g.prefixes.length === 1 ? (
                  <option value={g.prefixes[0]} selected={raw.action === g.prefixes[0]}>
                    {g.title}（全部）
                  </option>
                ) : null}
                {g.actions.map((a) => (
                  <option value={a} selected={raw.action === a}>
                    {ACTION_ZH[a]}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          <label for="f-from">从</label>
          <input
            id="f-from"
            name="from"
            value={raw.from}
            placeholder="2026-11-01"
            size={11}
            aria-invalid={errors.from ? "true" : undefined}
            aria-describedby={errors.from ? "f-from-error" : undefined}
          />
          <label for="f-to">到</label>
          <input
            id="f-to"
            name="to"
            value={raw.to}
            placeholder={beijingDate(ctx.clock.now())}
            size={11}
            aria-invalid={errors.to ? "true" : undefined}
            aria-describedby={errors.to ? "f-to-error" : undefined}
          />
          <button type="submit">筛选</button>
          <a href="/console/audit">清除</a>
          {hasErrors ? null : (
            <a class="button" href={`/console/audit/export.csv${queryOf(raw)}`} download>
              导出 CSV（含哈希链校验）
            </a>
          )}
          <FieldError id="f-from-error" message={errors.from} />
          <FieldError id="f-to-error" message={errors.to} />
        </form>
      </Section>
      <Section title="记录（最新在前）" id="rows">
        {items.length === 0 ? (
          <p class="empty">没有符合条件的记录。</p>
        ) : (
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
              {items.map((r) => {
                const who = actorText(r, names);
                return (
                  <tr>
                    <td class="num">{r.chainPos}</td>
                    <td class="nowrap">{when(r.at)}</td>
                    <td class="nowrap">
                      {who.name}
                      <br />
                      <span class="hint">{who.role}</span>
                    </td>
                    <td class="nowrap" title={r.action}>
                      {actionZh(r.action)}
                    </td>
                    <td class="nowrap">
                      {subjectZh(r.subjectType)} {r.subjectId === "-" ? null : <code>{r.subjectId.slice(-8)}</code>}
                    </td>
                    <td class="details">{describeDetails(r.details, names) || "—"}</td>
                    <td>
                      <code title={`prev ${r.prevHash}`}>{r.hash.slice(0, 12)}…</code>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {nextCursor ? (
          <p>
            <a href={`/console/audit${queryOf(raw, { cursor: nextCursor })}`}>更早的记录</a>
          </p>
        ) : null}
      </Section>
    </div>,
    hasErrors ? 400 : 200,
  );
}

const CSV_HEAD = [
  "序号",
  "时间（北京）",
  "操作者",
  "角色",
  "动作",
  "对象",
  "详情",
  "本行哈希校验",
  "id",
  "at",
  "actorType",
  "actorId",
  "action",
  "subjectType",
  "subjectId",
  "details",
  "chainPos",
  "prevHash",
  "hash",
];

/** The filtered range as CSV (UTF-8 with BOM for spreadsheets): readable columns, then the hashed fields as stored, then the chain's verdict. */
async function exportCsv(c: Context<AppEnv>) {
  const ctx = c.get("ctx");
  const { agent } = viewer(c);
  const { raw, filter, errors } = parseFilter(c);
  if (errors.from || errors.to) return auditPage(c);
  const { verdict, items, truncated } = await exportAudit(ctx.db, filter);
  const names = await namesFor(ctx.db, items);
  const lines = [CSV_HEAD.join(",")];
  for (const r of items) {
    const who = actorText(r, names);
    lines.push(
      [
        csvRaw(r.chainPos),
        csvText(when(r.at)),
        csvText(who.name),
        csvText(who.role),
        csvText(actionZh(r.action)),
        csvText(`${subjectZh(r.subjectType)} ${r.subjectId}`),
        csvText(describeDetails(r.details, names)),
        r.linkOk ? "通过" : "不符",
        csvRaw(r.id),
        csvRaw(r.at),
        csvRaw(r.actorType),
        csvRaw(r.actorId),
        csvRaw(r.action),
        csvRaw(r.subjectType),
        csvRaw(r.subjectId),
        csvRaw(JSON.stringify(r.details)),
        csvRaw(r.chainPos),
        csvRaw(r.prevHash),
        csvRaw(r.hash),
      ].join(","),
    );
  }
  const broken = items.filter((r) => !r.linkOk).length;
  lines.push(
    [
      "哈希链校验",
      csvText(
        verdict.ok
          ? `完整：全链已校验 ${verdict.checked} 条，未发现篡改；本次导出 ${items.length} 条，逐行校验${broken === 0 ? "全部通过" : `有 ${broken} 条不符`}${truncated ? "（仅导出前 10000 条，请缩小范围）" : ""}`
          : `断裂：第 ${verdict.firstBroken!.chainPos} 条记录（编号 ${verdict.firstBroken!.id}）与其哈希不符；本次导出 ${items.length} 条，其中 ${broken} 条逐行校验不符`,
      ),
    ].join(","),
  );
  await recordAudit(ctx.db, ctx.clock.now(), {
    actorType: "agent",
    actorId: agent.agentId,
    action: "audit.export",
    subjectType: "audit_log",
    subjectId: "-",
    details: { filter: raw, rows: items.length, ok: verdict.ok },
  });
  const stamp = beijingDate(ctx.clock.now()).replace(/-/g, "");
  c.header("content-type", "text/csv; charset=utf-8");
  c.header("content-disposition", `attachment; filename="audit-${stamp}.csv"`);
  c.header("cache-control", "no-store");
  c.header("x-audit-chain", verdict.ok ? `ok; checked=${verdict.checked}` : `broken; chainPos=${verdict.firstBroken!.chainPos}`);
  return c.body(`\uFEFF${lines.join("\r\n")}\r\n`);
}

export function mountAuditPages(router: Hono<AppEnv>) {
  router.use("/console/audit", guard(AUDITOR));
  router.use("/console/audit/*", guard(AUDITOR));

  router.get("/console/audit", (c) => auditPage(c));
  router.get("/console/audit/export.csv", exportCsv);

  router.post("/console/audit/verify", async (c) => {
    const ctx = c.get("ctx");
    const verdict = await verifyChainAs(ctx, c.get("agent").agentId);
    return auditPage(c, verdict);
  });
}
