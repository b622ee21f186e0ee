import { money, when } from "@/modules/console/views/format";
import { registerPersonPanel } from "@/modules/console/person-panels";
import { careAccessOfPerson } from "./care.service";
import { quotasOfPerson } from "./quotas.service";

const QUOTA_STATUS: Record<string, string> = {
  active: "生效中",
  stopped: "已暂停（给付方钱包冻结或注销）",
  revoked: "已撤销",
  ended: "已结束（绑定解除）",
};

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
