import type { Table } from "./table";

/** Closing the wallet and changing its usage location. */
export const account: Table = {
  title: ["注销医保钱包", "註銷醫保錢包", "Close the wallet"],
  whatHappens: ["注销前请了解", "註銷前請了解", "Before you close it"],
  rule1: [
    "钱包里的钱不能取现，也不会随注销消失：注销前余额必须为零。",
    "錢包裡的錢不能取現，也不會隨註銷消失：註銷前餘額必須為零。",
    "Money in the wallet cannot be taken out as cash and is not lost: the balance must be zero before closing.",
  ],
  rule2: [
    "个人账户资金可以继续用于就医购药或缴纳居民医保。",
    "個人賬戶資金可以繼續用於就醫購藥或繳納居民醫保。",
    "Own funds can still pay medical bills or resident premiums.",
  ],
  rule3: [
    "亲属转入的资金可以用于就医购药、缴费，或转给共济亲属。",
    "親屬轉入的資金可以用於就醫購藥、繳費，或轉給共濟親屬。",
    "Received funds can pay medical bills or premiums, or be sent to a relative.",
  ],
  rule4: [
    "还有待对方接受的转账时不能注销，请等它被接受或于次日06:00退回。",
    "還有待對方接受的轉賬時不能註銷，請等它被接受或於次日06:00退回。",
    "While a transfer awaits acceptance you cannot close; wait until it is accepted or returns at 06:00.",
  ],
  rule5: [
    "注销后不能再用医保钱包付款和收款；需要时可重新开通。",
    "註銷後不能再用醫保錢包付款和收款；需要時可重新開通。",
    "After closing, the wallet can neither pay nor receive; you can open it again later.",
  ],
  balanceLeft: [
    "现在钱包里还有{amount}，请先用完或转给亲属，再来注销。",
    "現在錢包裡還有{amount}，請先用完或轉給親屬，再來註銷。",
    "The wallet still holds {amount}: spend it or send it to a relative first, then close.",
  ],
  walletEmpty: ["钱包余额为零，可以注销。", "錢包餘額為零，可以註銷。", "The wallet is empty and can be closed."],
  closeButton: ["确认注销", "確認註銷", "Close the wallet"],
  pinTitle: ["输入支付密码确认注销", "輸入支付密碼確認註銷", "Enter your payment PIN to close"],
  closed: ["医保钱包已注销", "醫保錢包已註銷", "The wallet is closed"],
  alreadyClosed: ["医保钱包已注销", "醫保錢包已註銷", "The wallet is closed"],
  noWallet: ["您还没有开通医保钱包", "您還沒有開通醫保錢包", "You have no wallet"],
  refusedTitle: ["没有注销", "沒有註銷", "The wallet was not closed"],
  dismiss: ["知道了", "知道了", "OK"],
  back: ["返回", "返回", "Back"],
  goHome: ["回到首页", "回到首頁", "Back to home"],
};
