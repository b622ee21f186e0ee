import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { wechatNotifier, type SubscribeTemplate } from "../src/adapters/notifier";
import { createTestApp } from "./support/app";
import { sandboxLogin } from "../src/adapters/login";
import { family } from "./support/family";
import { send } from "./support/transfers";
import { openWallet } from "./support/wallets";

// A local stand-in for WeChat's access-token and subscribe-message APIs: the notifier's real HTTP
// code runs against it, never against the internet.
const seen: { path: string; query: URLSearchParams; body: unknown }[] = [];
let tokens = 0;
let nextSendCode: number[] = [];

function reply(res: ServerResponse, body: unknown) {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? "/", "http://fake");
  let raw = "";
  for await (const chunk of req) raw += chunk;
  seen.push({ path: url.pathname, query: url.searchParams, body: raw ? JSON.parse(raw) : null });
  if (url.pathname === "/cgi-bin/token") {
    if (url.searchParams.get("secret") !== "s3cr3t") return reply(res, { errcode: 40125, errmsg: "invalid appsecret" });
    tokens++;
    return reply(res, { access_token: `tok-${tokens}`, expires_in: 7200 });
  }
  if (url.pathname === "/cgi-bin/message/subscribe/send") {
    const code = nextSendCode.shift() ?? 0;
    if (code === 0 && url.searchParams.get("access_token") !== `tok-${tokens}`)
      return reply(res, { errcode: 40001, errmsg: "invalid credential" });
    return reply(res, { errcode: code, errmsg: code ? "err" : "ok" });
  }
  res.writeHead(404).end();
}

const server = createServer((req, res) => void handle(req, res));
let base = "";
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  seen.length = 0;
  nextSendCode = [];
});

const templates: Record<string, SubscribeTemplate> = {
  "transfer.received": {
    id: "TMPL-RECEIVED",
    page: "pages/transfer/incoming/index",
    fields: { thing1: "title", thing2: "body", time3: "time" },
  },
};
const message = {
  userId: "u1",
  kind: "transfer.received",
  title: "您收到一笔共济转账",
  body: "张*伟 向您转账 ¥300.00，请在次日06:00前接受",
};

describe("WeChat subscribe messages", () => {
  it("gets an access token once, sends the template with the fields clipped to 20 characters, and reuses the token", async () => {
    let now = new Date("2026-11-24T02:00:00Z");
    const n = wechatNotifier({
      apiBase: base,
      appId: "wx1",
      secret: "s3cr3t",
      templates,
      openidOf: async (u) => (u === "u1" ? "o-mother" : null),
      now: () => now,
    });
    await n.push(message);
    await n.push(message);
    expect(seen.filter((s) => s.path === "/cgi-bin/token")).toHaveLength(1);
    expect(seen[0]!.query.get("appid")).toBe("wx1");
    const sent = seen.filter((s) => s.path === "/cgi-bin/message/subscribe/send");
    expect(sent).toHaveLength(2);
    expect(sent[0]!.body).toEqual({
      touser: "o-mother",
      template_id: "TMPL-RECEIVED",
      page: "pages/transfer/incoming/index",
      lang: "zh_CN",
      data: {
        thing1: { value: "您收到一笔共济转账" },
        thing2: { value: "张*伟 向您转账 ¥300.00，请在…" },
        time3: { value: "2026-11-24 10:00" },
      },
    });
    expect([...(sent[0]!.body as { data: { thing2: { value: string } } }).data.thing2.value]).toHaveLength(20);
    // Two hours later the token has expired (renewed five minutes early).
    now = new Date("2026-11-24T03:56:00Z");
    await n.push(message);
    expect(seen.filter((s) => s.path === "/cgi-bin/token")).toHaveLength(2);
  });

  it("a revoked token is renewed once; an unsubscribed user is not an error; other errors are", async () => {
    const n = wechatNotifier({ apiBase: base, appId: "wx1", secret: "s3cr3t", templates, openidOf: async () => "o-1" });
    await n.push(message);
    nextSendCode = [40001];
    await n.push(message);
    expect(seen.filter((s) => s.path === "/cgi-bin/token")).toHaveLength(2);
    nextSendCode = [43101];
    await expect(n.push(message)).resolves.toBeUndefined();
    nextSendCode = [47003];
    await expect(n.push(message)).rejects.toMatchObject({ adapter: "wechat", kind: "rejected" });
  });

  it("sends nothing for a kind without a template or a user without an openid; needs credentials", async () => {
    const n = wechatNotifier({ apiBase: base, appId: "wx1", secret: "s3cr3t", templates, openidOf: async () => null });
    await n.push(message);
    await n.push({ ...message, kind: "wallet.frozen" });
    expect(seen).toHaveLength(0);
    const bare = wechatNotifier({ apiBase: base, templates, openidOf: async () => "o" });
    await expect(bare.push(message)).rejects.toMatchObject({ kind: "unconfigured" });
    const wrong = wechatNotifier({ apiBase: base, appId: "wx1", secret: "nope", templates, openidOf: async () => "o" });
    await expect(wrong.push(message)).rejects.toMatchObject({ kind: "rejected" });
  });

  it("in the app: a transfer to a WeChat user sends the subscribe message after the commit; others get none", async () => {
    const t = await createTestApp({
      config: {
        WECHAT_APPID: "wx1",
        WECHAT_SECRET: "s3cr3t",
        WECHAT_API_BASE: base,
        WECHAT_SUBSCRIBE_TEMPLATES: JSON.stringify(templates),
      },
      adapters: {
        login: { wechat: { exchange: async (code) => ({ subject: `wechat:${code}` }) }, alipay: sandboxLogin, sandbox: sandboxLogin },
      },
    });
    const { user, relative } = await family(t, "spouse", { userFen: 100_000 });
    await openWallet(t, user);
    const inv = await t.api("POST", "/v1/invitations", {
      token: user.token,
      body: { relation: "spouse", name: relative.name, idNumber: relative.idNumber },
    });
    const login = await t.api("POST", "/v1/auth/sessions", { body: { provider: "wechat", code: "o-wife" } });
    const token = login.body.token as string;
    await t.api("POST", "/v1/me/real-name", {
      token,
      body: { name: relative.name, idNumber: relative.idNumber, faceToken: `face-ok:${relative.idNumber}` },
    });
    const acc = await t.api("POST", `/v1/invitations/${inv.body.code}/accept`, {
      token,
      body: { faceToken: `face-ok:${relative.idNumber}` },
    });
    await openWallet(t, { ...relative, token });
    // The inviter logged in through the sandbox provider: no openid, nothing sent to WeChat for them.
    expect(seen.filter((s) => s.path === "/cgi-bin/message/subscribe/send")).toHaveLength(0);
    expect((await send(t, user.token, acc.body.binding.bindingId, 30_000)).status).toBe(201);
    const sent = seen.filter((s) => s.path === "/cgi-bin/message/subscribe/send");
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toMatchObject({
      touser: "o-wife",
      template_id: "TMPL-RECEIVED",
      data: { thing1: { value: "您收到一笔共济转账" } },
    });
    const inbox = await t.api("GET", "/v1/notifications", { token });
    expect(inbox.body.unreadCount).toBe(1);
    await t.api("POST", `/v1/notifications/${inbox.body.items[0].id}/read`, { token });
    expect((await t.api("GET", "/v1/notifications", { token })).body.unreadCount).toBe(0);
  });
});
