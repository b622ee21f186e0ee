import type { Table } from "./table";

/** Sending a transfer to a bound relative. */
export const transfer: Table = {
  title: ["共济转账", "共濟轉賬", "Transfer"],
  chooseRelative: ["转给谁", "轉給誰", "Send to"],
  noRelatives: ["还没有可以转账的共济亲属", "還沒有可以轉賬的共濟親屬", "No relative to send to yet"],
  addRelative: ["添加共济亲属", "添加共濟親屬", "Add a relative"],
  needWallet: ["请先开通医保钱包，再给亲属转账", "請先開通醫保錢包，再給親屬轉賬", "Open your wallet first to send money"],
  openWallet: ["开通医保钱包", "開通醫保錢包", "Open the wallet"],
  noWallet: ["对方未开通钱包", "對方未開通錢包", "No wallet yet"],
  available: ["可用余额 {amount}", "可用餘額 {amount}", "Available {amount}"],
  amountLabel: ["转账金额", "轉賬金額", "Amount"],
  memoLabel: ["留言（选填）", "留言（選填）", "Message (optional)"],
  rulesHint: [
    "对方接受后实时到账；未接受的将于次日06:00退回。每日最多3笔，单笔不超过¥2,000.00，22:00至次日06:00暂停转账（以本地政策为准）。",
    "對方接受後實時到賬；未接受的將於次日06:00退回。每日最多3筆，單筆不超過¥2,000.00，22:00至次日06:00暫停轉賬（以本地政策為準）。",
    "It arrives as soon as they accept; if they do not, it returns at 06:00 the next day. At most 3 a day, ¥2,000.00 each, none from 22:00 to 06:00 (your region's rules apply).",
  ],
  confirmTitle: ["向{name}转账{amount}", "向{name}轉賬{amount}", "Send {amount} to {name}"],
  changeAmount: ["修改金额", "修改金額", "Change the amount"],
  limitLine: [
    "本次最多可转{max}，今天还可转{count}笔",
    "本次最多可轉{max}，今天還可轉{count}筆",
    "Up to {max} this time; {count} more transfer(s) today",
  ],
  opensAt: ["转账将于{time}开放", "轉賬將於{time}開放", "Transfers open at {time}"],
  seePending: ["查看待接受的转账", "查看待接受的轉賬", "See the transfer awaiting acceptance"],
  cannotReceive: ["暂不能转给{name}：{reason}", "暫不能轉給{name}：{reason}", "Cannot send to {name}: {reason}"],
  chooseFirst: ["请先选择一位可以接收的亲属", "請先選擇一位可以接收的親屬", "Choose a relative who can receive first"],
  refusedTitle: ["转账未成功", "轉賬未成功", "The transfer did not go through"],
  dismiss: ["知道了", "知道了", "OK"],
  recipientLabel: ["转给{name}（{relation}，{region}）", "轉給{name}（{relation}，{region}）", "Send to {name} ({relation}, {region})"],
  sent: ["已转出，等待对方接受", "已轉出，等待對方接受", "Sent; waiting for them to accept"],
};
