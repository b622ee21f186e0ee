import type { Table } from "./table";

/** The statement (账单) with its month filter. */
export const bills: Table = {
  title: ["账单", "賬單", "Statement"],
  month: ["月份", "月份", "Month"],
  allMonths: ["全部", "全部", "All"],
  none: ["本月没有账单", "本月沒有賬單", "Nothing this month"],
  noneAll: ["还没有账单", "還沒有賬單", "No statement lines yet"],
  loadingMore: ["正在加载更多…", "正在載入更多…", "Loading more…"],
};
