import type { AuthAgent } from "@/app-env";
import type { UserContext } from "@/modules/agents/user-context.service";
import { label, money, when } from "./format";
import { Csrf, Section } from "./layout";

interface Props {
  uc: UserContext;
  agent: AuthAgent;
  csrf: string;
  /** Show the action forms (the user page); the conversation view shows the facts only. */
  actions: boolean;
  back: string;
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
            <dt>统筹区 / 使用地</dt>
            <dd>
              {w.regionCode} / {w.usageRegionCode}
            </dd>
          </dl>
          {p.actions && w.status === "active" ? (
            <form method="post" action={`/console/wallets/${w.id}/freeze`} class="inline-form">
              <Csrf token={p.csrf} />
              <input type="hidden" name="back" value={p.back} />
              <label for="freeze-reason">冻结原因</label>
              <input id="freeze-reason" name="reason" required minlength={2} maxlength={500} />
              <button type="submit" class="danger">冻结钱包</button>
            </form>
          ) : null}
          {p.actions && w.status === "frozen" && p.agent.role === "supervisor" ? (
            <form method="post" action={`/console/wallets/${w.id}/unfreeze`} class="inline-form">
              <Csrf token={p.csrf} />
              <input type="hidden" name="back" value={p.back} />
              <label for="unfreeze-reason">解冻原因</label>
              <input id="unfreeze-reason" name="reason" required minlength={2} maxlength={500} />
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
                <td>{b.otherMaskedName}</td>
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
                        <button type="submit" aria-label={`取消邀请 ${i.code}`}>取消</button>
                      </form>
                    ) : null}
                    {i.status === "pending" || i.status === "expired" ? (
                      <form method="post" action={`/console/invitations/${i.id}/resend`}>
                        <Csrf token={p.csrf} />
                        <input type="hidden" name="back" value={p.back} />
                        <button type="submit" aria-label={`重新发送邀请 ${i.code}`}>重新发送</button>
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
              <th scope="col" class="num">金额</th>
              <th scope="col">状态</th>
              <th scope="col">时间</th>
              {p.actions ? <th scope="col">操作</th> : null}
            </tr>
          </thead>
          <tbody>
            {p.uc.transfers.map((t) => (
              <tr>
                <td>{t.receiptNo}</td>
                <td>{t.direction === "out" ? "转出" : "转入"}</td>
                <td>
                  {t.otherMaskedName}
                  {t.crossProvince ? "（跨省）" : ""}
                </td>
                <td class="num">{money(t.amountFen)}</td>
                <td>{label("transfer", t.status)}</td>
                <td>{when(t.createdAt)}</td>
                {p.actions ? (
                  <td class="actions">{t.status === "succeeded" ? <a href={`/console/reversals/new?receiptNo=${encodeURIComponent(t.receiptNo)}`} aria-label={`申请冲正 ${t.receiptNo}`}>申请冲正</a> : null}</td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
