import type { Table } from "./table";

/** The in-app inbox: transfers, invitations and wallet notices. */
export const inbox: Table = {
  title: ["消息", "消息", "Messages"],
  none: ["还没有消息", "還沒有消息", "No messages yet"],
  unreadCount: ["{count}条未读", "{count}條未讀", "{count} unread"],
  unreadMark: ["未读", "未讀", "Unread"],
  loadMore: ["加载更多", "載入更多", "Load more"],
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
};
