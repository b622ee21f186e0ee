/**
 * Where and how the mini-program reaches the API: the one place to change between a local sandbox
 * API in WeChat DevTools and a deployed one (see docs/MINIPROGRAM.md).
 */
export const config = {
  /** No trailing slash. DevTools needs "不校验合法域名" for a localhost address. */
  apiBase: "http://127.0.0.1:8787",
  /**
   * `wechat`: wx.login's code goes to the API, which exchanges it with WeChat (needs
   * WECHAT_APPID/WECHAT_SECRET on the server). `sandbox`: a stable per-device id instead, for a
   * sandbox API without WeChat credentials.
   */
  loginProvider: "sandbox" as "wechat" | "sandbox",
  /** A sandbox API accepts the face token `face-ok:<idNumber>` instead of a real face check. */
  sandboxFace: true,
  /**
   * WeChat subscribe-message template ids (from the mini-program's admin console, 订阅消息), asked for
   * at the moments that matter. Empty: nothing is asked. The server sends them by the same ids.
   */
  subscribeTemplates: {
    /** After sending a transfer: accepted, declined or returned at 06:00. */
    transferSent: [] as string[],
    /** After creating an invitation: accepted or declined. */
    invitationCreated: [] as string[],
  },
};
