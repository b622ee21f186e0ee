import type { Table } from "./table";

/** The assistant chat that drives the server's guided flows. */
export const assistant: Table = {
  title: ["智能助手", "智能助手", "Assistant"],
  welcome: [
    "您好，我是医保钱包助手。可以直接说“给我妈转两百”，或选择下面的服务。",
    "您好，我是醫保錢包助手。可以直接說「給我媽轉兩百」，或選擇下面的服務。",
    'Hello, I am the wallet assistant. Say what you need, e.g. "send ¥200 to my mother", or pick a service below.',
  ],
  placeholder: ["请输入您的问题", "請輸入您的問題", "Type a message"],
  send: ["发送", "發送", "Send"],
  sendId: ["提交身份证号", "提交身份證號", "Send the ID number"],
  yes: ["确认", "確認", "Confirm"],
  no: ["取消", "取消", "Cancel"],
  maskedPin: ["●●●●●●", "●●●●●●", "●●●●●●"],
  faceDone: ["已完成人脸识别", "已完成人臉識別", "Face check done"],
  faceIdHint: ["请输入本人身份证号用于人脸识别", "請輸入本人身份證號用於人臉識別", "Enter your ID number for the face check"],
  restart: ["还需要什么帮助？", "還需要什麼幫助？", "Anything else?"],
  agentWaiting: ["已为您转接人工客服，请稍候", "已為您轉接人工客服，請稍候", "An agent will join shortly"],
  flow_transfer: ["给亲属转账", "給親屬轉賬", "Send money to a relative"],
  flow_incoming_transfers: ["接收亲属转账", "接收親屬轉賬", "Accept money from a relative"],
  flow_bind_relative: ["添加共济亲属", "添加共濟親屬", "Add a relative"],
  flow_pay_premium: ["缴纳居民医保", "繳納居民醫保", "Pay a resident premium"],
  flow_balance: ["查余额和账单", "查餘額和賬單", "Balance and statement"],
  flow_open_wallet: ["开通医保钱包", "開通醫保錢包", "Open the wallet"],
  flow_rules: ["本地共济政策", "本地共濟政策", "My region's rules"],
  flow_agent: ["转人工客服", "轉人工客服", "Talk to an agent"],
};
