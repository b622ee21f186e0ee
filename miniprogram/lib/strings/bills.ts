import type { Table } from "./table";

/** The statement (账单) with its month filter. */
export const bills: Table = {
  title: ["账单", "賬單", "Statement"],
  month: ["月份", "月份", "Month"],
  allMonths: ["全部", "全部", "All"],
  none: ["本月没有账单", "本月沒有賬單", "Nothing this month"],
  noneAll: ["还没有账单", "還沒有賬單", "No statement lines yet"],
  loadingMore: ["正在加载更多…", "正在載入更多…", "Loading more…"],
  // A medical payment relatives' allowances paid in full (nothing left the wallet), and its refund.
  quotaPaid: [
    "共 {total}，由亲属共济额度支付 {quota}",
    "共 {total}，由親屬共濟額度支付 {quota}",
    "{total} in all, {quota} paid from relatives' allowances",
  ],
  quotaRefunded: [
    "退款 {total}，退回亲属共济额度 {quota}",
    "退款 {total}，退回親屬共濟額度 {quota}",
    "Refund of {total}, {quota} back to relatives' allowances",
  ],
};
