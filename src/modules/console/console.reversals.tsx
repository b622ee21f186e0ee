import type { Context, Hono } from "hono";
import type { AppEnv } from "@/app-env";
import { DomainError } from "@/lib/problem";
import {
  decideReversal,
  getReversal,
  type ListedReversal,
  listReversals,
  normalizeReceiptNo,
  proposeReversal,
  RECEIPT_NO,
  transferSummary,
  type TransferRef,
} from "@/modules/agents/reversals.service";
import { guard, STAFF, SUPERVISOR } from "./console.auth";
import { field, page, viewer } from "./render";
import { label, money, when } from "./views/format";
import { Csrf, FieldError, Section } from "./views/layout";

type Summary = Awaited<ReturnType<typeof transferSummary>>;

/** What the proposer typed, kept when the form comes back with an error. */
interface Draft {
  receiptNo: string;
  reason: string;
  /** Set when the agent came from a transfer row that named the transfer by id. */
  transferId?: string;
}

interface FormState {
  draft: Draft;
  transfer?: Summary;
  error?: { field: "receiptNo" | "reason" | null; message: string };
}

const REASON_MIN = 2;
const REASON_MAX = 500;

function ProposeForm(p: { csrf: string; s: FormState }) {
  const { draft, transfer, error } = p.s;
  const errOn = (f: "receiptNo" | "reason") => (error?.field === f ? error.message : undefined);
  return (
    // Checked on the server, with the message in Chinese beside the field: no native browser bubble.
    <form method="post" action="/console/reversals" class="stack" novalidate>
      <Csrf token={p.csrf} />
      {error && error.field === null ? (
        <p class="error" role="alert" id="propose-error">
          {error.message}
        </p>
      ) : null}
      {transfer ? (
        <dl class="facts" aria-label="要冲正的转账">
          <dt>回单号</dt>
          <dd>{transfer.receiptNo}</dd>
          <dt>付款方 → 收款方</dt>
          <dd>
            {transfer.from} → {transfer.to}
          </dd>
          <dt>金额</dt>
          <dd>{money(transfer.amountFen)}</dd>
          <dt>状态</dt>
          <dd>{label("transfer", transfer.status)}</dd>
          <dt>转账时间</dt>
          <dd>{when(transfer.createdAt)}</dd>
        </dl>
      ) : null}
      {draft.transferId ? <input type="hidden" name="transferId" value={draft.transferId} /> : null}
      <p>
        <label for="receiptNo">回单号</label>
        <input
          id="receiptNo"
          name="receiptNo"
          maxlength={64}
          value={draft.receiptNo}
          placeholder="如 T20261124…（用户回单或转账列表上的号码）"
          autocomplete="off"
          aria-invalid={errOn("receiptNo") ? "true" : undefined}
          aria-describedby={errOn("receiptNo") ? "receiptNo-error" : undefined}
        />
        <FieldError id="receiptNo-error" message={errOn("receiptNo")} />
      </p>
      <p>
        <label for="reversal-reason">冲正原因</label>
        <textarea
          id="reversal-reason"
          name="reason"
          rows={2}
          maxlength={REASON_MAX}
          aria-invalid={errOn("reason") ? "true" : undefined}
          aria-describedby={errOn("reason") ? "reason-error" : undefined}
        >
          {draft.reason}
        </textarea>
        <FieldError id="reason-error" message={errOn("reason")} />
      </p>
      <p>
        <button type="submit">提交冲正申请</button>
      </p>
      <p class="hint">只有已到账的转账可以冲正；须由提出人以外的主管批准后才会入账。</p>
    </form>
  );
}

function Parties(p: { r: ListedReversal }) {
  const t = p.r.transfer;
  if (!t) return <span>—</span>;
  return (
    <span class="nowrap">
      <a href={`/console/users/${t.payer.personId}`}>{t.payer.maskedName}</a> →{" "}
      <a href={`/console/users/${t.payee.personId}`}>{t.payee.maskedName}</a>
    </span>
  );
}

const FILTERS = [
  { key: "pending", text: "待审批" },
  { key: "approved", text: "已批准" },
  { key: "rejected", text: "已驳回" },
  { key: "all", text: "全部" },
] as const;
type Filter = (typeof FILTERS)[number]["key"];

function ReversalTable(p: { items: ListedReversal[]; agentId: string; role: string }) {
  return (
    <table class="reversals">
      <thead>
        <tr>
          <th scope="col">回单号</th>
          <th scope="col">付款方 → 收款方</th>
          <th scope="col" class="num">
            金额
          </th>
          <th scope="col">转账时间</th>
          <th scope="col">原因</th>
          <th scope="col">提出人 · 申请时间</th>
          <th scope="col">状态</th>
          <th scope="col">审批</th>
        </tr>
      </thead>
      <tbody>
        {p.items.map((r) => (
          <tr>
            <td class="nowrap">{r.receiptNo ?? r.transferId}</td>
            <td>
              <Parties r={r} />
            </td>
            <td class="num nowrap">{r.amountFen === null ? "—" : money(r.amountFen)}</td>
            <td class="nowrap">{r.transfer ? when(r.transfer.createdAt) : "—"}</td>
            <td class="reason">{r.reason}</td>
            <td>
              <span class="nowrap">{r.proposerUsername ?? r.proposedBy}</span>
              <br />
              <span class="hint nowrap">{when(r.proposedAt)}</span>
            </td>
            <td class="nowrap">{label("reversal", r.status)}</td>
            <td class="actions">
              {r.status !== "pending" ? (
                <span>
                  {r.deciderUsername ?? "—"}
                  <br />
                  <span class="hint">{r.decidedAt ? when(r.decidedAt) : ""}</span>
                </span>
              ) : p.role !== "supervisor" ? (
                <span class="hint">待主管审批</span>
              ) : r.proposedBy === p.agentId ? (
                <span class="hint">本人提出，须由其他主管审批</span>
              ) : (
                <span>
                  <a class="button" href={`/console/reversals/${r.id}/approve`} aria-label={`批准冲正 ${r.receiptNo ?? r.transferId}`}>
                    批准…
                  </a>
                  <a
                    class="button danger"
                    href={`/console/reversals/${r.id}/reject`}
                    aria-label={`驳回冲正 ${r.receiptNo ?? r.transferId}`}
                  >
                    驳回…
                  </a>
                </span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

async function listPage(
  c: Context<AppEnv>,
  form: FormState = { draft: { receiptNo: "", reason: "" } },
  status: 200 | 400 | 404 | 409 | 422 = 200,
) {
  const { agent, csrf } = viewer(c);
  const q = c.req.query("status");
  const filter: Filter = FILTERS.some((f) => f.key === q) ? (q as Filter) : "all";
  const { items } = await listReversals(c.get("ctx"), filter === "all" ? undefined : filter);
  return page(
    c,
    { title: form.transfer || form.draft.receiptNo ? "申请冲正" : "冲正", active: "reversals", notice: c.req.query("done") },
    <div>
      <Section title="新的冲正申请" id="propose">
        <ProposeForm csrf={csrf} s={form} />
      </Section>
      <Section title="冲正申请" id="list">
        <nav aria-label="按状态筛选" class="filters">
          {FILTERS.map((f) => (
            <a href={`/console/reversals?status=${f.key}#list`} aria-current={f.key === filter ? "page" : undefined}>
              {f.text}
            </a>
          ))}
        </nav>
        {items.length === 0 ? (
          <p class="empty">暂无冲正申请。</p>
        ) : (
          <ReversalTable items={items} agentId={agent.agentId} role={agent.role} />
        )}
      </Section>
    </div>,
    status,
  );
}

/** The supervisor's confirm step: everything about the reversal once more, then one explicit button. */
async function confirmPage(c: Context<AppEnv>, decision: "approve" | "reject") {
  const { agent, csrf } = viewer(c);
  const r = await getReversal(c.get("ctx"), c.req.param("id")!);
  const verb = decision === "approve" ? "批准" : "驳回";
  const blocked = r.status !== "pending" ? "该冲正申请已处理。" : r.proposedBy === agent.agentId ? "冲正须由提出人以外的主管审批。" : null;
  return page(
    c,
    { title: `确认${verb}冲正`, active: "reversals", error: blocked },
    <Section title="冲正申请" id="confirm">
      <dl class="facts">
        <dt>回单号</dt>
        <dd>{r.receiptNo ?? r.transferId}</dd>
        <dt>付款方 → 收款方</dt>
        <dd>
          <Parties r={r} />
        </dd>
        <dt>金额</dt>
        <dd>{r.amountFen === null ? "—" : money(r.amountFen)}</dd>
        <dt>转账时间</dt>
        <dd>{r.transfer ? when(r.transfer.createdAt) : "—"}</dd>
        <dt>冲正原因</dt>
        <dd>{r.reason}</dd>
        <dt>提出人</dt>
        <dd>
          {r.proposerUsername ?? r.proposedBy} · {when(r.proposedAt)}
        </dd>
        <dt>状态</dt>
        <dd>{label("reversal", r.status)}</dd>
      </dl>
      {decision === "approve" ? (
        <p class="hint">
          批准后立即入账：{r.amountFen === null ? "" : money(r.amountFen)}{" "}
          从收款方的亲属转入资金退回付款方，双方都会收到通知。此操作不可撤销。
        </p>
      ) : (
        <p class="hint">驳回后该申请结束，转账保持已到账。</p>
      )}
      {blocked ? null : (
        <form method="post" action={`/console/reversals/${r.id}/${decision}`} class="inline-form">
          <Csrf token={csrf} />
          <button type="submit" class={decision === "reject" ? "danger" : undefined}>
            确认{verb}
          </button>
          <a href="/console/reversals?status=pending#list">返回，不{verb}</a>
        </form>
      )}
    </Section>,
  );
}

function refOf(d: Draft): TransferRef {
  return { receiptNo: d.receiptNo || undefined, transferId: d.receiptNo ? undefined : d.transferId };
}

/** Where a DomainError belongs on the form: next to the field it concerns, else above the form. */
function placeError(e: DomainError): FormState["error"] {
  if (e.status === 404) return { field: "receiptNo", message: e.detail };
  return { field: null, message: e.detail };
}

export function mountReversalPages(router: Hono<AppEnv>) {
  router.use("/console/reversals", guard(STAFF));
  router.use("/console/reversals/new", guard(STAFF));
  router.use("/console/reversals/:id/approve", guard(SUPERVISOR));
  router.use("/console/reversals/:id/reject", guard(SUPERVISOR));

  router.get("/console/reversals", (c) => listPage(c));

  // From a transfer row (by receipt number) or an older link (by transfer id): the form, prefilled.
  router.get("/console/reversals/new", async (c) => {
    const draft: Draft = {
      receiptNo: normalizeReceiptNo((c.req.query("receiptNo") ?? "").slice(0, 64)),
      reason: "",
      transferId: (c.req.query("transferId") ?? "").slice(0, 64) || undefined,
    };
    if (!draft.receiptNo && !draft.transferId) return listPage(c);
    try {
      const transfer = await transferSummary(c.get("ctx"), refOf(draft));
      return listPage(c, { draft: { ...draft, receiptNo: transfer.receiptNo, transferId: undefined }, transfer });
    } catch (e) {
      if (e instanceof DomainError) return listPage(c, { draft, error: placeError(e) }, e.status as 404);
      throw e;
    }
  });

  router.post("/console/reversals", async (c) => {
    const form = await c.req.parseBody();
    const draft: Draft = {
      receiptNo: normalizeReceiptNo(field(form, "receiptNo").slice(0, 64)),
      reason: field(form, "reason").slice(0, 2000),
      transferId: field(form, "transferId").slice(0, 64) || undefined,
    };
    const ctx = c.get("ctx");
    const summary = async () => transferSummary(ctx, refOf(draft)).catch(() => undefined);
    if (!draft.receiptNo && !draft.transferId) {
      return listPage(
        c,
        { draft, error: { field: "receiptNo", message: "请填写回单号（以 T 开头，共 19 位，见用户回单或转账列表）" } },
        400,
      );
    }
    if (draft.receiptNo && !RECEIPT_NO.test(draft.receiptNo)) {
      return listPage(
        c,
        { draft, error: { field: "receiptNo", message: `“${draft.receiptNo}”不是有效的回单号：回单号以 T 开头，后跟 18 位数字` } },
        400,
      );
    }
    if (draft.reason.length < REASON_MIN || draft.reason.length > REASON_MAX) {
      return listPage(
        c,
        { draft, transfer: await summary(), error: { field: "reason", message: `请填写冲正原因（${REASON_MIN}–${REASON_MAX} 个字）` } },
        400,
      );
    }
    try {
      await proposeReversal(ctx, c.get("agent"), refOf(draft), draft.reason);
    } catch (e) {
      if (e instanceof DomainError && e.status < 500)
        return listPage(c, { draft, transfer: await summary(), error: placeError(e) }, e.status as 409);
      throw e;
    }
    return c.redirect("/console/reversals?status=pending&done=proposed#list", 303);
  });

  for (const decision of ["approve", "reject"] as const) {
    router.get(`/console/reversals/:id/${decision}`, (c) => confirmPage(c, decision));
    router.post(`/console/reversals/:id/${decision}`, async (c) => {
      await decideReversal(c.get("ctx"), c.get("agent"), c.req.param("id"), decision);
      return c.redirect(`/console/reversals?status=all&done=${decision === "approve" ? "approved" : "rejected"}#list`, 303);
    });
  }
}
