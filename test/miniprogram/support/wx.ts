// A `wx` for the page tests: wx.request is served by the real Hono app on the test database, and
// the UI calls (toasts, navigation, modals) are recorded so a test can assert on them.

import { configureMiniprogram, mpRequire } from "./mp";

type Handler = (path: string, init: RequestInit) => Response | Promise<Response>;

interface RecordedRequest {
  method: string;
  path: string;
  header: Record<string, string>;
  data: unknown;
  statusCode?: number;
  response?: unknown;
}

export interface WxDouble {
  requests: RecordedRequest[];
  toasts: string[];
  navigations: { kind: string; url?: string; delta?: number }[];
  modals: { title?: string; content?: string }[];
  storage: Map<string, unknown>;
  /** What wx.login returns; the test app's wechat login adapter maps it to a user. */
  loginCode: string;
  logins: number;
  /** Answer of the next wx.showModal calls. */
  modalConfirms: boolean;
  /**
   * The next n wx.request calls (other than logins) fail as if the network dropped: before
   * reaching the server, or after it answered when `failAfterServer`.
   */
  failNext: number;
  failAfterServer: boolean;
  clipboard: string | null;
  /** The template ids of each wx.requestSubscribeMessage call. */
  subscribeRequests: string[][];
  /** Resolves when no request has been in flight for a few turns of the event loop. */
  idle(): Promise<void>;
}

const real = { setTimeout: globalThis.setTimeout };

function tick(): Promise<void> {
  return new Promise((r) => real.setTimeout(r, 0));
}

export function installWx(handler: Handler, opts: { loginCode?: string } = {}): WxDouble {
  let inFlight = 0;
  const d: WxDouble = {
    requests: [],
    toasts: [],
    navigations: [],
    modals: [],
    storage: new Map(),
    loginCode: opts.loginCode ?? `wx-${Date.now()}-${Math.random()}`,
    logins: 0,
    modalConfirms: true,
    failNext: 0,
    failAfterServer: false,
    clipboard: null,
    subscribeRequests: [],
    async idle() {
      for (let quiet = 0; quiet < 5; ) {
        await tick();
        quiet = inFlight === 0 ? quiet + 1 : 0;
      }
    },
  };

  const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx ?? {};
  Object.assign(wx, {
    request(o: {
      url: string;
      method?: string;
      data?: unknown;
      header?: Record<string, string>;
      success?: (r: unknown) => void;
      fail?: (e: unknown) => void;
      complete?: () => void;
    }) {
      inFlight++;
      const method = (o.method ?? "GET").toUpperCase();
      let path = o.url.replace(/^https?:\/\/[^/]+/, "");
      const rec: RecordedRequest = { method, path, header: { ...(o.header ?? {}) }, data: o.data };
      d.requests.push(rec);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(o.header ?? {})) headers[k.toLowerCase()] = String(v);
      let body: string | undefined;
      if (o.data !== undefined && o.data !== null) {
        if (method === "GET" && typeof o.data === "object") {
          // wx.request puts a GET's data in the query string.
          const q = new URLSearchParams(o.data as Record<string, string>).toString();
          if (q) path += (path.includes("?") ? "&" : "?") + q;
        } else {
          body = typeof o.data === "string" ? o.data : JSON.stringify(o.data);
          headers["content-type"] ??= "application/json";
        }
      }
      const injectable = !path.startsWith("/v1/auth/");
      (async () => {
        try {
          if (injectable && d.failNext > 0 && !d.failAfterServer) {
            d.failNext--;
            o.fail?.({ errMsg: "request:fail timeout" });
            return;
          }
          const res = await handler(path, { method, headers, body });
          const text = await res.text();
          let data: unknown = text;
          try {
            data = text ? JSON.parse(text) : "";
          } catch {
            /* not JSON: wx delivers the text */
          }
          rec.statusCode = res.status;
          rec.response = data;
          if (injectable && d.failNext > 0) {
            // The server did the work but the answer was lost on the way back.
            d.failNext--;
            o.fail?.({ errMsg: "request:fail timeout" });
            return;
          }
          const header: Record<string, string> = {};
          res.headers.forEach((v, k) => {
            header[k] = v;
          });
          o.success?.({ statusCode: res.status, data, header, cookies: [], errMsg: "request:ok" });
        } catch (e) {
          o.fail?.({ errMsg: `request:fail ${(e as Error).message}` });
        } finally {
          inFlight--;
          o.complete?.();
        }
      })();
      return { abort() {}, onHeadersReceived() {}, offHeadersReceived() {} };
    },
    login(o: { success?: (r: { code: string }) => void; fail?: (e: unknown) => void }) {
      d.logins++;
      real.setTimeout(() => o.success?.({ code: d.loginCode }), 0);
    },
    getStorageSync: (k: string) => (d.storage.has(k) ? structuredClone(d.storage.get(k)) : ""),
    setStorageSync: (k: string, v: unknown) => void d.storage.set(k, structuredClone(v)),
    removeStorageSync: (k: string) => void d.storage.delete(k),
    showToast: (o: { title: string }) => void d.toasts.push(o.title),
    showLoading: () => undefined,
    hideLoading: () => undefined,
    showModal(o: { title?: string; content?: string; success?: (r: { confirm: boolean; cancel: boolean }) => void }) {
      d.modals.push({ title: o.title, content: o.content });
      real.setTimeout(() => o.success?.({ confirm: d.modalConfirms, cancel: !d.modalConfirms }), 0);
    },
    navigateTo: (o: { url: string }) => void d.navigations.push({ kind: "navigateTo", url: o.url }),
    redirectTo: (o: { url: string }) => void d.navigations.push({ kind: "redirectTo", url: o.url }),
    reLaunch: (o: { url: string }) => void d.navigations.push({ kind: "reLaunch", url: o.url }),
    navigateBack: (o: { delta?: number } = {}) => void d.navigations.push({ kind: "navigateBack", delta: o.delta ?? 1 }),
    setNavigationBarTitle: () => undefined,
    stopPullDownRefresh: () => undefined,
    pageScrollTo: () => undefined,
    vibrateShort: () => undefined,
    setClipboardData: (o: { data: string; success?: () => void }) => {
      d.clipboard = o.data;
      o.success?.();
    },
    showShareMenu: () => undefined,
    requestSubscribeMessage(o: { tmplIds: string[]; success?: (r: Record<string, string>) => void }) {
      d.subscribeRequests.push([...o.tmplIds]);
      real.setTimeout(() => o.success?.(Object.fromEntries(o.tmplIds.map((id) => [id, "accept"]))), 0);
    },
  });
  (globalThis as unknown as { wx: unknown }).wx = wx;
  return d;
}

/** A new wx double served by the test app, the mini-program configured afresh and signed out. */
export function freshWx(t: { app: { request(path: string, init: RequestInit): Response | Promise<Response> } }): WxDouble {
  const wx = installWx((path, init) => t.app.request(path, init));
  configureMiniprogram();
  mpRequire("lib/session.js").clearSession();
  return wx;
}
