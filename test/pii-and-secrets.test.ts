import { describe, expect, it } from "vitest";
import { agentToken } from "./support/admin";
import { createTestApp, type ApiResult } from "./support/app";
import { bind } from "./support/family";
import { charge, ecode, newMerchant, orderNo, refund } from "./support/merchants";
import { newPerson, relate, verifiedUser } from "./support/people";
import { regionKey, signedCall } from "./support/signed";
import { send } from "./support/transfers";
import { openWallet, PIN } from "./support/wallets";

/**
 * Runs a scenario through every kind of caller — users, a relative, a hospital, a region, agents and
 * the console — capturing every log line and every response, then looks for anything that must never
 * leave the server: full names, ID numbers and phone numbers of the sandbox persons, PINs, tokens and
 * secrets. Only the agent's explicit reveal may show a full value.
 */
describe("secrets and personal data", async () => {
  const t = await createTestApp();
  const seen: { method: string; path: string; r: ApiResult }[] = [];
  const api = async (method: string, path: string, init: Parameters<typeof t.api>[2] = {}) => {
    const r = await t.api(method, path, init);
    seen.push({ method, path, r });
    return r;
  };
  const tt = { ...t, api } as typeof t;

  const user = await verifiedUser(tt, {
    insurance: "employee",
    personalAccountFen: 300_000,
    phone: "13912345678",
    birthDate: "1980-05-01",
    name: "欧阳建国",
  });
  const mother = await newPerson(tt, { insurance: "resident", phone: "13687654321", birthDate: "1955-03-03", name: "司马秀英" });
  await relate(tt, user, mother, "parent");
  await openWallet(tt, user);
  const { bindingId, relativeToken } = await bind(tt, user, mother, "parent");
  await openWallet(tt, { ...mother, token: relativeToken });
  const persons = [user, mother];

  // Transfers (with a wrong PIN on the way), a settlement and a refund, a credit, a premium.
  await send(tt, user.token, bindingId, 100, { pin: "147258" });
  const tr = await send(tt, user.token, bindingId, 20_000, { memo: "给妈妈买药" });
  await api("POST", `/v1/transfers/${tr.body.id}/accept`, { token: relativeToken });
  await api("GET", `/v1/transfers/${tr.body.id}`, { token: user.token });
  const hospital = await newMerchant(tt);
  const paid = await charge(tt, hospital, { ecode: await ecode(tt, user), orderNo: orderNo("pii"), amountFen: 3_000 });
  await refund(tt, hospital, paid.body.id, { refundNo: orderNo("pr"), amountFen: 1_000 });
  const region = await regionKey(tt, "320500");
  await signedCall(tt, region, "POST", "/v1/integration/personal-account-credits", {
    idNumber: user.idNumber,
    amountFen: 5_000,
    period: "2026-11",
    reference: orderNo("cr"),
  });
  await api("POST", "/v1/premiums/payments", {
    token: user.token,
    headers: { "idempotency-key": orderNo("pm") },
    body: { beneficiary: bindingId, year: 2027, paymentPassword: PIN },
  });
  await api("GET", "/v1/premiums/quote?beneficiary=self", { token: relativeToken });
  // Mistakes that echo input back are where personal data leaks: a wrong name, a bad ID number.
  const stranger = await newPerson(tt, { phone: "13511112222", name: "诸葛明亮" });
  persons.push(stranger);
  const intruderToken = (await api("POST", "/v1/auth/sessions", { body: { provider: "sandbox", code: "pii-intruder" } })).body.token;
  await api("POST", "/v1/me/real-name", {
    token: intruderToken,
    body: { name: "诸葛亮亮", idNumber: stranger.idNumber, faceToken: "face-ok:x" },
  });
  await api("POST", "/v1/me/real-name", {
    token: intruderToken,
    body: { name: stranger.name, idNumber: `${stranger.idNumber.slice(0, 17)}0`, faceToken: "face-ok:x" },
  });
  await api("POST", "/v1/invitations", {
    token: user.token,
    body: { relation: "sibling", name: stranger.name, idNumber: stranger.idNumber },
  });
  for (const p of ["/v1/me", "/v1/wallet", "/v1/wallet/entries", "/v1/relatives", "/v1/notifications", "/v1/transfers"]) {
    await api("GET", p, { token: user.token });
    await api("GET", p, { token: relativeToken });
  }
  await api("POST", "/v1/conversations", { token: user.token, body: { text: "给我妈转两百" } });
  // Agents look people up by the full values (in the query string) and open their context.
  const staff = await agentToken(tt, "agent01");
  for (const q of [user.idNumber, "13912345678", user.name])
    await api("GET", `/v1/agent/users?q=${encodeURIComponent(q)}`, { token: staff });
  await api("GET", `/v1/agent/users/${user.personId}`, { token: staff });
  await api("GET", `/console/users/search?q=${encodeURIComponent(user.idNumber)}`, { token: staff });
  await api("GET", `/console/users/${user.personId}`, { token: staff });
  const revealed = await api("POST", `/v1/agent/users/${user.personId}/reveal`, {
    token: staff,
    body: { field: "idNumber", reason: "用户来电核实身份" },
  });
  await api("GET", "/v1/agent/audit", { token: await agentToken(tt, "auditor01") });

  const personal = persons
    .flatMap((p) => [p.name, p.idNumber, p.idNumber.toLowerCase()])
    .concat(["13912345678", "13687654321", "13511112222", "诸葛亮亮"]);
  const secrets = [
    ...Object.values(t.config.secrets),
    hospital.secret,
    region.secret,
    PIN,
    "147258",
    "Sandbox#2026",
    user.token,
    relativeToken,
    staff,
  ];

  it("the scenario ran (the reveal itself shows the full value, by design and audited)", () => {
    expect(seen.length).toBeGreaterThan(40);
    expect(revealed.status).toBe(200);
    expect(revealed.body.value).toBe(user.idNumber);
    expect(t.logLines.length).toBeGreaterThan(40);
  });

  it("no log line holds a name, ID number, phone, PIN, token or secret", () => {
    const leaks: string[] = [];
    for (const line of t.logLines)
      for (const s of [...personal, ...secrets]) if (line.includes(s)) leaks.push(`${s.slice(0, 6)}… in ${line.slice(0, 200)}`);
    expect(leaks).toEqual([]);
  });

  it("no response holds full personal data (the audited reveal aside)", () => {
    const leaks: string[] = [];
    for (const { method, path, r } of seen) {
      if (path.includes("/reveal") || path.startsWith("/v1/sandbox/")) continue;
      const text = typeof r.body === "string" ? r.body : JSON.stringify(r.body);
      for (const s of personal) if (text.includes(s)) leaks.push(`${method} ${path.split("?")[0]} → ${s.slice(0, 3)}…`);
    }
    expect(leaks).toEqual([]);
  });

  it("no response holds a PIN, a password or a server secret", () => {
    const leaks: string[] = [];
    for (const { method, path, r } of seen) {
      if (path === "/v1/sandbox/merchants" || path === "/v1/sandbox/region-keys") continue; // a key's secret is shown once
      const text = typeof r.body === "string" ? r.body : JSON.stringify(r.body);
      for (const s of [...Object.values(t.config.secrets), PIN, "147258", "Sandbox#2026", hospital.secret, region.secret])
        if (text.includes(s)) leaks.push(`${method} ${path}`);
    }
    expect(leaks).toEqual([]);
  });
});

describe("console pages carry security headers", async () => {
  const t = await createTestApp();
  const supervisor = await agentToken(t, "supervisor01");
  const auditor = await agentToken(t, "auditor01");
  const pages: [string, string | undefined][] = [
    ["/console/login", undefined],
    ["/console/users", supervisor],
    ["/console/reversals", supervisor],
    ["/console/queue", supervisor],
    ["/console/audit", auditor],
    ["/console/users", auditor], // the 403 page
  ];
  it.each(pages)("%s", async (path, token) => {
    const r = await t.api("GET", path, { token });
    expect(r.status, path).toBeLessThan(500);
    const h = (n: string) => r.headers.get(n) ?? "";
    const csp = h("content-security-policy");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(h("x-frame-options")).toBe("DENY");
    expect(h("x-content-type-options")).toBe("nosniff");
    expect(h("referrer-policy")).toBe("no-referrer");
    if (token) expect(h("cache-control"), `${path} shows personal data: never cached`).toContain("no-store");
  });

  it("the console session cookie is HttpOnly and SameSite=Strict (Secure and __Host- off loopback)", async () => {
    const form = await t.app.request("https://wallet.example/console/login");
    const cookie = form.headers.get("set-cookie") ?? "";
    const csrf = (await form.text()).match(/name="_csrf" value="([^"]+)"/)?.[1] ?? "";
    const login = await t.app.request("https://wallet.example/console/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://wallet.example", cookie: cookie.split(";")[0]! },
      body: new URLSearchParams({ username: "agent01", password: "Sandbox#2026", _csrf: csrf }).toString(),
    });
    const session = login.headers.getSetCookie().find((c) => c.includes("yb_console")) ?? "";
    expect(session).toMatch(/^__Host-yb_console=/);
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/Secure/i);
    expect(session).toMatch(/SameSite=Strict/i);
  });
});

describe("rate limits hold under a burst", async () => {
  const t = await createTestApp({ config: { RATE_LOGIN_PER_IP_PER_MINUTE: "5" } });

  it("30 concurrent logins from one address: 5 pass, the rest get 429 with Retry-After", async () => {
    const rs = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        t.api("POST", "/v1/auth/sessions", {
          body: { provider: "sandbox", code: `burst-${i}` },
          headers: { "x-forwarded-for": "203.0.113.7" },
        }),
      ),
    );
    expect(rs.filter((r) => r.status === 201)).toHaveLength(5);
    const limited = rs.filter((r) => r.status === 429);
    expect(limited).toHaveLength(25);
    for (const r of limited) {
      expect(r.body.code).toBe("RATE_LIMITED");
      expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
    }
  });

  it("40 concurrent console logins with wrong passwords: at most 30 are even tried, the account locks after 5", async () => {
    const rs = await Promise.all(
      Array.from({ length: 40 }, () =>
        t.api("POST", "/v1/agent/sessions", {
          body: { username: "supervisor02", password: "wrong" },
          headers: { "x-forwarded-for": "203.0.113.8" },
        }),
      ),
    );
    expect(rs.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(10);
    expect(rs.filter((r) => r.status === 401).length).toBeLessThanOrEqual(5);
    const right = await t.api("POST", "/v1/agent/sessions", {
      body: { username: "supervisor02", password: "Sandbox#2026" },
      headers: { "x-forwarded-for": "203.0.113.9" },
    });
    expect(right.status).toBe(423);
  });

  it("10 concurrent wrong PINs: at most 5 are counted, then payments are locked even for the right PIN", async () => {
    const local = await createTestApp();
    const { pair } = await import("./support/transfers");
    const { sender, bindingId } = await pair(local);
    const rs = await Promise.all(Array.from({ length: 10 }, () => send(local, sender.token, bindingId, 100, { pin: "147258" })));
    expect(rs.filter((r) => r.body.code === "PASSWORD_WRONG").length).toBeLessThanOrEqual(4);
    expect(rs.every((r) => r.status === 422 || r.status === 423)).toBe(true);
    expect((await send(local, sender.token, bindingId, 100)).status).toBe(423);
  });

  it("rotating X-Forwarded-For does not escape the per-address login limit", async () => {
    // Any client can send these headers to the Node server: they may only be believed from a trusted proxy.
    const direct = await createTestApp({ config: { RATE_LOGIN_PER_IP_PER_MINUTE: "5", TRUST_PROXY: "none" } });
    const rs = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        direct.api("POST", "/v1/auth/sessions", {
          body: { provider: "sandbox", code: `spoof-${i}` },
          headers: { "x-forwarded-for": `198.51.100.${i}` },
        }),
      ),
    );
    expect(rs.filter((r) => r.status === 201).length).toBeLessThanOrEqual(5);
  });
});
