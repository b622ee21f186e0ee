import type { Table } from "./table";

/** Home's family part: allowances given to me and the codes of relatives I may show (亲情账户). */
export const familyHome: Table = {
  failed: [
    "亲属额度和代出示医保码没能加载，点击重试",
    "親屬額度和代出示醫保碼沒能載入，點擊重試",
    "Could not load relatives' allowances and codes; tap to try again",
  ],
  receivedTitle: ["亲属给我的共济额度", "親屬給我的共濟額度", "Allowances relatives give me"],
  receivedLine: ["{name}给的额度：{left}", "{name}給的額度：{left}", "From {name}: {left}"],
  receivedHint: [
    "在定点医药机构付款时，自己的钱不够的部分会自动使用这些额度",
    "在定點醫藥機構付款時，自己的錢不夠的部分會自動使用這些額度",
    "When you pay at a designated institution and your own money is not enough, these allowances pay the rest",
  ],
  caringTitle: ["代亲属出示医保码", "代親屬出示醫保碼", "Show a relative's code"],
  showCode: ["出示{name}的医保码", "出示{name}的醫保碼", "Show {name}'s code"],
  cannotPay: ["{name}的钱包现在不能付款", "{name}的錢包現在不能付款", "{name}'s wallet cannot pay now"],
  codeOf: ["{name}的医保码", "{name}的醫保碼", "{name}'s medical insurance code"],
  codeWhose: [
    "这不是您本人的医保码：付款从{name}的医保钱包扣除",
    "這不是您本人的醫保碼：付款從{name}的醫保錢包扣除",
    "This is not your own code: payments come from {name}'s wallet",
  ],
  validUntil: ["{time}前有效，过期自动刷新", "{time}前有效，過期自動刷新", "Valid until {time}; it refreshes by itself"],
  codeUnavailable: ["医保码暂不可用，点击重试", "醫保碼暫不可用，點擊重試", "The code is unavailable; tap to try again"],
  refresh: ["刷新", "刷新", "Refresh"],
  close: ["收起医保码", "收起醫保碼", "Hide the code"],
};
