// @vitest-environment jsdom
import { beforeEach, describe, expect, test } from "vitest";
import { configureMiniprogram, mpRequire } from "./support/mp";
import { installWx, type WxDouble } from "./support/wx";

// lib/request.ts against a scripted server: what the wrapper does with statuses, keys and 401s.

type Reply = { status: number; body?: unknown };
let wx: WxDouble;
let script: Reply[];
let seen: { path: string; headers: Record<string, string>; body: string | undefined }[];

const json = (r: Reply) =>
  new Response(r.body === undefined ? null : JSON.stringify(r.body), { status: r.status, headers: { "content-type": "application/json" } });
const problem = (status: number, code: string, detail: string, detailEn: string, extra = {}) => ({
  status,
  body: { type: "about:blank", title: "x", status, code, detail, detailEn, ...extra },
});

const lib = () => ({
  request: mpRequire("lib/request.js").request as (o: object) => Promise<any>,
  UserAction: mpRequire("lib/action.js").UserAction as new () => { keyFor(b: unknown): string },
  session: mpRequire("lib/session.js") as { clearSession(): void },
});

beforeEach(() => {
  script = [];
  seen = [];
  wx = installWx(async (path, init) => {
    seen.push({ path, headers: init.headers as Record<string, string>, body: init.body as string | undefined });
    if (path === "/v1/auth/sessions") return json({ status: 201, body: { token: `tok-${wx.logins}`, expiresAt: "", user: {} } });
    return json(script.shift() ?? { status: 200, body: {} });
  });
  configureMiniprogram();
  lib().session.clearSession();
});

const apiCalls = () => seen.filter((s) => s.path !== "/v1/auth/sessions");

describe("success is decided by statusCode", () => {
  test("a 2xx resolves with the body, whatever fields it has", async () => {
    script.push({ status: 200, body: { code: 500, message: "not an error" } });
    await expect(lib().request({ path: "/v1/me" })).resolves.toEqual({ code: 500, message: "not an error" });
    expect(wx.toasts).toEqual([]);
  });

  test("204 resolves with nothing", async () => {
    script.push({ status: 204 });
    await expect(lib().request({ method: "PUT", path: "/v1/wallet/password", data: {} })).resolves.toBeUndefined();
  });

  test("a problem+json error rejects with its code and toasts the Chinese detail", async () => {
    script.push(problem(422, "INSUFFICIENT_FUNDS", "钱包余额不足", "Not enough money in the wallet"));
    const err = await lib()
      .request({ path: "/v1/wallet" })
      .catch((e) => e);
    expect(err).toMatchObject({ status: 422, code: "INSUFFICIENT_FUNDS" });
    expect(wx.toasts).toEqual(["钱包余额不足"]);
  });

  test("the toast follows the language: converted to traditional, or detailEn", async () => {
    wx.storage.set("settings", { lang: "zh-TW", elderly: false });
    script.push(problem(422, "RELATION_NOT_ALLOWED", "参保地政策不允许与该亲属共济，请检查关系", "Not allowed"));
    await lib()
      .request({ path: "/v1/x" })
      .catch(() => undefined);
    wx.storage.set("settings", { lang: "en", elderly: false });
    script.push(problem(422, "RELATION_NOT_ALLOWED", "参保地政策不允许与该亲属共济", "Your region does not allow this relative"));
    await lib()
      .request({ path: "/v1/x" })
      .catch(() => undefined);
    expect(wx.toasts).toEqual(["參保地政策不允許與該親屬共濟，請檢查關係", "Your region does not allow this relative"]);
  });

  test("an error without a problem body gets a plain message; quiet requests show none", async () => {
    script.push({ status: 502, body: "<html>bad gateway</html>" });
    await lib()
      .request({ path: "/v1/x" })
      .catch(() => undefined);
    script.push(problem(404, "NOT_FOUND", "不存在", "Not found"));
    await lib()
      .request({ path: "/v1/x", quiet: true })
      .catch(() => undefined);
    expect(wx.toasts).toEqual(["系统繁忙，请稍后再试"]);
  });

  test("a dropped connection on a read is tried once more, then reported as a network problem", async () => {
    wx.failNext = 1;
    script.push({ status: 200, body: { ok: 1 } });
    await expect(lib().request({ path: "/v1/wallet" })).resolves.toEqual({ ok: 1 });
    wx.failNext = 2;
    const err = await lib()
      .request({ path: "/v1/wallet" })
      .catch((e) => e);
    expect(err.code).toBe("NETWORK");
    expect(wx.toasts).toEqual(["网络不佳，请稍后再试"]);
  });
});

describe("Idempotency-Key on money POSTs", () => {
  const body = { bindingId: "01J0000000000000000000000A", amountFen: 100, paymentPassword: "135790" };

  test("only /v1/transfers and /v1/premiums/payments carry one", async () => {
    await lib().request({ method: "POST", path: "/v1/transfers", data: body });
    await lib().request({
      method: "POST",
      path: "/v1/premiums/payments",
      data: { beneficiary: "self", year: 2027, paymentPassword: "135790" },
    });
    await lib().request({ method: "POST", path: "/v1/invitations", data: {} });
    await lib().request({ method: "POST", path: "/v1/transfers/01J/accept" });
    const keys = apiCalls().map((c) => c.headers["idempotency-key"]);
    expect(keys[0]).toMatch(/^[\x21-\x7e]{1,128}$/);
    expect(keys[1]).toMatch(/^[\x21-\x7e]{1,128}$/);
    expect(keys[0]).not.toBe(keys[1]);
    expect(keys.slice(2)).toEqual([undefined, undefined]);
  });

  test("a lost answer is retried with the same key, after the server did the work", async () => {
    wx.failNext = 1;
    wx.failAfterServer = true;
    script.push({ status: 201, body: { id: "t1" } }, { status: 201, body: { id: "t1" } });
    await expect(lib().request({ method: "POST", path: "/v1/transfers", data: body })).resolves.toEqual({ id: "t1" });
    const [a, b] = apiCalls();
    expect(a!.headers["idempotency-key"]).toBe(b!.headers["idempotency-key"]);
  });

  test("the user's own retry of the same action keeps the key until the server decides", async () => {
    const action = new (lib().UserAction)();
    script.push(problem(503, "BUSY", "系统繁忙，请稍后再试，本次操作未生效", "Busy"));
    await lib()
      .request({ method: "POST", path: "/v1/transfers", data: body, action })
      .catch(() => undefined);
    script.push(problem(409, "REQUEST_IN_PROGRESS", "处理中", "In progress"));
    await lib()
      .request({ method: "POST", path: "/v1/transfers", data: body, action })
      .catch(() => undefined);
    script.push({ status: 201, body: { id: "t1" } });
    await lib().request({ method: "POST", path: "/v1/transfers", data: body, action });
    // Decided: the next tap, even with the same body, is a new transfer.
    await lib().request({ method: "POST", path: "/v1/transfers", data: body, action });
    const keys = apiCalls().map((c) => c.headers["idempotency-key"]);
    expect(new Set(keys.slice(0, 3)).size).toBe(1);
    expect(keys[3]).not.toBe(keys[0]);
  });

  test("a changed body is a new action with a new key", async () => {
    const action = new (lib().UserAction)();
    script.push(problem(503, "BUSY", "忙", "Busy"));
    await lib()
      .request({ method: "POST", path: "/v1/transfers", data: body, action })
      .catch(() => undefined);
    await lib().request({ method: "POST", path: "/v1/transfers", data: { ...body, amountFen: 200 }, action });
    const [a, b] = apiCalls();
    expect(a!.headers["idempotency-key"]).not.toBe(b!.headers["idempotency-key"]);
  });
});

describe("401 logs in again once", () => {
  test("wx.login → POST /v1/auth/sessions {provider: wechat, code}, then the same call again with the same key", async () => {
    script.push(
      { status: 401, body: { code: "UNAUTHENTICATED", detail: "请先登录", detailEn: "Sign in first" } },
      { status: 201, body: { id: "t" } },
    );
    await expect(lib().request({ method: "POST", path: "/v1/transfers", data: { amountFen: 1 } })).resolves.toEqual({ id: "t" });
    const logins = seen.filter((s) => s.path === "/v1/auth/sessions");
    expect(logins.map((l) => JSON.parse(l.body!))).toEqual([
      { provider: "wechat", code: wx.loginCode },
      { provider: "wechat", code: wx.loginCode },
    ]);
    const [first, second] = apiCalls();
    expect(first!.headers.authorization).toBe("Bearer tok-1");
    expect(second!.headers.authorization).toBe("Bearer tok-2");
    expect(second!.headers["idempotency-key"]).toBe(first!.headers["idempotency-key"]);
    expect(wx.toasts).toEqual([]);
  });

  test("a second 401 is not retried forever", async () => {
    const unauth = { status: 401, body: { code: "UNAUTHENTICATED", detail: "请先登录", detailEn: "Sign in first" } };
    script.push(unauth, unauth, { status: 200, body: {} });
    const err = await lib()
      .request({ path: "/v1/me" })
      .catch((e) => e);
    expect(err.status).toBe(401);
    expect(apiCalls()).toHaveLength(2);
    expect(wx.toasts).toEqual(["请先登录"]);
  });

  test("requests at the same moment share one login", async () => {
    await Promise.all([lib().request({ path: "/v1/a" }), lib().request({ path: "/v1/b" }), lib().request({ path: "/v1/c" })]);
    expect(wx.logins).toBe(1);
  });

  test("a sandbox API gets a stable device id instead of a wx.login code", async () => {
    configureMiniprogram({ loginProvider: "sandbox" });
    await lib().request({ path: "/v1/a" });
    lib().session.clearSession();
    await lib().request({ path: "/v1/b" });
    const bodies = seen.filter((s) => s.path === "/v1/auth/sessions").map((l) => JSON.parse(l.body!));
    expect(bodies[0].provider).toBe("sandbox");
    expect(bodies[1].code).toBe(bodies[0].code);
    expect(wx.logins).toBe(0);
  });
});
