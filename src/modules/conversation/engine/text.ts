import { formatFen } from "@/lib/money";
import { beijingDayStart, formatDateEn, formatDateZh } from "@/lib/time";
import { relationLabel, type Relation } from "@/modules/relatives/relation-rules";
import { L, type FlowName, type Lang, type Text } from "./types";

/** Phrases every flow shares. */
export const T = {
  cancelled: L("好的，已取消。", "好的，已取消。", "OK, cancelled."),
  firstStep: L("已经是第一步了。", "已經是第一步了。", "This is already the first step."),
  notUnderstood: L("抱歉，没有听懂，请再说一次。", "抱歉，沒有聽懂，請再說一次。", "Sorry, I did not understand that. Please try again."),
  pickOption: L("请从下面的选项中选择。", "請從下面的選項中選擇。", "Please pick one of the options."),
  expired: L(
    "由于30分钟没有操作，本次对话已结束。如需继续，请重新开始。",
    "由於30分鐘沒有操作，本次對話已結束。如需繼續，請重新開始。",
    "This conversation ended after 30 idle minutes. Start again to continue.",
  ),
  startAgain: L("如需继续，请重新开始对话。", "如需繼續，請重新開始對話。", "Start a new conversation to continue."),
  anythingElse: L("还有什么可以帮您？", "還有什麼可以幫您？", "Anything else I can help with?"),
  handoff: L(
    "正在为您转接人工客服，请稍候。您可以先描述遇到的问题。",
    "正在為您轉接人工客服，請稍候。您可以先描述遇到的問題。",
    "Connecting you to an agent. Please wait; you can describe the problem meanwhile.",
  ),
  chatLabel: L("请输入您想对客服说的话", "請輸入您想對客服說的話", "Type your message to the agent"),
  handoffCancelled: L("已取消人工客服。", "已取消人工客服。", "The agent request was cancelled."),
  agentClosed: L(
    "客服已结束本次服务，感谢您的耐心。",
    "客服已結束本次服務，感謝您的耐心。",
    "The agent has closed this chat. Thank you for your patience.",
  ),
  yes: L("确认", "確認", "Confirm"),
  no: L("取消", "取消", "Cancel"),
  face: L("已提交人脸识别", "已提交人臉識別", "Face check submitted"),
  suggestAgent: L(
    "如需帮助，可以输入“转人工”联系客服。",
    "如需幫助，可以輸入「轉人工」聯繫客服。",
    "Type “agent” to talk to a person if you need help.",
  ),
};

export const FLOW_TITLES: Record<FlowName, Text> = {
  transfer: L("给亲属转账", "給親屬轉賬", "Send money to a relative"),
  incoming_transfers: L("接受亲属转账", "接受親屬轉賬", "Accept money from relatives"),
  pay_premium: L("缴纳居民医保", "繳納居民醫保", "Pay a resident insurance premium"),
  balance: L("查余额", "查餘額", "Balance"),
  bills: L("查账单", "查賬單", "Statement of a month"),
  ecode: L("出示医保码", "出示醫保碼", "Show the medical insurance code"),
  merchants: L("查找定点医药机构", "查找定點醫藥機構", "Find a designated medical institution"),
  unbind: L("解除共济亲属", "解除共濟親屬", "Unbind a relative"),
  cancel_invitation: L("撤回邀请", "撤回邀請", "Withdraw an invitation"),
  change_pin: L("修改支付密码", "修改支付密碼", "Change the payment PIN"),
  usage_region: L("修改使用地", "修改使用地", "Change the usage location"),
  close_wallet: L("注销医保钱包", "註銷醫保錢包", "Close the wallet"),
  guardian: L("为孩子开通钱包", "為孩子開通錢包", "Open a wallet for a child"),
  family_payments: L("共济额度", "共濟額度", "Mutual-aid quotas"),
  bind_relative: L("添加共济亲属", "添加共濟親屬", "Add a relative"),
  accept_invitation: L("接受亲属邀请", "接受親屬邀請", "Accept an invitation"),
  open_wallet: L("开通医保钱包", "開通醫保錢包", "Open the wallet"),
  rules: L("本地共济规则", "本地共濟規則", "Rules for my region"),
  agent: L("转人工客服", "轉人工客服", "Talk to an agent"),
  menu: L("帮助", "幫助", "Help"),
};

export function render(text: Text, lang: Lang): string {
  return text[lang];
}

/** The glossary word for a relation, in all three languages. */
export function relationText(r: Relation): Text {
  return L(relationLabel(r, "zh-CN"), relationLabel(r, "zh-TW"), relationLabel(r, "en"));
}

/** Amounts read the same in every language (glossary): ¥1,234.56. */
export function money(fen: number): Text {
  const s = formatFen(fen);
  return L(s, s, s);
}

/** A "YYYY-MM-DD" date as 2026年11月23日 / 23 Nov 2026. */
export function day(date: string): Text {
  const d = beijingDayStart(date);
  return L(formatDateZh(d), formatDateZh(d), formatDateEn(d));
}

export function instant(at: Date): Text {
  return L(formatDateZh(at), formatDateZh(at), formatDateEn(at));
}

const ZH_COUNT = ["零", "一", "两", "三", "四", "五", "六", "七", "八", "九", "十"];

/** "两位" reads better than "2位" in a sentence; larger counts stay digits. */
export function zhCount(n: number): string {
  return ZH_COUNT[n] ?? String(n);
}

/** Joins per-language fragments produced by `f` for each language. */
export function each(f: (lang: Lang) => string): Text {
  return { "zh-CN": f("zh-CN"), "zh-TW": f("zh-TW"), en: f("en") };
}
