import type { Table } from "./table";

/** The electronic receipt of a transfer. */
export const receipt: Table = {
  title: ["电子回单", "電子回單", "Receipt"],
  receiptNo: ["回单号", "回單號", "Receipt number"],
  amount: ["金额", "金額", "Amount"],
  status: ["状态", "狀態", "Status"],
  payer: ["转出方", "轉出方", "From"],
  payee: ["接收方", "接收方", "To"],
  createdAt: ["转出时间", "轉出時間", "Sent at"],
  expiresAt: ["未接受将于{time}退回", "未接受將於{time}退回", "Returns at {time} unless accepted"],
  crossProvince: ["跨省共济", "跨省共濟", "Cross-province"],
  memo: ["留言", "留言", "Message"],
  history: ["状态记录", "狀態記錄", "Status history"],
  paidFromOwn: ["其中个人账户资金", "其中個人賬戶資金", "Of which own funds"],
  paidFromReceived: ["其中亲属转入资金", "其中親屬轉入資金", "Of which received funds"],
  goHome: ["返回首页", "返回首頁", "Back to home"],
};
