import type { Table } from "./table";

/** The in-app inbox: transfers, invitations and wallet notices. */
export const inbox: Table = {
  title: ["消息", "消息", "Messages"],
  none: ["还没有消息", "還沒有消息", "No messages yet"],
  unreadCount: ["{count}条未读", "{count}條未讀", "{count} unread"],
  unreadMark: ["未读", "未讀", "Unread"],
  loadMore: ["加载更多", "載入更多", "Load more"],
  kind_other: ["通知", "通知", "Notice"],
  open: ["查看", "查看", "Open"],
  kind_transfer_received: ["您收到一笔共济转账", "您收到一筆共濟轉賬", "You have received a transfer"],
  kind_transfer_succeeded: ["对方已接受您的转账", "對方已接受您的轉賬", "Your transfer was accepted"],
  kind_transfer_declined: [
    "对方拒绝了您的转账，钱已退回",
    "對方拒絕了您的轉賬，錢已退回",
    "Your transfer was declined; the money came back",
  ],
  kind_transfer_returned: ["转账未被接受，钱已退回", "轉賬未被接受，錢已退回", "Your transfer was not accepted; the money came back"],
  kind_transfer_reversed: ["一笔转账已冲正", "一筆轉賬已沖正", "A transfer was reversed"],
  kind_invitation_received: ["您收到一个共济亲属邀请", "您收到一個共濟親屬邀請", "You have a relative invitation"],
  kind_invitation_accepted: ["对方已接受您的邀请", "對方已接受您的邀請", "Your invitation was accepted"],
  kind_invitation_declined: ["对方拒绝了您的邀请", "對方拒絕了您的邀請", "Your invitation was declined"],
  kind_wallet_frozen: ["您的钱包已冻结", "您的錢包已凍結", "Your wallet was frozen"],
  kind_wallet_unfrozen: ["您的钱包已解冻", "您的錢包已解凍", "Your wallet was unfrozen"],
  kind_conversation_agent_message: ["客服回复了您", "客服回覆了您", "Customer service replied"],
  kind_quota_used: ["亲属使用了您给的共济额度", "親屬使用了您給的共濟額度", "A relative used the allowance you gave"],
  // Bodies written from the notice's data in the reader's language ({name} masked, amounts formatted);
  // a notice without that data keeps the server's Chinese text (or, in English, only its title).
  body_transfer_received: [
    "{name} 向您转账 {amount}，请在次日06:00前接受",
    "{name} 向您轉賬 {amount}，請在次日06:00前接受",
    "{name} sent you {amount}; accept it before 06:00 tomorrow or it goes back",
  ],
  body_transfer_succeeded: [
    "您的 {amount} 共济转账已被对方接受",
    "您的 {amount} 共濟轉賬已被對方接受",
    "Your transfer of {amount} was accepted",
  ],
  body_transfer_declined: [
    "对方拒绝了您的 {amount} 转账，钱已退回",
    "對方拒絕了您的 {amount} 轉賬，錢已退回",
    "Your transfer of {amount} was declined; the money came back",
  ],
  body_transfer_returned: [
    "对方未在规定时间内接受，{amount} 已退回您的医保钱包",
    "對方未在規定時間內接受，{amount} 已退回您的醫保錢包",
    "Your transfer of {amount} was not accepted in time; the money came back to your wallet",
  ],
  body_transfer_reversed: [
    "回单号 {receiptNo} 的 {amount} 转账已由客服冲正",
    "回單號 {receiptNo} 的 {amount} 轉賬已由客服沖正",
    "Customer service reversed the transfer of {amount} (receipt {receiptNo})",
  ],
  body_invitation_accepted: ["{name} 已接受您的共济亲属邀请", "{name} 已接受您的共濟親屬邀請", "{name} accepted your invitation"],
  body_invitation_declined: ["{name} 拒绝了您的共济亲属邀请", "{name} 拒絕了您的共濟親屬邀請", "{name} declined your invitation"],
  body_wallet_frozen: [
    "您的医保钱包已被客服冻结，原因：{reason}。冻结期间可以收款，暂不能付款或转出",
    "您的醫保錢包已被客服凍結，原因：{reason}。凍結期間可以收款，暫不能付款或轉出",
    "Customer service froze your wallet. Reason: {reason}. It can still receive money but cannot pay or send",
  ],
  body_wallet_unfrozen: [
    "您的医保钱包已解除冻结，原因：{reason}",
    "您的醫保錢包已解除凍結，原因：{reason}",
    "Your wallet was unfrozen. Reason: {reason}",
  ],
  body_conversation_agent_message: ["请在智能助手中查看客服的回复", "請在智能助手中查看客服的回覆", "Open the assistant to read the reply"],
  body_quota_used: [
    "{name} 在 {merchant} 付款，使用了您给的共济额度 {amount}",
    "{name} 在 {merchant} 付款，使用了您給的共濟額度 {amount}",
    "{name} paid {amount} at {merchant} with the allowance you give",
  ],
  kind_invitation_resent: ["亲属邀请已延长", "親屬邀請已延長", "Your invitation was extended"],
  body_invitation_resent: [
    "您的共济亲属邀请已延长7天，请再次发送给亲属",
    "您的共濟親屬邀請已延長7天，請再次發送給親屬",
    "Your invitation is open 7 more days; send it to your relative again",
  ],
  kind_quota_granted: ["亲属给了您共济额度", "親屬給了您共濟額度", "A relative gave you an allowance"],
  body_quota_granted: [
    "{name} 给了您 {year} 年共济额度 {annual}，在定点医药机构付款时可以使用",
    "{name} 給了您 {year} 年共濟額度 {annual}，在定點醫藥機構付款時可以使用",
    "{name} gave you an allowance of {annual} for {year}, for paying at designated institutions",
  ],
  kind_quota_revoked: ["共济额度已取消", "共濟額度已取消", "An allowance was revoked"],
  body_quota_revoked: ["{name} 取消了给您的共济额度", "{name} 取消了給您的共濟額度", "{name} revoked the allowance they gave you"],
  kind_care_access_granted: ["亲属让您代为出示医保码", "親屬讓您代為出示醫保碼", "A relative lets you show their code"],
  body_care_access_granted: [
    "{name} 授权您在自己的手机上出示其医保码，付款从其医保钱包扣除",
    "{name} 授權您在自己的手機上出示其醫保碼，付款從其醫保錢包扣除",
    "{name} lets you show their medical insurance code on your phone; payments come from their wallet",
  ],
  kind_wallet_taken_over: ["亲属已自己管理医保钱包", "親屬已自己管理醫保錢包", "A relative now manages their own wallet"],
  body_wallet_taken_over: [
    "{name} 已通过本人人脸识别接管自己的医保钱包，您不再代为管理",
    "{name} 已通過本人人臉識別接管自己的醫保錢包，您不再代為管理",
    "{name} took over their wallet with their own face check; you no longer manage it",
  ],
};
