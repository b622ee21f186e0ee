import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { agentAccounts } from "../../src/modules/agents/agents.schema";
import { MAX_FAILED_LOGINS, upsertAgentAccount } from "../../src/modules/agents/auth.service";
import { createTestApp } from "../support/app";
import { family, loginAs } from "../support/family";
import { newPerson, relate, verifiedUser } from "../support/people";
import { pair, send } from "../support/transfers";
import { mayActForWallet, walletIdsActedForBy } from "../../src/modules/wallet/wallet-powers";
import { users } from "../../src/modules/identity/identity.schema";

/**
 * The findings of the attack on a running server (issue #24), each kept as a test that failed before
 * its fix. Bursts are sent in parallel; on PostgreSQL (TEST_DATABASE_URL) they really race.
 */
const t = await createTestApp();
const PASSWORD = "Attack#2026-right";
let ip = 0;
const agentLogin = (username: string, password: string) =>
  t.api("POST", "/v1/agent/sessions", { body: { username, password }, headers: { "x-real-ip": `10.24.${ip >> 8}.${ip++ & 255}` } });

describe("[high] the console's agent login lockout under a parallel burst", () => {
  it("28 wrong passwords and the right one sent at once: at most 5 are evaluated, no session after the limit", async () => {
    await upsertAgentAccount(t.ctx(), { username: "burst01", displayName: "并发测试", role: "agent", password: PASSWORD });
    // 28 wrong passwords at once: no more than five are ever evaluated (before the fix: all of them).
    const burst = await Promise.all(Array.from({ length: 28 }, () => agentLogin("burst01", "wrong-password")));
    expect(burst.filter((r) => r.status === 401).length).toBeLessThanOrEqual(MAX_FAILED_LOGINS);
    for (const r of burst) expect([401, 423]).toContain(r.status);
    // Every evaluated wrong password is counted: the count shows how many were evaluated.
    const [counted] = await t.db.select().from(agentAccounts).where(eq(agentAccounts.username, "burst01"));
    expect(counted!.failedLogins).toBeLessThanOrEqual(MAX_FAILED_LOGINS);
    // Locked: a second burst with the right password gives nothing until the lock ends.
    const again = await Promise.all([
      agentLogin("burst01", PASSWORD),
      ...Array.from({ length: 10 }, () => agentLogin("burst01", "wrong-password")),
      agentLogin("burst01", PASSWORD),
    ]);
    for (const r of again) expect(r.status).toBe(423);
    // Real time passes: the lock ends, the right password works and clears the count.
    await t.db
      .update(agentAccounts)
      .set({ lockedUntil: new Date(Date.now() - 1000) })
      .where(eq(agentAccounts.username, "burst01"));
    expect((await agentLogin("burst01", PASSWORD)).status).toBe(201);
    const [b] = await t.db.select().from(agentAccounts).where(eq(agentAccounts.username, "burst01"));
    expect(b!.failedLogins).toBe(0);
  });
});

describe("[medium] the 10-relative limit under parallel requests", () => {
  const activeOf = async (token: string) => (await t.api("GET", "/v1/relatives", { token })).body.items.length as number;

  it("14 parallel POST /v1/relatives/minors give at most 10 active bindings", async () => {
    const parent = await verifiedUser(t, { birthDate: "1980-01-01" });
    const kids = [];
    for (let i = 0; i < 14; i++) {
      const k = await newPerson(t, { birthDate: "2015-06-01", insurance: "resident" });
      await relate(t, k, parent, "parent");
      kids.push(k);
    }
    const rs = await Promise.all(
      kids.map((k) =>
        t.api("POST", "/v1/relatives/minors", { token: parent.token, body: { relation: "child", name: k.name, idNumber: k.idNumber } }),
      ),
    );
    expect(rs.filter((r) => r.status === 201).length).toBe(10);
    for (const r of rs.filter((x) => x.status !== 201)) expect(r.body).toMatchObject({ code: "BINDING_LIMIT", limit: 10 });
    expect(await activeOf(parent.token)).toBe(10);
  });

  it("16 parallel invitations by one person: at most 10 pending", async () => {
    const user = await verifiedUser(t, { birthDate: "1980-01-01" });
    const sibs = [];
    for (let i = 0; i < 16; i++) {
      const s = await newPerson(t, { birthDate: "1982-01-01", insurance: "resident" });
      await relate(t, user, s, "sibling");
      sibs.push(s);
    }
    const rs = await Promise.all(
      sibs.map((s) =>
        t.api("POST", "/v1/invitations", { token: user.token, body: { relation: "sibling", name: s.name, idNumber: s.idNumber } }),
      ),
    );
    expect(rs.filter((r) => r.status === 201).length).toBe(10);
    for (const r of rs.filter((x) => x.status !== 201)) expect(r.body.code).toBe("BINDING_LIMIT");
  });

  it("16 invitations to one person accepted in parallel: at most 10 active bindings", async () => {
    const elder = await newPerson(t, { birthDate: "1955-01-01", insurance: "employee" });
    const codes: string[] = [];
    for (let i = 0; i < 16; i++) {
      const child = await verifiedUser(t, { birthDate: "1985-01-01" });
      await relate(t, child, elder, "parent");
      const inv = await t.api("POST", "/v1/invitations", {
        token: child.token,
        body: { relation: "parent", name: elder.name, idNumber: elder.idNumber },
      });
      expect(inv.status).toBe(201);
      codes.push(inv.body.code);
    }
    const token = await loginAs(t, elder);
    const rs = await Promise.all(
      codes.map((code) => t.api("POST", `/v1/invitations/${code}/accept`, { token, body: { faceToken: `face-ok:${elder.idNumber}` } })),
    );
    expect(rs.filter((r) => r.status === 200).length).toBe(10);
    for (const r of rs.filter((x) => x.status !== 200)) expect(r.body.code).toBe("BINDING_LIMIT");
    expect(await activeOf(token)).toBe(10);
  });
});

describe("[low] NUL and unpaired surrogates answer 400 VALIDATION_FAILED, never 500", () => {
  it("in a chat text, a transfer memo, a path parameter, a query string and a form", async () => {
    const { sender, bindingId } = await pair(t);
    const refused = (r: { status: number; body: any }) => {
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.code).toBe("VALIDATION_FAILED");
    };
    refused(await t.api("POST", "/v1/conversations", { token: sender.token, body: { text: "a\u0000b" } }));
    refused(await t.api("POST", "/v1/conversations", { token: sender.token, body: { text: "\udc00给我妈转两百" } }));
    const memo = await send(t, sender.token, bindingId, 1_000, { memo: "\ud800" });
    refused(memo);
    expect(memo.body.errors[0].path).toBe("memo");
    const list = await t.api("GET", "/v1/transfers", { token: sender.token });
    expect(JSON.stringify(list.body)).not.toContain("\\ud800");
    refused(await t.api("GET", "/v1/transfers/%00", { token: sender.token }));
    refused(await t.api("GET", "/v1/transfers/%ED%A0%80", { token: sender.token }));
    refused(await t.api("GET", "/v1/transfers/%E0%A4%A", { token: sender.token }));
    refused(await t.api("GET", "/v1/transfers?cursor=%00", { token: sender.token }));
    refused(
      await t.api("POST", "/console/login", {
        raw: "username=a%00b&password=x",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      }),
    );
    // Paired surrogates (an emoji) and ordinary text still pass.
    const ok = await send(t, sender.token, bindingId, 1_000, { memo: "🧧 生日快乐" });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
  });
});

describe("[medium] a guardian's powers end with the binding", () => {
  it("after unbinding, no e-code for the child's wallet and the wallet is no longer the guardian's", async () => {
    const { user, relative: child } = await family(t, "child", { relativeBirth: "2014-01-15", relativeInsurance: "resident" });
    const b = await t.api("POST", "/v1/relatives/minors", {
      token: user.token,
      body: { relation: "child", name: child.name, idNumber: child.idNumber },
    });
    expect(b.status).toBe(201);
    const bindingId = b.body.binding.bindingId;
    const w = await t.api("POST", `/v1/relatives/${bindingId}/wallet`, {
      token: user.token,
      body: { agreementVersion: "2024.12", commitmentVersion: "2024.12", faceToken: `face-ok:${user.idNumber}`, paymentPassword: "258036" },
    });
    expect(w.status, JSON.stringify(w.body)).toBe(201);
    const walletId = w.body.wallet.id ?? w.body.wallet.walletId;
    const [u] = await t.db.select().from(users).where(eq(users.personId, user.personId));
    expect((await t.api("POST", "/v1/ecodes", { token: user.token, body: { walletId } })).status).toBe(201);
    expect(await mayActForWallet(t.db, u!.id, walletId)).toBe(true);
    expect(await walletIdsActedForBy(t.db, u!.id)).toContain(walletId);
    expect((await t.api("DELETE", `/v1/relatives/${bindingId}`, { token: user.token })).status).toBeLessThan(300);
    const after = await t.api("POST", "/v1/ecodes", { token: user.token, body: { walletId } });
    expect(after.status).toBe(404);
    expect(await mayActForWallet(t.db, u!.id, walletId)).toBe(false);
    expect(await walletIdsActedForBy(t.db, u!.id)).not.toContain(walletId);
  });
});
