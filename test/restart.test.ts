import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { ConfigError } from "../src/config";
import { openDatabase } from "../src/db/node";
import { sandboxSecretsPath, withSandboxSecrets } from "../src/entry/sandbox-secrets";
import { startNodeServer, type RunningServer } from "../src/entry/server";
import { createLogger } from "../src/lib/logger";
import { agentToken } from "./support/admin";
import type { TestApp } from "./support/app";
import { login } from "./support/people";
import { PIN, walletUser } from "./support/wallets";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), "yb-restart-"));
  dirs.push(d);
  return d;
}

describe("sandbox secrets kept beside the embedded database", () => {
  it("are generated once into a 0600 file, read back on the next start, and the environment still wins", () => {
    const dir = join(tmp(), "pglite");
    const first = withSandboxSecrets({ PGLITE_DIR: dir });
    const file = sandboxSecretsPath(dir);
    expect(first.file).toBe(file);
    expect(first.generated).toEqual(["TOKEN_SECRET", "ENCRYPTION_KEY", "LOOKUP_HMAC_KEY", "PASSWORD_PEPPER", "PIN_KEY"]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = withSandboxSecrets({ PGLITE_DIR: dir });
    expect(second.generated).toEqual([]);
    expect(second.env.ENCRYPTION_KEY).toBe(first.env.ENCRYPTION_KEY);
    expect(second.env.PASSWORD_PEPPER).toBe(first.env.PASSWORD_PEPPER);
    const given = withSandboxSecrets({ PGLITE_DIR: dir, TOKEN_SECRET: "t".repeat(40) });
    expect(given.env.TOKEN_SECRET).toBe("t".repeat(40));
    // A secret added to the list later is generated into the same file, keeping the others.
    const kept = JSON.parse(readFileSync(file, "utf8"));
    delete kept.PASSWORD_PEPPER;
    writeFileSync(file, JSON.stringify(kept), { mode: 0o644 });
    const third = withSandboxSecrets({ PGLITE_DIR: dir });
    expect(third.generated).toEqual(["PASSWORD_PEPPER"]);
    expect(third.env.ENCRYPTION_KEY).toBe(first.env.ENCRYPTION_KEY);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("are not written for a throw-away database or outside sandbox mode, where they stay required", () => {
    expect(withSandboxSecrets({ PGLITE_DIR: "memory://" }).file).toBeUndefined();
    expect(() => withSandboxSecrets({ DATABASE_URL: "postgres://x@127.0.0.1:1/db" })).toThrow(
      /TOKEN_SECRET, ENCRYPTION_KEY, LOOKUP_HMAC_KEY, PASSWORD_PEPPER, PIN_KEY are required/,
    );
    expect(() => withSandboxSecrets({ SANDBOX: "0", PGLITE_DIR: join(tmp(), "p") })).toThrow(ConfigError);
  });
});

describe("npm start, stop, npm start again on the same .data/pglite", () => {
  // The test run's migrated, seeded snapshot stands in for a first start (PGlite's initdb alone takes
  // half a minute on a busy machine); its sealed data was written with the test secrets, which are
  // put in the secrets file as a first start would have left them.
  const TEST_SECRETS = {
    TOKEN_SECRET: "test-token-secret-0123456789abcdef0123456789",
    ENCRYPTION_KEY: "test-encryption-key-0123456789abcdef012345",
    LOOKUP_HMAC_KEY: "test-lookup-key-0123456789abcdef0123456789",
    PASSWORD_PEPPER: "test-pepper-0123456789",
    PIN_KEY: "test-pin-key-0123456789abcdef0123456789abc",
  };
  const dump = inject("pgliteDump");
  const dir = join(tmp(), "pglite");
  const env = {
    PGLITE_DIR: dir,
    PORT: "0",
    LISTEN_SOCKETS: "1",
    PASSWORD_HASH_ITERATIONS: "2000",
    FIXED_NOW: "2026-11-24T10:00:00+08:00",
    LOG_LEVEL: "error",
  };
  const progress: string[] = [];
  const io = { progress: (l: string) => progress.push(l), banner: () => {}, log: createLogger("error", () => {}) };
  let server: RunningServer | undefined;
  afterAll(async () => {
    await server?.stop();
  });

  const http = (s: RunningServer) =>
    ({
      async api(method: string, path: string, init: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
        const headers: Record<string, string> = { ...init.headers };
        if (init.token) headers.authorization = `Bearer ${init.token}`;
        if (init.body !== undefined) headers["content-type"] = "application/json";
        const res = await fetch(`${s.base}${path}`, {
          method,
          headers,
          body: init.body === undefined ? undefined : JSON.stringify(init.body),
        });
        const text = await res.text();
        return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
      },
    }) as unknown as TestApp;

  it.skipIf(!dump)(
    "keeps every user, session, PIN and sealed field, and refuses a key that cannot open them",
    { timeout: 120_000 },
    async () => {
      const seeded = await openDatabase({ pgliteDir: dir, loadDataDir: new Blob([readFileSync(dump)]) });
      await seeded.close();
      writeFileSync(sandboxSecretsPath(dir), JSON.stringify(TEST_SECRETS), { mode: 0o600 });

      server = await startNodeServer(env, io);
      expect(progress.join("\n")).toMatch(
        /migrated the database — up to date[\s\S]*fingerprints recorded for ENCRYPTION_KEY, LOOKUP_HMAC_KEY, PASSWORD_PEPPER, PIN_KEY[\s\S]*seeded the sandbox — already there[\s\S]*listening on 127\.0\.0\.1:\d+[\s\S]*ready in/,
      );
      let t = http(server);
      const u = await walletUser(t, { phone: "13912340107" });
      const sessionCode = `restart-${process.pid}`;
      const userToken = await login(t, sessionCode);
      await server.stop();
      server = undefined;

      progress.length = 0;
      server = await startNodeServer(env, io);
      expect(progress.join("\n")).toMatch(/checked the secrets against the data — they match/);
      t = http(server);
      // The old session still works; the same login finds the same user.
      expect((await t.api("GET", "/v1/wallet", { token: u.token })).status).toBe(200);
      const again = await t.api("POST", "/v1/auth/sessions", { body: { provider: "sandbox", code: sessionCode } });
      expect(again.status).toBe(201);
      expect((await t.api("GET", "/v1/me", { token: userToken })).status).toBe(200);
      // The PIN hash still verifies (a wrong one still does not).
      expect(
        (await t.api("PUT", "/v1/wallet/password", { token: u.token, body: { oldPassword: "135792", newPassword: "147036" } })).body.code,
      ).toBe("PASSWORD_WRONG");
      expect(
        (await t.api("PUT", "/v1/wallet/password", { token: u.token, body: { oldPassword: PIN, newPassword: "147036" } })).status,
      ).toBe(204);
      // The agent finds the user by ID number and phone (look-up hashes) and reveals a sealed field.
      const agent = await agentToken(t, "agent01");
      for (const q of [u.idNumber, "13912340107"]) {
        const found = await t.api("GET", `/v1/agent/users?q=${encodeURIComponent(q)}`, { token: agent });
        expect(found.status).toBe(200);
        expect(found.body.items.map((i: { personId: string }) => i.personId)).toContain(u.personId);
      }
      const shown = await t.api("POST", `/v1/agent/users/${u.personId}/reveal`, {
        token: agent,
        body: { field: "idNumber", reason: "重启后核实" },
      });
      expect(shown.status).toBe(200);
      expect(shown.body.value).toBe(u.idNumber);
      // A seeded registry person still passes the real-name check (a new user, a seeded identity).
      const other = await walletUser(t);
      expect(other.walletId).toBeTruthy();
      await server.stop();
      server = undefined;

      // A changed key is refused at start, by name, before anything listens.
      await expect(startNodeServer({ ...env, PASSWORD_PEPPER: "another-pepper-0123456789" }, io)).rejects.toThrow(
        /PASSWORD_PEPPER is not the key this database was written with[\s\S]*pglite\.secrets\.json/,
      );
      // So is a lost secrets file: new secrets are generated, and they cannot open the data.
      rmSync(sandboxSecretsPath(dir));
      await expect(startNodeServer(env, io)).rejects.toThrow(/ENCRYPTION_KEY, LOOKUP_HMAC_KEY, PASSWORD_PEPPER, PIN_KEY are not the keys/);
    },
  );

  it.skipIf(!dump)(
    "refuses, on a database from before the fingerprints, a key that cannot open its sealed data",
    { timeout: 60_000 },
    async () => {
      const old = join(tmp(), "pglite");
      const seeded = await openDatabase({ pgliteDir: old, loadDataDir: new Blob([readFileSync(dump)]) });
      await seeded.close();
      expect(existsSync(sandboxSecretsPath(old))).toBe(false);
      await expect(startNodeServer({ ...env, PGLITE_DIR: old }, io)).rejects.toThrow(
        /ENCRYPTION_KEY is not the key this database was written with/,
      );
    },
  );
});
