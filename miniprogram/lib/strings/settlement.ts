import type { Table } from "./table";

/** The receipt of a medical payment, with its funding parts and refunds. */
export const settlement: Table = {
  title: ["就医购药回单", "就醫購藥回單", "Medical payment receipt"],
  notFound: ["没有找到这笔付款", "沒有找到這筆付款", "This payment was not found"],
  status: ["状态", "狀態", "Status"],
  paidAt: ["付款时间", "付款時間", "Paid at"],
  fundingTitle: ["资金来源", "資金來源", "Paid from"],
  refundedTotal: ["已退款", "已退款", "Refunded"],
  refundAt: ["退款", "退款", "Refund"],
  returnedTo: ["退回", "退回", "Back to "],
  giverLine: [
    "{name}付款时使用了您给的共济额度 {amount}",
    "{name}付款時使用了您給的共濟額度 {amount}",
    "{name} used {amount} of the allowance you give",
  ],
  settlement_paid: ["已付款", "已付款", "Paid"],
  settlement_partially_refunded: ["部分退款", "部分退款", "Partly refunded"],
  settlement_refunded: ["已全额退款", "已全額退款", "Refunded in full"],
};
