import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it, inject } from "vitest";
import { openDatabase } from "../src/db/node";
import { parseAgentsArgs, runAgentsCli, USAGE } from "../src/entry/agents-cli";
import { verifyPassword } from "../src/lib/crypto";
import { agentAccounts } from "../src/modules/agents/agents.schema";
import {
  addAgent,
  disableAgent,
  enableAgent,
  listAgents,
  ProvisioningError,
  resetAgentPassword,
} from "../src/modules/agents/provisioning.service";
import { auditLog } from "../src/modules/audit/audit.schema";
import { createTestApp } from "./support/app";

const t = await createTestApp();
let ipSeq = 0;

async function agentLogin(username: string, password: string) {
  return t.api("POST", "/v1/agent/sessions", { body: { username, password }, headers: { "x-real-ip": `10.12.0.${ipSeq++ % 250}` } });
}
async function tokenOf(username: string, password: string): Promise<string> {
  const r = await agentLogin(username, password);
  if (r.status !== 201) throw new Error(`agent login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token;
}
async function auditFor(agentId: string) {
  return t.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.subjectId, agentId), eq(auditLog.actorType, "system")));
}
async function accountId(username: string): Promise<string> {
  const [a] = await t.db.select({ id: agentAccounts.id }).from(agentAccounts).where(eq(agentAccounts.username, username));
  return a!.id;
}

describe("agent provisioning (service)", () => {
  it("adds an account whose generated password logs in, and refuses the same username again", async () => {
    const added = await addAgent(t.ctx(), { username: "ops.alice", role: "supervisor", displayName: "  运营 爱丽丝 " });
    expect(added.password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const r = await agentLogin("ops.alice", added.password);
    expect(r.status).toBe(201);
    expect(r.body.role).toBe("supervisor");
    expect((await t.api("GET", "/v1/agent/me", { token: r.body.token })).body).toMatchObject({ username: "ops.alice", role: "supervisor" });

    const [row] = await t.db.select().from(agentAccounts).where(eq(agentAccounts.username, "ops.alice"));
    expect(row!.displayName).toBe("运营 爱丽丝");
    expect(row!.passwordHash).toMatch(/^pbkdf2-sha256\$/);
    expect(row!.passwordHash).not.toContain(added.password);

    const again = addAgent(t.ctx(), { username: "ops.alice", role: "agent", displayName: "别人" });
    await expect(again).rejects.toBeInstanceOf(ProvisioningError);
    await expect(again).rejects.toMatchObject({ code: "USERNAME_TAKEN" });
    // Not overwritten: the first password still works and the role is unchanged.
    expect((await agentLogin("ops.alice", added.password)).body.role).toBe("supervisor");
    // The sandbox accounts are just as protected.
    await expect(addAgent(t.ctx(), { username: "agent01", role: "auditor", displayName: "x" })).rejects.toMatchObject({
      code: "USERNAME_TAKEN",
    });
  });

  it("refuses bad input", async () => {
    await expect(addAgent(t.ctx(), { username: "ok-name", role: "boss", displayName: "x" })).rejects.toMatchObject({
      code: "INVALID_INPUT",
    });
    await expect(addAgent(t.ctx(), { username: "bad name", role: "agent", displayName: "x" })).rejects.toMatchObject({
      code: "INVALID_INPUT",
    });
    await expect(addAgent(t.ctx(), { username: "ok-name", role: "agent", displayName: "   " })).rejects.toMatchObject({
      code: "INVALID_INPUT",
    });
    for (const f of [disableAgent, enableAgent, resetAgentPassword])
      await expect(f(t.ctx(), "nobody-here")).rejects.toMatchObject({ code: "UNKNOWN_AGENT" });
  });

  it("disable refuses logins and revokes open sessions; enable lets the agent log in again", async () => {
    const { password } = await addAgent(t.ctx(), { username: "ops.bob", role: "agent", displayName: "鲍勃" });
    const token = await tokenOf("ops.bob", password);
    expect((await t.api("GET", "/v1/agent/me", { token })).status).toBe(200);

    const d = await disableAgent(t.ctx(), "ops.bob");
    expect(d).toEqual({ changed: true, sessionsRevoked: 1 });
    expect((await t.api("GET", "/v1/agent/me", { token })).status).toBe(401);
    const refused = await agentLogin("ops.bob", password);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe("UNAUTHENTICATED");
    expect(await disableAgent(t.ctx(), "ops.bob")).toEqual({ changed: false, sessionsRevoked: 0 });

    expect(await enableAgent(t.ctx(), "ops.bob")).toEqual({ changed: true });
    // The old session stays revoked; a fresh login works.
    expect((await t.api("GET", "/v1/agent/me", { token })).status).toBe(401);
    const fresh = await tokenOf("ops.bob", password);
    expect((await t.api("GET", "/v1/agent/me", { token: fresh })).status).toBe(200);
    expect(await enableAgent(t.ctx(), "ops.bob")).toEqual({ changed: false });

    const rows = await auditFor(await accountId("ops.bob"));
    expect(rows.map((r) => r.action).sort()).toEqual(["agent.created", "agent.disabled", "agent.enabled"]);
    expect(rows.find((r) => r.action === "agent.disabled")!.details).toMatchObject({ username: "ops.bob", sessionsRevoked: 1 });
  });

  it("reset-password: old password refused, new one works, lock and failures cleared, sessions revoked", async () => {
    const { password: old } = await addAgent(t.ctx(), { username: "ops.carol", role: "auditor", displayName: "卡罗尔" });
    const token = await tokenOf("ops.carol", old);
    for (let i = 0; i < 5; i++) await agentLogin("ops.carol", "wrong-password");
    expect((await agentLogin("ops.carol", old)).status).toBe(423);
    expect((await listAgents(t.ctx())).find((a) => a.username === "ops.carol")!.lockedUntil).not.toBeNull();

    const r = await resetAgentPassword(t.ctx(), "ops.carol");
    expect(r.password).not.toBe(old);
    expect(r.sessionsRevoked).toBe(1);
    expect(r.disabled).toBe(false);
    expect((await t.api("GET", "/v1/agent/me", { token })).status).toBe(401);
    expect((await agentLogin("ops.carol", old)).status).toBe(401);
    const ok = await agentLogin("ops.carol", r.password);
    expect(ok.status).toBe(201);
    expect(ok.body.role).toBe("auditor");
    const [row] = await t.db.select().from(agentAccounts).where(eq(agentAccounts.username, "ops.carol"));
    expect(row!.failedLogins).toBe(0);
    expect(row!.lockedUntil).toBeNull();
    const reset = (await auditFor(row!.id)).find((a) => a.action === "agent.password_reset");
    expect(reset!.details).toMatchObject({ username: "ops.carol", sessionsRevoked: 1, wasLocked: true });
    expect(JSON.stringify(reset!.details)).not.toContain(r.password);
  });

  it("lists accounts without hashes", async () => {
    const list = await listAgents(t.ctx());
    expect(list.map((a) => a.username)).toEqual(expect.arrayContaining(["agent01", "auditor01", "ops.alice", "ops.bob", "ops.carol"]));
    for (const a of list)
      expect(Object.keys(a).sort()).toEqual(["createdAt", "disabledAt", "displayName", "failedLogins", "lockedUntil", "role", "username"]);
    expect(JSON.stringify(list)).not.toContain("pbkdf2");
  });

  it("audits every change as the system, and the chain still verifies", async () => {
    const ids = await Promise.all(["ops.alice", "ops.bob", "ops.carol"].map(accountId));
    const rows = await t.db.select().from(auditLog).where(inArray(auditLog.subjectId, ids));
    const system = rows.filter((r) => r.actorType === "system");
    expect(system.map((r) => r.action).sort()).toEqual(
      ["agent.created", "agent.created", "agent.created", "agent.disabled", "agent.enabled", "agent.password_reset"].sort(),
    );
    for (const r of system) expect(r.actorId).toBe("agents-cli");
    const auditor = await tokenOf("auditor01", "Sandbox#2026");
    const v = await t.api("GET", "/v1/agent/audit/verify", { token: auditor });
    expect(v.status).toBe(200);
    expect(v.body).toMatchObject({ ok: true, firstBroken: null });
    const page = await t.api("GET", "/v1/agent/audit?limit=200", { token: auditor });
    expect((page.body.items as { action: string }[]).some((i) => i.action === "agent.password_reset")).toBe(true);
  });
});

describe("agents CLI", () => {
  it("parses commands and refuses bad usage", () => {
    expect(parseAgentsArgs(["--help"])).toEqual({ kind: "help" });
    expect(parseAgentsArgs(["add", "dave", "--role", "agent", "--name", "戴夫"])).toEqual({
      kind: "add",
      username: "dave",
      role: "agent",
      displayName: "戴夫",
    });
    expect(parseAgentsArgs(["reset-password", "dave"])).toEqual({ kind: "reset-password", username: "dave" });
    expect(parseAgentsArgs(["list"])).toEqual({ kind: "list" });
    for (const bad of [
      [],
      ["add", "dave", "--name", "x"],
      ["add", "dave", "--role", "boss", "--name", "x"],
      ["add", "dave", "--role", "agent"],
      ["add", "--role", "agent", "--name", "x"],
      ["disable"],
      ["enable", "a", "b"],
      ["frobnicate"],
      ["list", "--bogus"],
    ]) {
      expect(() => parseAgentsArgs(bad)).toThrow();
    }
  });

  it("exits 2 on bad usage and on a missing pepper, without touching a database", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (s: string) => out.push(s), err: (s: string) => err.push(s) };
    expect(await runAgentsCli(["add", "x", "--role", "boss", "--name", "y"], {}, io)).toBe(2);
    expect(err.join("")).toContain('unknown role "boss"');
    expect(await runAgentsCli(["list"], { PGLITE_DIR: "memory://" }, io)).toBe(2);
    expect(err.join("")).toContain("PASSWORD_PEPPER is required");
    expect(await runAgentsCli(["--help"], {}, io)).toBe(0);
    expect(out.join("")).toBe(USAGE);
  });

  it("runs as a child process on the suite's database kind: --help, add, list", async () => {
    // On PostgreSQL (TEST_DATABASE_URL) the CLI opens this file's own database; otherwise a PGlite copy.
    const pgUrl = (t.handle as { url?: string }).url;
    const run = promisify(execFile);
    const dir = mkdtempSync(join(tmpdir(), "yb-agents-cli-"));
    try {
      const pgliteDir = join(dir, "pglite");
      const where = pgUrl ? { DATABASE_URL: pgUrl } : { PGLITE_DIR: pgliteDir };
      const env = {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        ...where,
        PASSWORD_PEPPER: t.config.secrets.passwordPepper,
        PASSWORD_HASH_ITERATIONS: "2000",
      };
      const cli = (...args: string[]) =>
        run(process.execPath, ["--import", "tsx", "src/entry/agents-cli.ts", ...args], { env, cwd: process.cwd() });

      // --help opens no database, so it runs while the database is prepared: a migrated, seeded
      // copy of the suite's snapshot (faster than running the migrator).
      const help = cli("--help");
      if (!pgUrl) {
        const seed = await openDatabase({ pgliteDir, loadDataDir: new Blob([readFileSync(inject("pgliteDump"))]) });
        await seed.close();
      }
      expect((await help).stdout).toContain("Usage: npm run agents -- <command>");

      const added = await cli("add", "cli.erin", "--role", "agent", "--name", "艾琳");
      const password = /^password: (\S+)$/m.exec(added.stdout)?.[1];
      expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(added.stderr).not.toContain(password!);

      const listed = await cli("list");
      expect(listed.stdout).toMatch(/^USERNAME\s+ROLE\s+NAME\s+CREATED\s+DISABLED\s+LOCKED$/m);
      expect(listed.stdout).toMatch(/^cli\.erin\s+agent\s+艾琳\s+\S+\s+-\s+-$/m);
      expect(listed.stdout).not.toContain("pbkdf2");
      expect(listed.stdout).not.toContain(password!);

      // Unknown user: exit 2 (in-process, to keep the test quick).
      const err: string[] = [];
      expect(await runAgentsCli(["disable", "nobody-here"], env, { out: () => {}, err: (s) => err.push(s) })).toBe(2);
      expect(err.join("")).toContain('no agent account "nobody-here"');

      // The printed password matches the stored hash under the server's pepper.
      const check = pgUrl ? await openDatabase({ databaseUrl: pgUrl, poolSize: 1 }) : await openDatabase({ pgliteDir });
      try {
        const [row] = await check.db.select().from(agentAccounts).where(eq(agentAccounts.username, "cli.erin"));
        expect(await verifyPassword(password!, t.config.secrets.passwordPepper, row!.passwordHash)).toBe(true);
        const [created] = await check.db
          .select()
          .from(auditLog)
          .where(and(eq(auditLog.subjectId, row!.id), eq(auditLog.action, "agent.created")));
        expect(created).toMatchObject({ actorType: "system", actorId: "agents-cli" });
      } finally {
        await check.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // Three child processes that each load tsx: slow on a loaded machine, so a generous limit.
  }, 600_000);
});
