import { config } from "../config";

export type SubscribeMoment = keyof typeof config.subscribeTemplates;

/**
 * Asks WeChat whether the user wants a subscribe message about what they just did. WeChat shows the
 * question only when called from a tap, so the page calls this synchronously in the tap's handler,
 * before any await. A refusal or an unsupported client changes nothing.
 */
export function askToBeTold(moment: SubscribeMoment): void {
  const tmplIds = config.subscribeTemplates[moment].filter(Boolean);
  if (!tmplIds.length || typeof wx.requestSubscribeMessage !== "function") return;
  wx.requestSubscribeMessage({ tmplIds, success: () => undefined, fail: () => undefined });
}
