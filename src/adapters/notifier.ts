import { z } from "zod";
import type { Logger } from "@/lib/logger";
import { fetchJson } from "./http-json";
import { AdapterError, type Notifier, type NotifierMessage } from "./types";

/** Sandbox: subscription messages are only logged (by kind and user id, never content). */
export function logNotifier(log: Logger): Notifier {
  return {
    async push(m) {
      log.debug("notify", { userId: m.userId, kind: m.kind });
    },
  };
}

/**
 * One subscribe-message template (chosen in the mini-program's admin console) for a notification
 * kind: its id, the page the message opens, and which template field gets what. `title` and `body`
 * are the notification's texts, `time` the moment it was sent (Beijing time).
 */
export interface SubscribeTemplate {
  id: string;
  page?: string;
  fields: Record<string, "title" | "body" | "time">;
}

export interface WechatNotifierOptions {
  apiBase: string;
  appId?: string;
  secret?: string;
  /** Notification kind (e.g. `transfer.received`) → template. Kinds without one are not pushed. */
  templates: Record<string, SubscribeTemplate>;
  /** The user's WeChat openid, or null for a user who did not log in through WeChat. */
  openidOf(userId: string): Promise<string | null>;
  now?: () => Date;
  log?: Logger;
  timeoutMs?: number;
}

const Token = z.object({ access_token: z.string().optional(), expires_in: z.number().optional(), errcode: z.number().optional() });
const Sent = z.object({ errcode: z.number().optional(), errmsg: z.string().optional() });

// WeChat's answers that mean "this access token is no longer good": fetch another and try once more.
const TOKEN_INVALID = new Set([40001, 40014, 42001]);
// The user did not subscribe (or used up the one message they allowed): nothing to retry.
const NOT_SUBSCRIBED = 43101;
// A `thing` field holds at most 20 characters.
const MAX_FIELD = 20;

function clip(text: string): string {
  const chars = [...text];
  return chars.length <= MAX_FIELD ? text : `${chars.slice(0, MAX_FIELD - 1).join("")}…`;
}

function beijingTime(d: Date): string {
  const b = new Date(d.getTime() + 8 * 3600_000).toISOString();
  return `${b.slice(0, 10)} ${b.slice(11, 16)}`;
}

/**
 * WeChat subscribe messages (`/cgi-bin/message/subscribe/send`) with an access token from
 * `/cgi-bin/token`, kept until shortly before it expires. A message is sent only for a kind with a
 * template and a user with an openid; a user who did not subscribe is not an error.
 */
export function wechatNotifier(opts: WechatNotifierOptions): Notifier {
  const now = opts.now ?? (() => new Date());
  let token: { value: string; until: number } | null = null;

  async function accessToken(fresh: boolean): Promise<string> {
    if (!fresh && token && token.until > now().getTime()) return token.value;
    const q = new URLSearchParams({ grant_type: "client_credential", appid: opts.appId!, secret: opts.secret! });
    const { status, body } = await fetchJson("wechat", `${opts.apiBase}/cgi-bin/token?${q}`, { timeoutMs: opts.timeoutMs });
    const parsed = Token.safeParse(body);
    if (status !== 200 || !parsed.success) throw new AdapterError("wechat", `token HTTP ${status}`);
    if (!parsed.data.access_token) throw new AdapterError("wechat", `token errcode ${parsed.data.errcode ?? "?"}`, "rejected");
    // Renewed five minutes early, so a token is never used at the edge of its life.
    token = { value: parsed.data.access_token, until: now().getTime() + Math.max(0, (parsed.data.expires_in ?? 7200) - 300) * 1000 };
    return token.value;
  }

  async function send(payload: unknown, fresh: boolean): Promise<number> {
    const url = `${opts.apiBase}/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(await accessToken(fresh))}`;
    const { status, body } = await fetchJson("wechat", url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(payload),
      timeoutMs: opts.timeoutMs,
    });
    const parsed = Sent.safeParse(body);
    if (status !== 200 || !parsed.success) throw new AdapterError("wechat", `send HTTP ${status}`);
    return parsed.data.errcode ?? 0;
  }

  return {
    async push(m: NotifierMessage) {
      const template = opts.templates[m.kind];
      if (!template) return;
      if (!opts.appId || !opts.secret) throw new AdapterError("wechat", "WECHAT_APPID/WECHAT_SECRET not configured", "unconfigured");
      const openid = await opts.openidOf(m.userId);
      if (!openid) return;
      const values = { title: clip(m.title), body: clip(m.body), time: beijingTime(now()) };
      const data = Object.fromEntries(Object.entries(template.fields).map(([field, source]) => [field, { value: values[source] }]));
      const payload = { touser: openid, template_id: template.id, ...(template.page ? { page: template.page } : {}), data, lang: "zh_CN" };
      let code = await send(payload, false);
      if (TOKEN_INVALID.has(code)) code = await send(payload, true);
      if (code === NOT_SUBSCRIBED) {
        opts.log?.debug("notify: not subscribed", { userId: m.userId, kind: m.kind });
        return;
      }
      if (code !== 0) throw new AdapterError("wechat", `send errcode ${code}`, "rejected");
    },
  };
}
