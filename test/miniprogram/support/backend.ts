import { expect, type TestContext } from "vitest";
import { sandboxLogin } from "../../../src/adapters/login";
import type { LoginAdapter } from "../../../src/adapters/types";
import { createTestApp, type TestApp, type TestAppOptions } from "../../support/app";
import { newPerson, type PersonSpec, type Person } from "../../support/people";
import type { WxDouble } from "./wx";

// WeChat's code2session stand-in: a wx.login code names one WeChat user, as an openid would.
const testWechat: LoginAdapter = {
  async exchange(code) {
    return { subject: `wechat:${code}` };
  },
};

/** The real app on a fresh test database, with WeChat login answered locally. */
export function createMpApp(opts: TestAppOptions = {}): Promise<TestApp> {
  return createTestApp({
    ...opts,
    adapters: { ...opts.adapters, login: { wechat: testWechat, alipay: testWechat, sandbox: sandboxLogin } },
  });
}

const routeCache = new WeakMap<TestApp, Set<string>>();

async function routes(t: TestApp): Promise<Set<string>> {
  let set = routeCache.get(t);
  if (!set) {
    const spec = await t.api("GET", "/openapi.json");
    set = new Set<string>();
    for (const [path, methods] of Object.entries((spec.body?.paths ?? {}) as Record<string, object>)) {
      for (const m of Object.keys(methods)) set.add(`${m.toUpperCase()} ${path}`);
    }
    routeCache.set(t, set);
  }
  return set;
}

/** Fails the calling test, naming them, if the backend lacks one of these routes (e.g. "GET /v1/rules"). */
export async function requireRoutes(_ctx: TestContext, t: TestApp, wanted: string[]): Promise<void> {
  const have = await routes(t);
  expect(
    wanted.filter((r) => !have.has(r)),
    "backend routes missing",
  ).toEqual([]);
}

/** A new sandbox person behind this wx double's WeChat user, verified by real name through the API. */
export async function realNameUser(t: TestApp, wx: WxDouble, spec: PersonSpec = {}): Promise<Person & { token: string }> {
  return realNameAs(t, wx, await newPerson(t, spec));
}

/** This wx double's WeChat user verified as an existing person `p`. */
export async function realNameAs(t: TestApp, wx: WxDouble, p: Person): Promise<Person & { token: string }> {
  const login = await t.api("POST", "/v1/auth/sessions", { body: { provider: "wechat", code: wx.loginCode } });
  if (login.status !== 201) throw new Error(`login ${login.status}`);
  const token = login.body.token as string;
  const r = await t.api("POST", "/v1/me/real-name", {
    token,
    body: { name: p.name, idNumber: p.idNumber, faceToken: `face-ok:${p.idNumber}` },
  });
  if (r.status !== 200) throw new Error(`real-name ${r.status} ${JSON.stringify(r.body)}`);
  return { ...p, token };
}

/** Opens the wallet of a verified user through the API (for tests about other pages). */
export async function openWalletApi(t: TestApp, u: Person & { token: string }, pin = "135790"): Promise<void> {
  const agreement = await t.api("GET", "/v1/wallet/agreement", { token: u.token });
  const r = await t.api("POST", "/v1/wallet", {
    token: u.token,
    body: { agreementVersion: agreement.body.version, faceToken: `face-ok:${u.idNumber}`, paymentPassword: pin },
  });
  if (r.status !== 201) throw new Error(`open wallet ${r.status} ${JSON.stringify(r.body)}`);
}
