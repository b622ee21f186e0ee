import { z } from "zod";
import { fetchJson } from "./http-json";
import { AdapterError, type LoginAdapter } from "./types";

/** Sandbox: the code is the user's stable id. */
export const sandboxLogin: LoginAdapter = {
  async exchange(code) {
    return { subject: `sandbox:${code}` };
  },
};

const Code2Session = z.object({
  openid: z.string().optional(),
  unionid: z.string().optional(),
  session_key: z.string().optional(),
  errcode: z.number().optional(),
  errmsg: z.string().optional(),
});

/** WeChat `jscode2session`: code → openid (the session_key never leaves this function). */
export function wechatLogin(opts: { apiBase: string; appId?: string; secret?: string; timeoutMs?: number }): LoginAdapter {
  return {
    async exchange(code) {
      if (!opts.appId || !opts.secret) throw new AdapterError("wechat", "WECHAT_APPID/WECHAT_SECRET not configured", "unconfigured");
      const q = new URLSearchParams({ appid: opts.appId, secret: opts.secret, js_code: code, grant_type: "authorization_code" });
      const { status, body } = await fetchJson("wechat", `${opts.apiBase}/sns/jscode2session?${q}`, { timeoutMs: opts.timeoutMs });
      const parsed = Code2Session.safeParse(body);
      if (status !== 200 || !parsed.success) throw new AdapterError("wechat", `HTTP ${status}`);
      if (parsed.data.errcode || !parsed.data.openid) throw new AdapterError("wechat", `errcode ${parsed.data.errcode ?? "?"}`, "rejected");
      return { subject: `wechat:${parsed.data.openid}` };
    },
  };
}

const AlipayToken = z.object({
  alipay_system_oauth_token_response: z
    .object({ user_id: z.string().optional(), open_id: z.string().optional(), access_token: z.string().optional() })
    .optional(),
  error_response: z.object({ code: z.string(), sub_code: z.string().optional() }).optional(),
});

/** Alipay `alipay.system.oauth.token`: auth code → user id. Request signing is done by the gateway in front. */
export function alipayLogin(opts: { apiBase: string; appId?: string; timeoutMs?: number }): LoginAdapter {
  return {
    async exchange(code) {
      if (!opts.appId) throw new AdapterError("alipay", "ALIPAY_APPID not configured", "unconfigured");
      const form = new URLSearchParams({
        app_id: opts.appId,
        method: "alipay.system.oauth.token",
        grant_type: "authorization_code",
        code,
        charset: "utf-8",
        version: "1.0",
      });
      const { status, body } = await fetchJson("alipay", `${opts.apiBase}/gateway.do`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: form.toString(),
        timeoutMs: opts.timeoutMs,
      });
      const parsed = AlipayToken.safeParse(body);
      if (status !== 200 || !parsed.success) throw new AdapterError("alipay", `HTTP ${status}`);
      const ok = parsed.data.alipay_system_oauth_token_response;
      const id = ok?.open_id ?? ok?.user_id;
      if (parsed.data.error_response || !id) throw new AdapterError("alipay", parsed.data.error_response?.code ?? "no user id", "rejected");
      return { subject: `alipay:${id}` };
    },
  };
}
