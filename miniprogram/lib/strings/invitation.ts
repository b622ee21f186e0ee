import type { Table } from "./table";

/** The page a share card opens: accept or decline an invitation. */
export const invitation: Table = {
  title: ["共济亲属邀请", "共濟親屬邀請", "Relative invitation"],
  invitedBy: ["{name}邀请您成为共济亲属", "{name}邀請您成為共濟親屬", "{name} invites you to share a medical insurance wallet"],
  relationLine: ["对方是您的：{relation}", "對方是您的：{relation}", "They are your: {relation}"],
  expires: ["有效期至{time}", "有效期至{time}", "Valid until {time}"],
  status: ["邀请状态", "邀請狀態", "Status"],
  verifyHint: [
    "为保护资金安全，请填写本人姓名和身份证号并完成人脸识别",
    "為保護資金安全，請填寫本人姓名和身份證號並完成人臉識別",
    "To protect the money, enter your name and ID number and pass a face check",
  ],
  accept: ["接受邀请", "接受邀請", "Accept"],
  decline: ["拒绝", "拒絕", "Decline"],
  declineConfirm: ["确定拒绝这条邀请吗？", "確定拒絕這條邀請嗎？", "Decline this invitation?"],
  accepted: [
    "已成为共济亲属，对方可以为您转账和代缴医保",
    "已成為共濟親屬，對方可以為您轉賬和代繳醫保",
    "You are now bound: they can send you money and pay your premium",
  ],
  declined: ["已拒绝邀请", "已拒絕邀請", "You declined the invitation"],
  notFound: ["邀请不存在或已失效", "邀請不存在或已失效", "The invitation does not exist or is no longer valid"],
  noCode: ["缺少邀请码", "缺少邀請碼", "No invitation code"],
  goHome: ["进入医保钱包", "進入醫保錢包", "Go to the wallet"],
};
