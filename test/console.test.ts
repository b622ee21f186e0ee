import { describe, expect, it } from "vitest";
import { ConsoleClient } from "./browser/support/console-client";
import { memoryHandoffs } from "./browser/support/handoffs";
import { createTestApp } from "./support/app";
import { walletUser } from "./support/wallets";

const t = await createTestApp();
const handoffs = memoryHandoffs();

async function signedIn(username: string) {
  const c = new ConsoleClient(t);
  const r = await c.login(username);
  expect(r.status).toBe(303);
  await c.get(r.location!);
  return c;
}

describe("console login and session", () => {
  it("serves the login page with strict security headers and no inline script", async () => {
    const c = new ConsoleClient(t);
    const r = await c.get("/console/login");
    expect(r.status).toBe(200);
    const csp = r.headers.get("content-security-policy")!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(r.headers.get("x-frame-options")).toBe("DENY");
    expect(r.headers.get("x-content-type-options")).toBe("nosniff");
    expect(r.headers.get("cache-control")).toBe("no-store");
    expect(r.text).toMatch(/^<!doctype html><html lang="zh-CN">/);
    expect(r.text).not.toMatch(/<script(?![^>]*src=)/);
    expect(r.text).toContain('<label for="username">用户名</label>');
  });

  it("sets an HttpOnly SameSite=Strict session cookie (Secure with __Host- outside plain-http localhost)", async () => {
    const local = new ConsoleClient(t);
    const r = await local.login("agent01");
    expect(r.location).toBe("/console/queue");
    const cookie = r.cookies.find((x) => x.startsWith("yb_console="))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/);
    const remote = new ConsoleClient(t, "https://wallet.example");
    const s = await remote.login("agent01");
    expect(s.status).toBe(303);
    expect(s.cookies.find((x) => x.startsWith("__Host-yb_console="))).toMatch(/HttpOnly.*Secure|Secure.*HttpOnly/);
  });

  it("refuses a login form without its CSRF token or from another origin", async () => {
    const c = new ConsoleClient(t);
    await c.get("/console/login");
    expect((await c.request("POST", "/console/login", { username: "agent01", password: "Sandbox#2026" })).status).toBe(403);
    const cross = await c.post("/console/login", { username: "agent01", password: "Sandbox#2026" }, { origin: "https://evil.example" });
    expect(cross.status).toBe(403);
    expect(c.jar.has("yb_console")).toBe(false);
  });

  it("shows a wrong password on the login page", async () => {
    const c = new ConsoleClient(t);
    await c.get("/console/login");
    const r = await c.post("/console/login", { username: "supervisor02", password: "nope" });
    expect(r.status).toBe(401);
    expect(r.text).toContain("用户名或密码错误");
  });

  it("sends each role home, redirects strangers to login, and logs out server-side", async () => {
    expect((await new ConsoleClient(t).get("/console/queue")).location).toBe("/console/login");
    const aud = await signedIn("auditor01");
    expect((await aud.get("/console")).location).toBe("/console/audit");
    const c = await signedIn("agent01");
    const cookie = c.jar.get("yb_console")!;
    const out = await c.post("/console/logout");
    expect(out.location).toBe("/console/login?done=logout");
    const replay = new ConsoleClient(t);
    replay.jar.set("yb_console", cookie);
    expect((await replay.get("/console/queue")).location).toBe("/console/login");
  });
});

describe("console guards", () => {
  it("answers 403 to another role's pages and actions, and to forms without the session's token", async () => {
    const agent = await signedIn("agent01");
    const auditor = await signedIn("auditor01");
    const sup = await signedIn("supervisor01");
    expect((await agent.get("/console/audit")).status).toBe(403);
    expect((await agent.post("/console/audit/verify")).status).toBe(403);
    expect((await agent.post("/console/wallets/NOPE/unfreeze", { reason: "测试" })).status).toBe(403);
    expect((await agent.post("/console/reversals/NOPE/approve")).status).toBe(403);
    for (const path of ["/console/queue", "/console/users", "/console/reversals"]) expect((await auditor.get(path)).status).toBe(403);
    expect((await sup.get("/console/audit")).status).toBe(403);
    expect((await sup.get("/console/reversals")).status).toBe(200);
    const noToken = await agent.request("POST", "/console/wallets/NOPE/freeze", { reason: "测试" });
    expect(noToken.status).toBe(403);
    expect(noToken.text).toContain("页面已过期");
  });

  it("lets the console cookie call the agent API, with X-CSRF-Token on writes", async () => {
    const c = await signedIn("agent01");
    expect((await c.get("/v1/agent/me")).status).toBe(200);
    const noHeader = await c.request("POST", "/v1/agent/wallets/NOPE/freeze", undefined, { "content-type": "application/json" });
    expect(noHeader.status).toBe(403);
    expect(JSON.parse(noHeader.text).code).toBe("CSRF_FAILED");
    const res = await t.app.request("http://localhost/v1/agent/wallets/NOPE/freeze", {
      method: "POST",
      headers: { cookie: `yb_console=${c.jar.get("yb_console")}`, "x-csrf-token": c.csrf, "content-type": "application/json" },
      body: JSON.stringify({ reason: "测试" }),
    });
    expect(res.status).toBe(404);
  });
});

describe("console work", () => {
  it("takes a hand-off, shows the transcript with masked context, and replies", async () => {
    const u = await walletUser(t);
    const id = handoffs.add(await userIdOf(u.token));
    const c = await signedIn("agent01");
    const queue = await c.get("/console/queue");
    expect(queue.text).toContain(`/console/conversations/${id}/take`);
    const taken = await c.post(`/console/conversations/${id}/take`);
    expect(taken.location).toBe(`/console/conversations/${id}?done=taken`);
    const view = await c.get(taken.location!);
    expect(view.text).toContain("给我妈转两百");
    expect(view.text).toContain("¥1,000.00");
    expect(view.text).not.toContain(u.idNumber);
    expect(view.text).not.toContain(u.name);
    const sent = await c.post(`/console/conversations/${id}/reply`, { text: "您好，我来帮您查看。" });
    expect(sent.status).toBe(303);
    expect(handoffs.get(id).messages.at(-1)).toMatchObject({ role: "agent", text: "您好，我来帮您查看。" });
    const other = await signedIn("supervisor01");
    expect((await other.post(`/console/conversations/${id}/reply`, { text: "抢答" })).status).toBe(409);
    handoffs.userSays(id, "谢谢");
    const poll = JSON.parse((await c.get(`/console/conversations/${id}/messages`)).text);
    expect(poll.messages.at(-1)).toMatchObject({ role: "user", text: "谢谢" });
  });

  it("looks a user up, reveals one field with a reason, freezes and (as supervisor) unfreezes", async () => {
    const u = await walletUser(t);
    const c = await signedIn("agent01");
    await c.get("/console/users");
    const found = await c.post("/console/users/search", { q: u.idNumber });
    expect(found.text).toContain(`/console/users/${u.personId}`);
    expect(found.text).not.toContain(u.idNumber.slice(4, 14));
    const page = await c.get(`/console/users/${u.personId}`);
    expect(page.text).not.toContain(u.name);
    const shown = await c.post(`/console/users/${u.personId}/reveal`, { field: "name", reason: "来电核实" });
    expect(shown.text).toContain(u.name);
    const frozen = await c.post(`/console/wallets/${u.walletId}/freeze`, { reason: "疑似被盗", back: `/console/users/${u.personId}` });
    expect(frozen.location).toBe(`/console/users/${u.personId}?done=frozen`);
    expect((await c.get(frozen.location!)).text).toContain("已冻结");
    expect((await t.api("GET", "/v1/wallet", { token: u.token })).body.status).toBe("frozen");
    const sup = await signedIn("supervisor02");
    await sup.get(`/console/users/${u.personId}`);
    const un = await sup.post(`/console/wallets/${u.walletId}/unfreeze`, { reason: "核实无误", back: "https://evil.example/x" });
    expect(un.location).toBe("/console/users?done=unfrozen");
    expect((await t.api("GET", "/v1/wallet", { token: u.token })).body.status).toBe("active");
  });

  it("shows the audit log to the auditor and verifies the chain from a button", async () => {
    const aud = await signedIn("auditor01");
    const r = await aud.get("/console/audit");
    expect(r.text).toContain("验证哈希链");
    const v = await aud.post("/console/audit/verify");
    expect(v.status).toBe(200);
    expect(v.text).toContain("哈希链完整");
  });
});

async function userIdOf(token: string): Promise<string> {
  return (await t.api("GET", "/v1/me", { token })).body.user.id;
}
