import { eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { formatFen } from "@/lib/money";
import { agentAccounts } from "@/modules/agents/agents.schema";
import { persons, users } from "@/modules/identity/identity.schema";
import { regions } from "@/modules/relatives/relatives.schema";
import { merchants } from "@/modules/settlement/settlement.schema";
import type { auditRowDto } from "./audit.service";

/**
 * The audit log in words an auditor reads: who (username and role, a user's masked name, a merchant's
 * or region's name), what (the action in Chinese) and the details as sentences with amounts in yuan.
 * The stored rows stay as they are (codes, ids, fen): they are what the hash chain covers.
 */

export type AuditRowView = ReturnType<typeof auditRowDto>;

export const ACTION_ZH: Record<string, string> = {
  "agent.login": "客服登录",
  "agent.logout": "客服退出",
  "agent.login_failed": "客服登录失败",
  "agent.locked": "客服账号锁定",
  "agent.created": "新建客服账号",
  "agent.disabled": "停用客服账号",
  "agent.enabled": "启用客服账号",
  "agent.password_reset": "重置客服密码",
  "audit.read": "查看审计日志",
  "audit.verify": "校验哈希链",
  "audit.export": "导出审计日志",
  "user.search": "查询用户",
  "user.view": "查看用户详情",
  "user.reveal": "查看完整个人信息",
  "wallet.open": "开通钱包",
  "wallet.open_by_guardian": "监护人代开通钱包",
  "wallet.freeze": "冻结钱包",
  "wallet.unfreeze": "解除冻结",
  "wallet.close": "注销钱包",
  "wallet.credit": "个人账户划入",
  "wallet.password_changed": "修改支付密码",
  "wallet.usage_region": "变更使用地",
  "wallet.statement": "查看资金明细",
  "wallet.takeover": "接管钱包",
  "transfer.create": "发起共济转账",
  "transfer.succeeded": "转账到账",
  "transfer.declined": "转账被拒收",
  "transfer.returned": "转账退回",
  "transfer.reversed": "转账已冲正",
  "reversal.propose": "提出冲正申请",
  "reversal.approve": "批准冲正",
  "reversal.reject": "驳回冲正",
  "invitation.create": "发出亲属邀请",
  "invitation.accept": "接受亲属邀请",
  "invitation.decline": "拒绝亲属邀请",
  "invitation.cancel": "取消亲属邀请",
  "invitation.resend": "重新发送邀请",
  "binding.minor": "绑定未成年子女",
  "binding.elder_guardian": "绑定高龄父母（代管）",
  "binding.unbind": "解除共济绑定",
  "insurance.terminated": "参保终止",
  "insurance.moved": "参保地转移",
  "settlement.charge": "就医购药结算",
  "settlement.refund": "医药费退款",
  "premium.pay": "居民医保个人缴费",
  "quota.set": "设置共济额度",
  "quota.revoke": "撤销共济额度",
  "care_access.grant": "开通亲情账户",
  "care_access.revoke": "关闭亲情账户",
  "ecode.shown_by_carer": "亲属代出示付款码",
  "handoff.take": "接入会话",
  "handoff.reply": "回复用户",
  "handoff.close": "结束会话",
};

export const ACTION_GROUPS: { title: string; prefix: string }[] = [
  { title: "客服账号", prefix: "agent." },
  { title: "用户与钱包", prefix: "user." },
  { title: "用户与钱包", prefix: "wallet." },
  { title: "转账与冲正", prefix: "transfer." },
  { title: "转账与冲正", prefix: "reversal." },
  { title: "亲属", prefix: "invitation." },
  { title: "亲属", prefix: "binding." },
  { title: "会话", prefix: "handoff." },
  { title: "审计", prefix: "audit." },
];

export const actionZh = (a: string) => ACTION_ZH[a] ?? a;

const SUBJECT_ZH: Record<string, string> = {
  person: "用户",
  user: "用户",
  wallet: "钱包",
  transfer: "转账",
  reversal: "冲正申请",
  invitation: "邀请",
  binding: "共济绑定",
  conversation: "会话",
  agent: "客服账号",
  audit_log: "审计日志",
  settlement: "结算",
  refund: "退款",
  premium_payment: "缴费",
  quota: "共济额度",
  care_access: "亲情账户",
};

export const subjectZh = (s: string) => SUBJECT_ZH[s] ?? s;

const ROLE_ZH: Record<string, string> = { agent: "客服", supervisor: "主管", auditor: "审计员" };
const ACTOR_TYPE_ZH: Record<string, string> = { user: "用户", agent: "客服", merchant: "医药机构", region: "统筹区", system: "系统" };

const FIELD_ZH: Record<string, string> = { name: "姓名", idNumber: "身份证号", phone: "手机号" };
const RELATION_ZH: Record<string, string> = {
  spouse: "配偶",
  parent: "父母",
  child: "子女",
  sibling: "兄弟姐妹",
  grandparent: "(外)祖父母",
  grandchild: "(外)孙子女",
};
const LOOKUP_ZH: Record<string, string> = { id: "身份证号", phone: "手机号", name: "姓名" };

/** Detail keys in Chinese; keys ending in `Fen` are amounts and shown in yuan. */
const KEY_ZH: Record<string, string> = {
  reason: "原因",
  amountFen: "金额",
  fromOwnFen: "个人账户资金",
  fromReceivedFen: "亲属转入资金",
  ownFen: "个人账户资金",
  receivedFen: "亲属转入资金",
  openingFen: "开通余额",
  annualFen: "年度额度",
  perPaymentFen: "单笔上限",
  receiptNo: "回单号",
  transferId: "转账",
  reversalId: "冲正申请",
  proposedBy: "提出人",
  note: "备注",
  role: "角色",
  channel: "渠道",
  field: "查看项",
  kind: "类型",
  relation: "关系",
  month: "月份",
  period: "期间",
  year: "年度",
  reference: "业务编号",
  orderNo: "订单号",
  refundNo: "退款单号",
  username: "用户名",
  operator: "操作员",
  ok: "结果",
  checked: "已校验条数",
  crossProvince: "跨省",
  crossRegion: "异地",
  regionCode: "参保地",
  usageRegionCode: "使用地",
  failedLogins: "连续失败次数",
  sessionsRevoked: "注销会话数",
  length: "字数",
  rows: "导出条数",
  filter: "筛选条件",
};

/** Keys that are internal ids: shown only in the raw export, never as a sentence. */
const HIDDEN_KEYS = new Set([
  "journalTransactionId",
  "messageId",
  "personIds",
  "walletId",
  "ecodeId",
  "invitationId",
  "bindingId",
  "careAccessId",
  "careAccessIds",
  "quotaId",
  "quotaIds",
  "refundId",
  "settlementTransactionId",
  "firstBrokenId",
  "beneficiaryPersonId",
  "carerPersonId",
  "formerGuardianPersonId",
]);

export interface Names {
  agents: Map<string, { username: string; role: string }>;
  users: Map<string, string>;
  merchants: Map<string, string>;
  regions: Map<string, string>;
}

function value(key: string, v: unknown, names: Names): string {
  if (v === null || v === undefined || v === "") return "—";
  if (/Fen$/.test(key) && typeof v === "number") return formatFen(v);
  if (typeof v === "boolean") return key === "ok" ? (v ? "完整" : "断裂") : v ? "是" : "否";
  if (key === "role") return ROLE_ZH[String(v)] ?? String(v);
  if (key === "field") return FIELD_ZH[String(v)] ?? String(v);
  if (key === "relation") return RELATION_ZH[String(v)] ?? String(v);
  if (key === "kind" && LOOKUP_ZH[String(v)]) return LOOKUP_ZH[String(v)]!;
  if (key === "channel") return v === "console" ? "工作台" : v === "api" ? "接口" : String(v);
  if (key === "proposedBy") return names.agents.get(String(v))?.username ?? String(v);
  if ((key === "regionCode" || key === "usageRegionCode") && names.regions.has(String(v))) return names.regions.get(String(v))!;
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/** The row's details as "原因：用户报告手机丢失；金额：¥1,234.56". */
export function describeDetails(details: Record<string, unknown>, names: Names): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(details)) {
    if (HIDDEN_KEYS.has(k)) continue;
    if (k === "personIds" || (k === "transferId" && "receiptNo" in details)) continue;
    parts.push(`${KEY_ZH[k] ?? k}：${value(k, v, names)}`);
  }
  if (Array.isArray(details.personIds)) parts.push(`结果：${details.personIds.length} 人`);
  return parts.join("；");
}

export function actorText(r: Pick<AuditRowView, "actorType" | "actorId">, names: Names): { name: string; role: string } {
  switch (r.actorType) {
    case "agent": {
      const a = names.agents.get(r.actorId);
      return a ? { name: a.username, role: ROLE_ZH[a.role] ?? a.role } : { name: r.actorId, role: "客服" };
    }
    case "user":
      return { name: names.users.get(r.actorId) ?? "用户", role: "用户" };
    case "merchant":
      return { name: names.merchants.get(r.actorId) ?? r.actorId, role: "医药机构" };
    case "region":
      return { name: names.regions.get(r.actorId) ?? r.actorId, role: "统筹区" };
    default:
      return { name: r.actorId === "cli" || r.actorId === "system" ? "系统" : r.actorId, role: ACTOR_TYPE_ZH[r.actorType] ?? r.actorType };
  }
}

/** One look-up per kind of actor for a page of rows (and the region codes named in details). */
export async function namesFor(db: DbOrTx, rows: Pick<AuditRowView, "actorType" | "actorId" | "details">[]): Promise<Names> {
  const ids = (t: string) => [...new Set(rows.filter((r) => r.actorType === t).map((r) => r.actorId))];
  const agentIds = [
    ...new Set([...ids("agent"), ...rows.map((r) => r.details.proposedBy).filter((v): v is string => typeof v === "string")]),
  ];
  const regionCodes = [
    ...new Set([
      ...ids("region"),
      ...rows.flatMap((r) => [r.details.regionCode, r.details.usageRegionCode]).filter((v): v is string => typeof v === "string"),
    ]),
  ];
  const [a, u, m, g] = await Promise.all([
    agentIds.length
      ? db
          .select({ id: agentAccounts.id, username: agentAccounts.username, role: agentAccounts.role })
          .from(agentAccounts)
          .where(inArray(agentAccounts.id, agentIds))
      : [],
    ids("user").length
      ? db
          .select({ id: users.id, name: persons.maskedName })
          .from(users)
          .innerJoin(persons, eq(persons.id, users.personId))
          .where(inArray(users.id, ids("user")))
      : [],
    ids("merchant").length
      ? db
          .select({ id: merchants.id, name: merchants.name })
          .from(merchants)
          .where(inArray(merchants.id, ids("merchant")))
      : [],
    regionCodes.length
      ? db
          .select({ code: regions.code, name: regions.name, province: regions.provinceName })
          .from(regions)
          .where(inArray(regions.code, regionCodes))
      : [],
  ]);
  return {
    agents: new Map(a.map((x) => [x.id, { username: x.username, role: x.role }])),
    users: new Map(u.map((x) => [x.id, x.name])),
    merchants: new Map(m.map((x) => [x.id, x.name])),
    regions: new Map(g.map((x) => [x.code, x.province === x.name ? x.name : `${x.province}${x.name}`])),
  };
}

/** RFC 4180 field: quoted when it holds a comma, quote or line break. Raw columns stay byte for byte (the hash covers them). */
export function csvRaw(v: string | number | boolean | null): string {
  const s = v === null ? "" : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A column for people: a leading =, +, -, @ (a spreadsheet formula) is defused with an apostrophe. */
export function csvText(v: string): string {
  return csvRaw(/^[=+\-@\t\r]/.test(v) && v !== "—" ? `'${v}` : v);
}
