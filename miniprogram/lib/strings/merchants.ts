import type { Table } from "./table";

/** Designated hospitals and pharmacies, and whether they take the wallet. */
export const merchants: Table = {
  title: ["定点医药机构", "定點醫藥機構", "Designated institutions"],
  searchPlaceholder: ["搜索医院或药店名称", "搜索醫院或藥店名稱", "Search a hospital or pharmacy"],
  search: ["搜索", "搜索", "Search"],
  onlyAccepting: ["只看支持医保钱包的", "只看支持醫保錢包的", "Only those that take the wallet"],
  accepts: ["支持医保钱包", "支持醫保錢包", "Takes the wallet"],
  notAccepts: ["暂不支持医保钱包", "暫不支持醫保錢包", "Does not take the wallet yet"],
  kind_hospital: ["医院", "醫院", "Hospital"],
  kind_pharmacy: ["药店", "藥店", "Pharmacy"],
  none: ["没有找到符合条件的机构", "沒有找到符合條件的機構", "No institution found"],
  hint: [
    "很多机构尚未开通医保钱包支付，就医前请先查询",
    "很多機構尚未開通醫保錢包支付，就醫前請先查詢",
    "Many institutions do not take the wallet yet; check before you go",
  ],
};
