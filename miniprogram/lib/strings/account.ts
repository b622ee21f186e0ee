import type { Table } from "./table";

/** Closing the wallet and changing its usage location. */
export const account: Table = {
  title: ["注销医保钱包", "註銷醫保錢包", "Close the wallet"],
  whatHappens: ["注销前请了解", "註銷前請了解", "Before you close it"],
  rule1: [
    "钱包里的钱不能取现，也不会随注销消失：个人账户资金退回您的个人账户。",
    "錢包裡的錢不能取現，也不會隨註銷消失：個人賬戶資金退回您的個人賬戶。",
    "Money in the wallet cannot be taken out as cash and is not lost: own funds go back to your personal account.",
  ],
  rule2: [
    "亲属转入的资金退回给转出的亲属，先收到的先退。",
    "親屬轉入的資金退回給轉出的親屬，先收到的先退。",
    "Money relatives sent you goes back to them, what came first goes back first.",
  ],
  rule3: [
    "30 天内有医药费结算时不能注销：退款要回到钱包。",
    "30 天內有醫藥費結算時不能註銷：退款要回到錢包。",
    "Not within 30 days of a medical payment: a refund must be able to come back.",
  ],
  rule4: [
    "还有待接受的转账或待审批的冲正时不能注销，请等它处理完或于次日06:00退回。",
    "還有待接受的轉賬或待審批的沖正時不能註銷，請等它處理完或於次日06:00退回。",
    "Not while a transfer awaits acceptance or a reversal awaits approval; wait until it is settled or returns at 06:00.",
  ],
  rule5: [
    "注销后不能再用医保钱包付款和收款，也不能在线重新开通。",
    "註銷後不能再用醫保錢包付款和收款，也不能在線重新開通。",
    "After closing, the wallet can neither pay nor receive, and it cannot be opened again online.",
  ],
  balanceLeft: [
    "现在钱包里还有{amount}，注销时按上面的规则退回。",
    "現在錢包裡還有{amount}，註銷時按上面的規則退回。",
    "The wallet holds {amount}; closing sends it back as above.",
  ],
  walletEmpty: ["钱包余额为零，可以注销。", "錢包餘額為零，可以註銷。", "The wallet is empty and can be closed."],
  toAccount: [
    "{amount} 退回您在{region}的个人账户：{status}",
    "{amount} 退回您在{region}的個人賬戶：{status}",
    "{amount} back to your personal account in {region}: {status}",
  ],
  toSender: ["{amount} 退回给{name}：{status}", "{amount} 退回給{name}：{status}", "{amount} back to {name}: {status}"],
  confirmed: ["已到账", "已到賬", "done"],
  pending: ["办理中", "辦理中", "in progress"],
  rejected: ["未能退回，客服会联系您", "未能退回，客服會聯繫您", "not returned yet; customer service will contact you"],
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
