import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpFace } from "../src/adapters/face";
import { alipayLogin, wechatLogin } from "../src/adapters/login";
import { httpRegionCore } from "../src/adapters/region-core";
import { httpRegistry } from "../src/adapters/registry";
import { signRequest } from "../src/lib/signing";
import { createTestApp } from "./support/app";

// A local stand-in for WeChat, Alipay, the registry gateway and the face provider: the adapters'
// real HTTP code runs against it, never against the internet.
const seen: { path: string; query: URLSearchParams; body: string; auth?: string }[] = [];
let mode: "ok" | "error" | "garbage" | "hang" = "ok";
// A loaded machine may answer slowly: the adapters' time limit is injected, generous where an answer
// is expected and tiny where the fake never answers, so no test depends on the machine's speed.
const GENEROUS = 120_000;
const hanging: ServerResponse[] = [];

function reply(res: ServerResponse, status: number, body: unknown) {
  // No kept-alive connections: on a loaded machine an idle one can pass the server's keep-alive time
  // before the client reuses it, and the reuse then fails with ECONNRESET (a 503 in the app test).
  res.writeHead(status, { "content-type": "application/json", connection: "close" });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
}

// The region core's side of returns: it checks the signature, credits each return id once and answers
// a repeat with the first outcome; `coreMode` makes it fail, refuse, or apply and then lose the answer.
const CORE_KEY = { keyId: "wallet-1", secret: "core-shared-secret-0123456789" };
let coreMode: "ok" | "error" | "refuse" | "apply-then-reset" = "ok";
const coreBook = new Map<string, { body: string; coreReference: string }>();
let coreCredits = 0;

async function regionCoreReturn(req: IncomingMessage, res: ServerResponse, path: string, body: string) {
  const h = (n: string) => String(req.headers[n] ?? "");
  const expected = await signRequest(CORE_KEY.secret, { method: "POST", path, timestamp: h("x-timestamp"), nonce: h("x-nonce"), body });
  if (h("x-key-id") !== CORE_KEY.keyId || h("x-signature") !== expected) return reply(res, 401, { code: "SIGNATURE_INVALID" });
  const r = JSON.parse(body);
  if (h("idempotency-key") !== r.returnId) return reply(res, 400, { code: "IDEMPOTENCY_KEY_MISMATCH" });
  if (coreMode === "error") return reply(res, 500, { code: "INTERNAL" });
  if (coreMode === "refuse") return reply(res, 422, { code: "ACCOUNT_CLOSED" });
  const first = coreBook.get(r.returnId);
  if (first && first.body !== body) return reply(res, 409, { code: "RETURN_ID_REUSED" });
  if (!first) {
    coreBook.set(r.returnId, { body, coreReference: `CORE-${coreBook.size + 1}` });
    coreCredits += r.amountFen;
  }
  if (coreMode === "apply-then-reset") return void res.socket?.destroy();
  return reply(res, first ? 200 : 201, {
    returnId: r.returnId,
    status: "credited",
    coreReference: coreBook.get(r.returnId)!.coreReference,
  });
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? "/", "http://fake");
  let body = "";
  for await (const chunk of req) body += chunk;
  seen.push({ path: url.pathname, query: url.searchParams, body, auth: req.headers.authorization });
  if (mode === "garbage") return reply(res, 200, "<html>oops</html>");
  if (mode === "hang") return void hanging.push(res);
  switch (url.pathname) {
    case "/v1/personal-accounts/returns":
      return regionCoreReturn(req, res, url.pathname, body);
    case "/sns/jscode2session":
      if (mode === "error" || url.searchParams.get("js_code") === "bad") return reply(res, 200, { errcode: 40029, errmsg: "invalid code" });
      return reply(res, 200, { openid: `o-${url.searchParams.get("js_code")}`, session_key: "secret-session-key" });
    case "/gateway.do": {
      const form = new URLSearchParams(body);
      if (form.get("code") === "bad") return reply(res, 200, { error_response: { code: "40002", sub_code: "isv.code-invalid" } });
      return reply(res, 200, { alipay_system_oauth_token_response: { open_id: `a-${form.get("code")}`, access_token: "t" } });
    }
    case "/v1/persons/lookup": {
      const { idNumber } = JSON.parse(body);
      if (idNumber === "320505196803121078") {
        return reply(res, 200, {
          person: { idNumber, name: "张伟", regionCode: "320500", insurance: "employee", personalAccountFen: 1860000, phone: null },
        });
      }
      return reply(res, 200, { person: null });
    }
    case "/v1/relations/confirm":
      return reply(res, 200, { confirmed: JSON.parse(body).relation === "spouse" });
    case "/v1/personal-accounts/balance":
      return reply(res, 200, { balanceFen: 1860000 });
    case "/v1/enrolments":
      return reply(res, 200, { ok: true });
    default:
      if (url.pathname.startsWith("/v1/verifications/")) {
        const token = decodeURIComponent(url.pathname.split("/")[3]!);
        if (token === "unknown") return reply(res, 404, { error: "not found" });
        return reply(res, 200, { passed: token === "pass", idNumberMatches: JSON.parse(body).idNumber === "320505196803121078" });
      }
      return reply(res, 404, {});
  }
}

const server = createServer((req, res) => void handle(req, res));
let base = "";
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  for (const res of hanging) res.destroy();
  return new Promise<void>((r) => server.close(() => r()));
});

describe("a service that never answers", () => {
  it("counts as unavailable once the injected time limit passes", async () => {
    mode = "hang";
    try {
      await expect(httpRegistry({ apiBase: base, apiKey: "k", timeoutMs: 50 }).findPerson("320505196803121078")).rejects.toMatchObject({
        kind: "unavailable",
      });
      await expect(wechatLogin({ apiBase: base, appId: "wx", secret: "s", timeoutMs: 50 }).exchange("x")).rejects.toMatchObject({
        kind: "unavailable",
      });
    } finally {
      mode = "ok";
    }
  });
});

describe("WeChat login (code2session)", () => {
  it("exchanges a code for the openid, sending appid and secret", async () => {
    mode = "ok";
    const a = wechatLogin({ apiBase: base, timeoutMs: GENEROUS, appId: "wx123", secret: "s3cr3t" });
    expect(await a.exchange("abc")).toEqual({ subject: "wechat:o-abc" });
    const q = seen.at(-1)!.query;
    expect([q.get("appid"), q.get("secret"), q.get("grant_type")]).toEqual(["wx123", "s3cr3t", "authorization_code"]);
  });

  it("rejects an invalid code as 'rejected' and a broken answer as 'unavailable'", async () => {
    const a = wechatLogin({ apiBase: base, timeoutMs: GENEROUS, appId: "wx123", secret: "s" });
    await expect(a.exchange("bad")).rejects.toMatchObject({ kind: "rejected" });
    mode = "garbage";
    await expect(a.exchange("x")).rejects.toMatchObject({ kind: "unavailable" });
    mode = "ok";
    await expect(wechatLogin({ apiBase: base, timeoutMs: GENEROUS }).exchange("x")).rejects.toMatchObject({ kind: "unconfigured" });
  });
});

describe("Alipay login", () => {
  it("exchanges an auth code and refuses a bad one", async () => {
    mode = "ok";
    const a = alipayLogin({ apiBase: base, timeoutMs: GENEROUS, appId: "2021000" });
    expect(await a.exchange("xyz")).toEqual({ subject: "alipay:a-xyz" });
    expect(new URLSearchParams(seen.at(-1)!.body).get("method")).toBe("alipay.system.oauth.token");
    await expect(a.exchange("bad")).rejects.toMatchObject({ kind: "rejected" });
  });
});

describe("registry and face over HTTP", () => {
  it("looks persons up, confirms relations, reads balances, records premiums", async () => {
    mode = "ok";
    const r = httpRegistry({ apiBase: base, timeoutMs: GENEROUS, apiKey: "k" });
    expect(await r.findPerson("320505196803121078")).toMatchObject({ name: "张伟", insurance: "employee" });
    expect(seen.at(-1)!.auth).toBe("Bearer k");
    expect(await r.findPerson("110105198702111688")).toBeNull();
    expect(await r.confirmRelation("a", "b", "spouse")).toBe(true);
    expect(await r.confirmRelation("a", "b", "parent")).toBe(false);
    expect(await r.personalAccountBalance("x")).toBe(1860000);
    await expect(r.recordPremium("x", "resident_medical", 2027, "P1")).resolves.toBeUndefined();
  });

  it("checks face tokens against the ID number", async () => {
    const f = httpFace({ apiBase: base, timeoutMs: GENEROUS, apiKey: "k" });
    expect(await f.verify("320505196803121078", "pass")).toBe(true);
    expect(await f.verify("110105198702111688", "pass")).toBe(false);
    expect(await f.verify("320505196803121078", "fail")).toBe(false);
    expect(await f.verify("320505196803121078", "unknown")).toBe(false);
  });
});

describe("region core over HTTP (returns when a wallet closes)", () => {
  const ret = {
    returnId: "01RET",
    regionCode: "320500",
    idNumber: "320505196803121078",
    amountFen: 12_345,
    reason: "wallet_closed" as const,
  };
  const core = () => httpRegionCore({ apiBase: base, ...CORE_KEY, timeoutMs: GENEROUS });

  it("signs the call, and a return applied whose answer was lost is confirmed by the retry without paying twice", async () => {
    mode = "ok";
    coreMode = "apply-then-reset";
    await expect(core().returnToPersonalAccount(ret)).rejects.toMatchObject({ kind: "unavailable" });
    expect(coreCredits).toBe(12_345);
    coreMode = "ok";
    const again = await core().returnToPersonalAccount(ret);
    expect(again).toEqual({ coreReference: "CORE-1" });
    expect(await core().returnToPersonalAccount(ret)).toEqual({ coreReference: "CORE-1" });
    expect(coreCredits).toBe(12_345);
    expect(seen.at(-1)!.path).toBe("/v1/personal-accounts/returns");
  });

  it("5xx and no answer are 'unavailable' (retry); a 4xx refusal, a reused id or a wrong key are 'rejected'; no settings, 'unconfigured'", async () => {
    coreMode = "error";
    await expect(core().returnToPersonalAccount({ ...ret, returnId: "01X" })).rejects.toMatchObject({ kind: "unavailable" });
    coreMode = "refuse";
    await expect(core().returnToPersonalAccount({ ...ret, returnId: "01Y" })).rejects.toMatchObject({ kind: "rejected" });
    coreMode = "ok";
    await expect(core().returnToPersonalAccount({ ...ret, amountFen: 1 })).rejects.toMatchObject({ kind: "rejected" });
    const forged = httpRegionCore({ apiBase: base, keyId: CORE_KEY.keyId, secret: "another-secret-0123456789", timeoutMs: GENEROUS });
    await expect(forged.returnToPersonalAccount({ ...ret, returnId: "01Z" })).rejects.toMatchObject({ kind: "rejected" });
    mode = "hang";
    try {
      await expect(httpRegionCore({ apiBase: base, ...CORE_KEY, timeoutMs: 50 }).returnToPersonalAccount(ret)).rejects.toMatchObject({
        kind: "unavailable",
      });
    } finally {
      mode = "ok";
    }
    await expect(httpRegionCore({ timeoutMs: GENEROUS }).returnToPersonalAccount(ret)).rejects.toMatchObject({ kind: "unconfigured" });
    expect(coreCredits).toBe(12_345);
    expect([...coreBook.keys()]).toEqual(["01RET"]);
  });
});

describe("through the app", () => {
  it("an outside service that fails answers 503 UPSTREAM_UNAVAILABLE, a refused login 401", async () => {
    const t = await createTestApp({
      adapters: {
        login: {
          wechat: wechatLogin({ apiBase: base, timeoutMs: GENEROUS, appId: "wx", secret: "s" }),
          alipay: alipayLogin({ apiBase: base, timeoutMs: GENEROUS, appId: "a" }),
          sandbox: null,
        },
      },
    });
    mode = "ok";
    const ok = await t.api("POST", "/v1/auth/sessions", { body: { provider: "wechat", code: "good" } });
    expect(ok.status).toBe(201);
    const refused = await t.api("POST", "/v1/auth/sessions", { body: { provider: "wechat", code: "bad" } });
    expect(refused.status).toBe(401);
    mode = "garbage";
    const down = await t.api("POST", "/v1/auth/sessions", { body: { provider: "alipay", code: "x" } });
    expect(down.status).toBe(503);
    expect(down.body.code).toBe("UPSTREAM_UNAVAILABLE");
    mode = "ok";
    expect((await t.api("POST", "/v1/auth/sessions", { body: { provider: "sandbox", code: "x" } })).status).toBe(404);
    const bare = await createTestApp({
      adapters: {
        login: {
          wechat: wechatLogin({ apiBase: base, timeoutMs: GENEROUS }),
          alipay: alipayLogin({ apiBase: base, timeoutMs: GENEROUS }),
          sandbox: null,
        },
      },
    });
    expect((await bare.api("POST", "/v1/auth/sessions", { body: { provider: "wechat", code: "x" } })).status).toBe(404);
  });
});
