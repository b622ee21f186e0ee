import type { Table } from "./table";

/** Paying the resident insurance premium (or long-term care) for oneself or a relative. */
export const premium: Table = {
  title: ["居民医保缴费", "居民醫保繳費", "Resident insurance premium"],
  forWhom: ["为谁缴费", "為誰繳費", "Pay for"],
  self: ["本人", "本人", "Myself"],
  yearLabel: ["待遇享受年度", "待遇享受年度", "Coverage year"],
  kindLabel: ["险种", "險種", "Insurance"],
  kind_resident_medical: ["居民医保", "居民醫保", "Resident medical insurance"],
  kind_long_term_care: ["长期护理保险", "長期護理保險", "Long-term care insurance"],
  amount: ["个人缴费金额", "個人繳費金額", "Premium"],
  window: ["集中缴费期", "集中繳費期", "Payment period"],
  windowRange: ["{start} 至 {end}", "{start} 至 {end}", "{start} to {end}"],
  insured: ["参保人", "參保人", "Insured person"],
  windowOpen: ["缴费期内，可以缴费", "繳費期內，可以繳費", "The payment period is open"],
  windowClosed: ["当前不在集中缴费期，暂不能缴费", "當前不在集中繳費期，暫不能繳費", "The payment period is not open now"],
  alreadyPaid: ["该年度已缴费", "該年度已繳費", "Already paid for this year"],
  viewReceipt: ["查看回单", "查看回單", "See the receipt"],
  pay: ["立即缴费", "立即繳費", "Pay now"],
  payOrder: [
    "先扣个人账户资金，不足部分使用亲属转入资金",
    "先扣個人賬戶資金，不足部分使用親屬轉入資金",
    "Own funds pay first, then received funds",
  ],
  confirmTitle: ["支付{amount}", "支付{amount}", "Pay {amount}"],
  back: ["返回", "返回", "Back"],
  paid: ["缴费成功", "繳費成功", "Paid"],
  receiptNo: ["回单号", "回單號", "Receipt number"],
  paidAt: ["缴费时间", "繳費時間", "Paid at"],
  paidFromOwn: ["个人账户资金支付", "個人賬戶資金支付", "Paid from own funds"],
  paidFromReceived: ["亲属转入资金支付", "親屬轉入資金支付", "Paid from received funds"],
  notAvailable: ["暂无可缴费的项目", "暫無可繳費的項目", "Nothing to pay for now"],
};
