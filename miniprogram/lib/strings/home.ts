import type { Table } from "./table";

export const home: Table = {
  title: ["医保钱包", "醫保錢包", "Medical insurance wallet"],
  ecodeTitle: ["医保码（医保电子凭证）", "醫保碼（醫保電子憑證）", "Medical insurance code"],
  ecodeHint: ["就医购药时出示，每60秒自动刷新", "就醫購藥時出示，每60秒自動刷新", "Show it to pay at a hospital or pharmacy; it refreshes every 60 seconds"],
  ecodeRefresh: ["刷新医保码", "刷新醫保碼", "Refresh the code"],
  ecodeUnavailable: ["医保码暂不可用，点击重试", "醫保碼暫不可用，點擊重試", "The code is unavailable; tap to try again"],
  noWalletTitle: ["您还没有开通医保钱包", "您還沒有開通醫保錢包", "You have not opened the wallet yet"],
  noWalletHint: ["开通后可为近亲属转账、缴纳居民医保、就医购药", "開通後可為近親屬轉賬、繳納居民醫保、就醫購藥", "Then you can send money to close relatives, pay resident premiums and pay medical bills"],
  openWallet: ["开通医保钱包", "開通醫保錢包", "Open the wallet"],
  frozenNotice: ["钱包已冻结：可以收款，暂不能支付", "錢包已凍結：可以收款，暫不能支付", "The wallet is frozen: it can receive but not pay"],
  walletStatus: ["钱包状态", "錢包狀態", "Wallet status"],
  shortcuts: ["常用服务", "常用服務", "Services"],
  shortcut_transfer: ["共济转账", "共濟轉賬", "Transfer"],
  shortcut_incoming: ["待收转账", "待收轉賬", "Incoming transfers"],
  shortcut_relatives: ["共济亲属", "共濟親屬", "Relatives"],
  shortcut_premium: ["居民医保缴费", "居民醫保繳費", "Pay resident premium"],
  shortcut_bills: ["账单", "賬單", "Statement"],
  shortcut_merchants: ["定点医药机构", "定點醫藥機構", "Institutions"],
  shortcut_rules: ["本地共济政策", "本地共濟政策", "My region's rules"],
  shortcut_assistant: ["智能助手", "智能助手", "Assistant"],
  shortcut_settings: ["设置", "設置", "Settings"],
};
