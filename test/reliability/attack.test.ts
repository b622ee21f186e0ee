import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { agentAccounts } from "../../src/modules/agents/agents.schema";
import { MAX_FAILED_LOGINS, upsertAgentAccount } from "../../src/modules/agents/auth.service";
import { createTestApp } from "../support/app";

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
    const burst = await Promise.all([
      ...Array.from({ length: 28 }, () => agentLogin("burst01", "wrong-password")),
      agentLogin("burst01", PASSWORD),
    ]);
    const evaluated = burst.filter((r) => r.status === 401 || r.status === 201);
    expect(evaluated.length).toBeLessThanOrEqual(MAX_FAILED_LOGINS);
    expect(burst.filter((r) => r.status === 401).length).toBeLessThanOrEqual(MAX_FAILED_LOGINS);
    for (const r of burst) expect([401, 201, 423]).toContain(r.status);
    const [a] = await t.db.select().from(agentAccounts).where(eq(agentAccounts.username, "burst01"));
    if (burst[28]!.status !== 201) {
      // Locked: a second burst with the right password gives nothing until the lock ends.
      expect(a!.lockedUntil).not.toBeNull();
      const again = await Promise.all([agentLogin("burst01", PASSWORD), ...Array.from({ length: 10 }, () => agentLogin("burst01", "wrong-password")), agentLogin("burst01", PASSWORD)]);
      for (const r of again) expect(r.status).toBe(423);
      // Real time passes: the lock ends, the right password works and clears the count.
      await t.db.update(agentAccounts).set({ lockedUntil: new Date(Date.now() - 1000) }).where(eq(agentAccounts.username, "burst01"));
      expect((await agentLogin("burst01", PASSWORD)).status).toBe(201);
    }
    const [b] = await t.db.select().from(agentAccounts).where(eq(agentAccounts.username, "burst01"));
    expect(b!.failedLogins).toBeLessThanOrEqual(MAX_FAILED_LOGINS);
  });
});
