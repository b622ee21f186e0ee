import { formatFen } from "@/lib/money";
import { beijingMinutesOfDay, formatDateZh } from "@/lib/time";

export const money = (fen: number) => formatFen(fen);

/** A signed amount for statements: "+¥1,000.00" / "−¥820.00". */
export const signedMoney = (fen: number) => (fen > 0 ? `+${formatFen(fen)}` : fen < 0 ? `−${formatFen(-fen)}` : formatFen(0));

/** "2026年11月24日 10:05" in Beijing time. */
export function when(d: Date | string): string {
  const at = typeof d === "string" ? new Date(d) : d;
  const m = beijingMinutesOfDay(at);
  return `${formatDateZh(at)} ${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}

export function waitedMinutes(since: Date, now: Date): string {
  const min = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000));
  return min < 60 ? `${min} 分钟` : `${Math.floor(min / 60)} 小时 ${min % 60} 分钟`;
}

const LABELS: Record<string, Record<string, string>> = {
  role: { agent: "客服", supervisor: "主管", auditor: "审计员" },
  wallet: { active: "正常", frozen: "已冻结", closed: "已注销" },
  transfer: { pending: "待接收", succeeded: "已到账", declined: "已拒绝", returned: "已退回", reversed: "已冲正" },
  invitation: { pending: "待接受", accepted: "已接受", declined: "已拒绝", cancelled: "已取消", expired: "已过期" },
  binding: { active: "有效", ended: "已解除" },
  reversal: { pending: "待审批", approved: "已批准", rejected: "已驳回" },
  relation: { spouse: "配偶", parent: "父母", child: "子女", sibling: "兄弟姐妹", grandparent: "(外)祖父母", grandchild: "(外)孙子女" },
  insurance: { employee: "职工医保", resident: "居民医保", none: "未参保" },
  handoff: { waiting_agent: "等待接入", with_agent: "服务中", closed: "已结束" },
  speaker: { bot: "助手", user: "用户", agent: "客服" },
  entry: {
    wallet_opening: "开通时个人账户余额",
    personal_account_credit: "个人账户划入",
    transfer_hold: "共济转出",
    transfer_in: "亲属转入",
    transfer_returned: "转账未接受退回",
    transfer_declined: "转账被拒退回",
    transfer_reversal: "转账冲正",
    medical_settlement: "就医购药结算",
    medical_refund: "医药费退款",
    premium_payment: "居民医保个人缴费",
  },
  balanceKind: { own: "个人账户资金", received: "亲属转入资金", quota: "亲属共济额度" },
  freeze: { freeze: "冻结", unfreeze: "解除冻结" },
  field: { name: "姓名", idNumber: "身份证号", phone: "手机号" },
  topic: {
    open_wallet: "开通钱包",
    bind_relative: "添加共济亲属",
    accept_invitation: "接受邀请",
    transfer: "转账",
    incoming_transfers: "待接收转账",
    pay_premium: "居民医保个人缴费",
    balance: "余额与账单",
    rules: "本地规则",
    agent: "转人工客服",
  },
};

export function label(kind: keyof typeof LABELS | string, value: string | null | undefined): string {
  if (value == null) return "—";
  return LABELS[kind]?.[value] ?? value;
}

/** Success notices after a redirect: a fixed list, so a crafted link cannot put words on the page. */
export const NOTICES: Record<string, string> = {
  frozen: "钱包已冻结。",
  quota_revoked: "共济额度已撤销，给付方和使用方已收到通知。",
  unfrozen: "钱包已解除冻结。",
  cancelled: "邀请已取消。",
  resent: "邀请已重新发送，有效期延长 7 天。",
  proposed: "冲正申请已提交，等待另一位主管审批。",
  approved: "冲正已批准并入账。",
  rejected: "冲正申请已驳回。",
  taken: "已接入该会话。",
  sent: "消息已发送。",
  closed: "会话已结束，已交还智能助手。",
  logout: "您已安全退出。",
};
