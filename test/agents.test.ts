import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { agentAccounts } from "../src/modules/agents/agents.schema";
import { upsertAgentAccount } from "../src/modules/agents/auth.service";
import { createTestApp } from "./support/app";
import { login, verifiedUser } from "./support/people";
import { walletUser } from "./support/wallets";

const t = await createTestApp();
const PASSWORD = "Sandbox#2026";
let ipSeq = 0;

async function agentLogin(username: string, password = PASSWORD) {
  // A distinct address per login keeps the per-address login limit out of these tests.
  return t.api("POST", "/v1/agent/sessions", { body: { username, password }, headers: { "x-real-ip": `10.9.0.${ipSeq++ % 250}` } });
}
async function tokenOf(username: string): Promise<string> {
  const r = await agentLogin(username);
  if (r.status !== 201) throw new Error(`agent login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token;
}

describe("agent login", () => {
  it("issues a bearer token with the role for each sandbox account", async () => {
    for (const [username, role] of [
      ["agent01", "agent"],
      ["supervisor01", "supervisor"],
      ["supervisor02", "supervisor"],
      ["auditor01", "auditor"],
    ]) {
      const r = await agentLogin(username!);
      expect(r.status).toBe(201);
      expect(r.body.role).toBe(role);
      expect(new Date(r.body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 7 * 3600_000);
      const me = await t.api("GET", "/v1/agent/me", { token: r.body.token });
      expect(me.body).toMatchObject({ username, role });
    }
  });

  it("stores the password as a salted hash, never in clear", async () => {
    const [a] = await t.db.select().from(agentAccounts).where(eq(agentAccounts.username, "agent01"));
    expect(a!.passwordHash).toMatch(/^pbkdf2-sha256\$/);
    expect(a!.passwordHash).not.toContain(PASSWORD);
  });

  it("answers 401 for a wrong password or an unknown username, alike", async () => {
    const unknown = await agentLogin("nobody-here", PASSWORD);
    expect(unknown.status).toBe(401);
    expect(unknown.body.code).toBe("UNAUTHENTICATED");
  });

  it("locks an account for 15 minutes after 5 wrong passwords", async () => {
    await upsertAgentAccount(t.ctx(), { username: "lockme", displayName: "锁定测试", role: "agent", password: PASSWORD });
    for (let i = 1; i <= 4; i++) {
      const r = await agentLogin("lockme", "wrong-password");
      expect(r.status).toBe(401);
      expect(r.body.remainingAttempts).toBe(5 - i);
    }
    const fifth = await agentLogin("lockme", "wrong-password");
    expect(fifth.status).toBe(423);
    expect(fifth.body.code).toBe("ACCOUNT_LOCKED");
    const minutes = (new Date(fifth.body.lockedUntil).getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14.9);
    expect(minutes).toBeLessThanOrEqual(15);
    expect((await agentLogin("lockme")).status).toBe(423);
    // Real time passes (the sandbox clock cannot unlock it): move the lock into the past.
    await t.db
      .update(agentAccounts)
      .set({ lockedUntil: new Date(Date.now() - 1000) })
      .where(eq(agentAccounts.username, "lockme"));
    expect((await agentLogin("lockme")).status).toBe(201);
    const [a] = await t.db.select().from(agentAccounts).where(eq(agentAccounts.username, "lockme"));
    expect(a!.failedLogins).toBe(0);
  });

  it("ends the session server-side on logout, and refuses user tokens and forged ones", async () => {
    const token = await tokenOf("agent01");
    expect((await t.api("GET", "/v1/agent/me", { token })).status).toBe(200);
    expect((await t.api("DELETE", "/v1/agent/sessions/current", { token })).status).toBe(204);
    const after = await t.api("GET", "/v1/agent/me", { token });
    expect(after.status).toBe(401);
    expect((await t.api("GET", "/v1/agent/me", { token: await login(t) })).status).toBe(401);
    const { issueToken } = await import("../src/modules/platform/tokens");
    const noSession = await issueToken(t.config.secrets.token, { sub: "x", kind: "agent", role: "supervisor", sid: "nope" }, 600);
    expect((await t.api("GET", "/v1/agent/me", { token: noSession.token })).status).toBe(401);
  });
});

describe("user look-up and reveal", () => {
  it("finds a person by ID number, phone or name, masked, and audits reveals with a reason", async () => {
    const u = await walletUser(t, { phone: "13912340107" });
    const token = await tokenOf("agent01");
    for (const q of [u.idNumber, "139 1234 0107", u.name]) {
      const r = await t.api("GET", `/v1/agent/users?q=${encodeURIComponent(q)}`, { token });
      expect(r.status).toBe(200);
      const hit = r.body.items.find((i: { personId: string }) => i.personId === u.personId);
      expect(hit).toMatchObject({ walletId: u.walletId, walletStatus: "active", maskedPhone: "139****0107", regionCode: "320500" });
      expect(hit.maskedIdNumber).toBe(`${u.idNumber.slice(0, 4)}**********${u.idNumber.slice(-4)}`);
      expect(JSON.stringify(r.body)).not.toContain(u.idNumber);
      expect(JSON.stringify(r.body)).not.toContain(u.name);
    }
    const noReason = await t.api("POST", `/v1/agent/users/${u.personId}/reveal`, { token, body: { field: "idNumber" } });
    expect(noReason.status).toBe(400);
    const r = await t.api("POST", `/v1/agent/users/${u.personId}/reveal`, {
      token,
      body: { field: "idNumber", reason: "用户来电核实身份" },
    });
    expect(r.body).toEqual({ personId: u.personId, field: "idNumber", value: u.idNumber });
    const audit = await t.api("GET", "/v1/agent/audit?limit=200", { token: await tokenOf("auditor01") });
    const row = audit.body.items.find(
      (i: { action: string; subjectId: string }) => i.action === "user.reveal" && i.subjectId === u.personId,
    );
    expect(row.details).toEqual({ field: "idNumber", reason: "用户来电核实身份" });
    expect(JSON.stringify(audit.body)).not.toContain(u.idNumber);
  });

  it("shows a person's masked context", async () => {
    const u = await walletUser(t);
    const r = await t.api("GET", `/v1/agent/users/${u.personId}`, { token: await tokenOf("supervisor01") });
    expect(r.status).toBe(200);
    expect(r.body.wallet).toMatchObject({ id: u.walletId, status: "active", balances: { ownFen: 100_000 } });
    expect(r.body.unavailable).toEqual([]);
  });
});

describe("freeze and unfreeze", () => {
  it("lets an agent freeze, only a supervisor unfreeze, and the user sees the status", async () => {
    const u = await walletUser(t);
    const agent = await tokenOf("agent01");
    const frozen = await t.api("POST", `/v1/agent/wallets/${u.walletId}/freeze`, { token: agent, body: { reason: "疑似账户被盗" } });
    expect(frozen.body).toEqual({ id: u.walletId, status: "frozen" });
    expect((await t.api("GET", "/v1/wallet", { token: u.token })).body.status).toBe("frozen");
    expect((await t.api("POST", `/v1/agent/wallets/${u.walletId}/freeze`, { token: agent, body: { reason: "再次冻结" } })).body.code).toBe(
      "WALLET_ALREADY_FROZEN",
    );
    expect((await t.api("POST", `/v1/agent/wallets/${u.walletId}/unfreeze`, { token: agent, body: { reason: "核实无误" } })).status).toBe(
      403,
    );
    const sup = await tokenOf("supervisor02");
    const un = await t.api("POST", `/v1/agent/wallets/${u.walletId}/unfreeze`, { token: sup, body: { reason: "核实无误" } });
    expect(un.body).toEqual({ id: u.walletId, status: "active" });
    expect((await t.api("GET", "/v1/wallet", { token: u.token })).body.status).toBe("active");
  });

  it("refuses an unknown wallet with 404", async () => {
    const r = await t.api("POST", "/v1/agent/wallets/NOPE/freeze", { token: await tokenOf("agent01"), body: { reason: "测试" } });
    expect(r.status).toBe(404);
  });

  it("keeps a verified user without a wallet findable", async () => {
    const u = await verifiedUser(t);
    const r = await t.api("GET", `/v1/agent/users?q=${encodeURIComponent(u.idNumber)}`, { token: await tokenOf("agent01") });
    expect(r.body.items[0]).toMatchObject({ personId: u.personId, walletId: null, walletStatus: null });
  });
});
