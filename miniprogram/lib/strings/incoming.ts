import type { Table } from "./table";

/** Transfers from relatives waiting for this user to accept. */
export const incoming: Table = {
  title: ["待收转账", "待收轉賬", "Incoming transfers"],
  none: ["没有待接受的转账", "沒有待接受的轉賬", "Nothing waiting for you"],
  from: ["来自{name}", "來自{name}", "From {name}"],
  returnsAt: ["未接受将于{time}退回对方", "未接受將於{time}退回對方", "Returns to the sender at {time} unless you accept"],
  accept: ["接受", "接受", "Accept"],
  decline: ["拒绝", "拒絕", "Decline"],
  declineConfirm: ["拒绝后资金将退回对方，确定吗？", "拒絕後資金將退回對方，確定嗎？", "Declining sends the money back. Decline?"],
  accepted: ["已接受，已存入亲属转入资金", "已接受，已存入親屬轉入資金", "Accepted; added to your received funds"],
  declined: ["已拒绝，资金已退回对方", "已拒絕，資金已退回對方", "Declined; the money went back"],
  crossProvince: ["跨省共济", "跨省共濟", "Cross-province"],
  acceptLabel: ["接受{name}转来的{amount}", "接受{name}轉來的{amount}", "Accept {amount} from {name}"],
  declineLabel: ["拒绝{name}转来的{amount}", "拒絕{name}轉來的{amount}", "Decline {amount} from {name}"],
  memo: ["留言：{memo}", "留言：{memo}", "Message: {memo}"],
};
