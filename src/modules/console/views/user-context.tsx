import type { AuthAgent } from "@/app-env";
import type { UserContext, WalletStatement } from "@/modules/agents/user-context.service";
import { label, money, signedMoney, when } from "./format";
import { Csrf, FieldError, Section } from "./layout";

/** A form that came back with an error: which one, the message, and what was typed. */
export interface FormProblem {
  form: "freeze" | "unfreeze" | "reveal";
  message: string;
  reason: string;
}

interface Props {
  uc: UserContext;
  agent: AuthAgent;
  csrf: string;
  /** Show the action forms (the user page); the conversation view shows the facts only. */
  actions: boolean;
  back: string;
  problem?: FormProblem;
}

/** A reason field checked on the server (`novalidate` forms): the message in Chinese beside it, the text kept. */
function ReasonField(p: { id: string; label: string; form: FormProblem["form"]; problem?: FormProblem }) {
  const mine = p.problem?.form === p.form ? p.problem : undefined;
  return (
    <span class="reason-field">
      <label for={p.id}>{p.label}</label>
      <input
        id={p.id}
        name="reason"
        maxlength={500}
        value={mine?.reason ?? ""}
        aria-invalid={mine ? "true" : undefined}
        aria-describedby={mine ? `${p.id}-error` : undefined}
      />
      <FieldError id={`${p.id}-error`} message={mine?.message} />
    </span>
  );
}

function Unavailable(p: { uc: UserContext; name: string }) {
  return p.uc.unavailable.includes(p.name) ? <p class="error">此部分暂时无法加载。</p> : null;
}

export function WalletPanel(p: Props) {
  const w = p.uc.wallet;
  return (
    <Section title="医保钱包" id="wallet">
      <Unavailable uc={p.uc} name="wallet" />
      {!w ? (
        <p>尚未开通医保钱包。</p>
      ) : (
        <div>
          <dl class="facts">
            <dt>状态</dt>
            <dd>
              <span class={`badge ${w.status}`}>{label("wallet", w.status)}</span>
            </dd>
            <dt>个人账户资金</dt>
            <dd>{money(w.balances.ownFen)}</dd>
            <dt>亲属转入资金</dt>
            <dd>{money(w.balances.receivedFen)}</dd>
            <dt>转账待接收</dt>
            <dd>{money(w.balances.heldFen)}</dd>
            <dt>参保地 / 使用地</dt>
            <dd>
              {w.regionName} / {w.usageRegionName}
            </dd>
            {w.status === "frozen" && p.uc.freezes[0]?.action === "freeze" ? (
              <>
                <dt>冻结原因</dt>
                <dd>
                  {p.uc.freezes[0].reason}（{p.uc.freezes[0].agentUsername}，{when(p.uc.freezes[0].at)}）
                </dd>
              </>
            ) : null}
          </dl>
          {p.actions && w.status === "active" ? (
            <form method="post" action={`/console/wallets/${w.id}/freeze`} class="inline-form" novalidate>
              <Csrf token={p.csrf} />
              <input type="hidden" name="back" value={p.back} />
              <ReasonField id="freeze-reason" label="冻结原因" form="freeze" problem={p.problem} />
              <button type="submit" class="danger">
                冻结钱包
              </button>
            </form>
          ) : null}
          {p.actions && w.status === "frozen" && p.agent.role === "supervisor" ? (
            <form method="post" action={`/console/wallets/${w.id}/unfreeze`} class="inline-form" novalidate>
              <Csrf token={p.csrf} />
              <input type="hidden" name="back" value={p.back} />
              <ReasonField id="unfreeze-reason" label="解冻原因" form="unfreeze" problem={p.problem} />
              <button type="submit">解除冻结</button>
            </form>
          ) : null}
          {p.actions && w.status === "frozen" && p.agent.role !== "supervisor" ? <p class="hint">解除冻结需由主管操作。</p> : null}
        </div>
      )}
    </Section>
  );
}

export function BindingsPanel(p: Props) {
  return (
    <Section title="共济亲属" id="bindings">
      <Unavailable uc={p.uc} name="bindings" />
      {p.uc.bindings.length === 0 ? (
        <p>暂无共济亲属。</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">亲属</th>
              <th scope="col">关系</th>
              <th scope="col">状态</th>
              <th scope="col">添加时间</th>
            </tr>
          </thead>
          <tbody>
            {p.uc.bindings.map((b) => (
              <tr>
                <td class="nowrap">
                  {p.actions ? <a href={`/console/users/${b.otherPersonId}`}>{b.otherMaskedName}</a> : b.otherMaskedName}
                </td>
                <td>{b.side === "giver" ? label("relation", b.relation) : `对方的${label("relation", b.relation)}`}</td>
                <td>{label("binding", b.status)}</td>
                <td>{when(b.since)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

export function InvitationsPanel(p: Props) {
  return (
    <Section title="邀请" id="invitations">
      <Unavailable uc={p.uc} name="invitations" />
      {p.uc.invitations.length === 0 ? (
        <p>暂无邀请。</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">邀请码</th>
              <th scope="col">对方</th>
              <th scope="col">关系</th>
              <th scope="col">状态</th>
              <th scope="col">有效期至</th>
              {p.actions ? <th scope="col">操作</th> : null}
            </tr>
          </thead>
          <tbody>
            {p.uc.invitations.map((i) => (
              <tr>
                <td>{i.code}</td>
                <td>
                  {i.otherMaskedName}
                  {i.side === "invitee" ? "（邀请人）" : ""}
                </td>
                <td>{label("relation", i.relation)}</td>
                <td>{label("invitation", i.status)}</td>
                <td>{when(i.expiresAt)}</td>
                {p.actions ? (
                  <td class="actions">
                    {i.status === "pending" ? (
                      <form method="post" action={`/console/invitations/${i.id}/cancel`}>
                        <Csrf token={p.csrf} />
                        <input type="hidden" name="back" value={p.back} />
                        <input type="hidden" name="reason" value="用户要求取消" />
                        <button type="submit" aria-label={`取消邀请 ${i.code}`}>
                          取消
                        </button>
                      </form>
                    ) : null}
                    {i.status === "pending" || i.status === "expired" ? (
                      <form method="post" action={`/console/invitations/${i.id}/resend`}>
                        <Csrf token={p.csrf} />
                        <input type="hidden" name="back" value={p.back} />
                        <button type="submit" aria-label={`重新发送邀请 ${i.code}`}>
                          重新发送
                        </button>
                      </form>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

export function TransfersPanel(p: Props) {
  return (
    <Section title="最近转账" id="transfers">
      <Unavailable uc={p.uc} name="transfers" />
      {p.uc.transfers.length === 0 ? (
        <p>暂无转账。</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">回单号</th>
              <th scope="col">方向</th>
              <th scope="col">对方</th>
              <th scope="col" class="num">
                金额
              </th>
              <th scope="col">状态</th>
              <th scope="col">时间</th>
              {p.actions ? <th scope="col">操作</th> : null}
            </tr>
          </thead>
          <tbody>
            {p.uc.transfers.map((t) => (
              <tr>
                <td class="nowrap">{t.receiptNo}</td>
                <td class="nowrap">{t.direction === "out" ? "转出" : "转入"}</td>
                <td class="nowrap">
                  {t.otherMaskedName}
                  {t.crossProvince ? "（跨省）" : ""}
                </td>
                <td class="num nowrap">{money(t.amountFen)}</td>
                <td class="nowrap">{label("transfer", t.status)}</td>
                <td class="nowrap">{when(t.createdAt)}</td>
                {p.actions ? (
                  <td class="actions">
                    {t.status === "succeeded" ? (
                      <a
                        href={`/console/reversals/new?receiptNo=${encodeURIComponent(t.receiptNo)}`}
                        aria-label={`申请冲正 ${t.receiptNo}`}
                      >
                        申请冲正
                      </a>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

export function FreezeHistoryPanel(p: Props) {
  if (!p.uc.wallet) return null;
  return (
    <Section title="冻结记录" id="freezes">
      <Unavailable uc={p.uc} name="freezes" />
      {p.uc.freezes.length === 0 ? (
        <p class="empty">该钱包从未被冻结。</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">时间</th>
              <th scope="col">操作</th>
              <th scope="col">操作人</th>
              <th scope="col">原因</th>
            </tr>
          </thead>
          <tbody>
            {p.uc.freezes.map((f) => (
              <tr>
                <td class="nowrap">{when(f.at)}</td>
                <td class="nowrap">{label("freeze", f.action)}</td>
                <td class="nowrap">
                  {f.agentUsername}（{label("role", f.agentRole)}）
                </td>
                <td>{f.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const i = y * 12 + (m - 1) + by;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`;
}

/** Every movement of the month with the balance after it, so a caller's balance can be explained line by line. */
export function StatementPanel(p: { personId: string; st: WalletStatement | null; month: string; thisMonth: string; error?: string }) {
  const base = `/console/users/${p.personId}`;
  const [y, m] = p.month.split("-");
  // A plain list of months in Chinese (a native month picker speaks the browser's own language).
  const months = Array.from({ length: 36 }, (_, i) => shiftMonth(p.thisMonth, -i));
  if (!months.includes(p.month)) months.unshift(p.month);
  const zhMonth = (v: string) => `${Number(v.slice(0, 4))}年${Number(v.slice(5))}月`;
  return (
    <Section title="资金明细" id="statement">
      <form method="get" action={`${base}#statement`} class="inline-form" novalidate>
        <label for="statement-month">月份</label>
        <select
          id="statement-month"
          name="month"
          aria-invalid={p.error ? "true" : undefined}
          aria-describedby={p.error ? "statement-month-error" : undefined}
        >
          {months.map((v) => (
            <option value={v} selected={v === p.month}>
              {zhMonth(v)}
            </option>
          ))}
        </select>
        <button type="submit">查看该月</button>
        <a href={`${base}?month=${shiftMonth(p.month, -1)}#statement`}>上个月</a>
        <a href={`${base}?month=${shiftMonth(p.month, 1)}#statement`}>下个月</a>
        <FieldError id="statement-month-error" message={p.error} />
      </form>
      {p.st ? (
        <div>
          <p class="totals">
            {Number(y)}年{Number(m)}月：月初余额 <strong>{money(p.st.openingFen)}</strong>，收入 <strong>{money(p.st.inFen)}</strong>，支出{" "}
            <strong>{money(p.st.outFen)}</strong>，月末余额 <strong>{money(p.st.closingFen)}</strong>
            <span class="hint">（余额 = 个人账户资金 + 亲属转入资金，不含转账待接收的冻结款）</span>
          </p>
          {p.st.lines.length === 0 ? (
            <p class="empty">本月没有资金变动。</p>
          ) : (
            <table class="statement">
              <thead>
                <tr>
                  <th scope="col">时间</th>
                  <th scope="col">类型</th>
                  <th scope="col">对方 / 摘要</th>
                  <th scope="col">资金</th>
                  <th scope="col" class="num">
                    金额
                  </th>
                  <th scope="col" class="num">
                    余额
                  </th>
                </tr>
              </thead>
              <tbody>
                {p.st.lines.map((l) => (
                  <tr>
                    <td class="nowrap">{when(l.at)}</td>
                    <td class="nowrap">{label("entry", l.kind)}</td>
                    <td>{l.counterparty ?? "—"}</td>
                    <td class="nowrap">{label("balanceKind", l.balanceKind)}</td>
                    <td class={`num nowrap ${l.amountFen < 0 ? "out" : "in"}`}>{signedMoney(l.amountFen)}</td>
                    <td class="num nowrap">{money(l.balanceFen)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {p.st.truncated ? <p class="hint">本月变动较多，仅显示最近 500 条。</p> : null}
        </div>
      ) : null}
    </Section>
  );
}
