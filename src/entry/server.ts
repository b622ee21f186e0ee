import { sql } from "drizzle-orm";
import { createApp } from "@/app";
import { parseConfig, type Config } from "@/config";
import type { Db, DbHandle } from "@/db/client";
import { migrateDatabase, openDatabase } from "@/db/node";
import { createLogger, type Logger } from "@/lib/logger";
import { rowsOf } from "@/lib/rows";
import { chainPending } from "@/modules/audit/audit.service";
import { runDueJobs } from "@/modules/jobs";
import { seedReferenceData, seedSandbox } from "@/modules/sandbox/seed";
import { backgroundCtx, clockFor } from "./build";
import { listenOn } from "./listen";
import { sandboxSecretsPath, withSandboxSecrets } from "./sandbox-secrets";
import { checkSecrets } from "./secrets-check";

export interface StartIo {
  /** Start-up progress, one line a step with its time (stderr under `npm start`); never personal data. */
  progress(line: string): void;
  /** The banner (stdout under `npm start`). */
  banner(text: string): void;
  log?: Logger;
}

export interface RunningServer {
  config: Config;
  base: string;
  port: number;
  db: Db;
  stop(): Promise<void>;
}

const seconds = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(2)} s`;

/**
 * The Node server's start-up, as `npm start` runs it: sandbox secrets, database, migrations,
 * the secrets check, seeding, listening, the scheduled jobs. `stop()` closes everything.
 */
export async function startNodeServer(rawEnv: Record<string, string | undefined>, io: StartIo): Promise<RunningServer> {
  const t00 = performance.now();
  const step = async <T>(label: string, fn: () => Promise<T>, after?: (r: T) => string): Promise<T> => {
    const t0 = performance.now();
    const r = await fn();
    io.progress(`  ${label}${after ? ` — ${after(r)}` : ""} (${seconds(t0)})`);
    return r;
  };

  const { env, file, generated } = withSandboxSecrets(rawEnv);
  const config = parseConfig(env);
  const log = io.log ?? createLogger(config.logLevel);
  if (file) io.progress(`  sandbox secrets ${generated.length ? `generated (${generated.join(", ")}) and kept in` : "read from"} ${file}`);

  const embedded = !config.databaseUrl;
  const handle: DbHandle = await step(embedded ? `opened the embedded database ${config.pgliteDir}` : "connected to PostgreSQL", () =>
    openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir }),
  );
  try {
    await step(
      "migrated the database",
      async () => {
        const before = await appliedMigrations(handle.db);
        await migrateDatabase(handle);
        return (await appliedMigrations(handle.db)) - before;
      },
      (n) => (n ? `${n} migration${n > 1 ? "s" : ""} applied` : "up to date"),
    );

    const hint = file
      ? `The sandbox keeps its secrets in ${file}: restore that file, or delete it together with ${config.pgliteDir} to start afresh.`
      : "Set the secrets this database was created with (see README.md, Configuration).";
    await step(
      "checked the secrets against the data",
      () => checkSecrets(handle.db, config, hint),
      (r) => (r.recorded.length ? `fingerprints recorded for ${r.recorded.join(", ")}` : "they match"),
    );

    const clock = clockFor(config);
    await step("seeded the reference data (regions, policies, premiums)", () => seedReferenceData(handle.db));
    if (config.sandbox) {
      await step(
        "seeded the sandbox",
        () => seedSandbox(backgroundCtx(config, handle.db, clock, log)),
        (r) => (r.persons ? `${r.persons} registry persons added` : "already there"),
      );
    }

    const app = createApp({ config, clock, log, db: handle.db });
    const { servers, port } = await step(`listening on ${config.host}:${config.port}`, () =>
      listenOn(app.fetch, { port: config.port, host: config.host, sockets: config.listenSockets }),
    );
    io.progress(`  ready in ${seconds(t00)}`);
    const base = `http://${config.host === "0.0.0.0" ? "127.0.0.1" : config.host}:${port}`;
    io.banner(banner(config, handle, base));

    // Scheduled jobs (returning unaccepted transfers at 06:00, expiring invitations and e-codes).
    const timer = setInterval(() => {
      runDueJobs(backgroundCtx(config, handle.db, clock, log)).catch((e) => log.error("jobs failed", { error: String(e) }));
    }, 60_000);

    // The audit chain links new rows every second (one statement a batch), so it keeps up with the
    // money paths and a reader never waits on a backlog; the minute's jobs drain whatever is left.
    let chaining: Promise<unknown> | null = null;
    const chainTimer = setInterval(() => {
      if (chaining) return;
      chaining = chainPending(handle.db)
        .catch((e) => log.error("audit chain failed", { error: String(e) }))
        .finally(() => (chaining = null));
    }, 1000);

    return {
      config,
      base,
      port,
      db: handle.db,
      async stop() {
        clearInterval(timer);
        clearInterval(chainTimer);
        await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
        await chaining;
        await handle.close();
      },
    };
  } catch (e) {
    await handle.close().catch(() => {});
    throw e;
  }
}

async function appliedMigrations(db: Db): Promise<number> {
  try {
    const [r] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`));
    return r?.n ?? 0;
  } catch {
    return 0; // a new database: the migrator creates that table
  }
}

function banner(config: Config, handle: DbHandle, base: string): string {
  const lines = [
    "",
    `  医保钱包 yibao-wallet is running (${handle.kind === "pglite" ? `embedded database ${config.pgliteDir}` : "PostgreSQL"}${config.sandbox ? ", sandbox mode" : ""})`,
    `  API docs:      ${base}/docs   (OpenAPI: ${base}/openapi.json; signing: docs/SIGNING.md)`,
    `  Console:       ${base}/console`,
    `  Health:        ${base}/healthz`,
  ];
  if (config.sandbox) {
    lines.push(
      "  Sandbox logins:",
      '    users:   POST /v1/auth/sessions {"provider":"sandbox","code":"<any stable string>"}; face token face-ok:<idNumber>',
      "    console: agent01 (agent), supervisor01 / supervisor02 (supervisor), auditor01 (auditor); password Sandbox#2026",
    );
    if (handle.kind === "pglite" && !config.pgliteDir.startsWith("memory://")) {
      lines.push(
        `  Restarts keep the data; to start afresh stop the server and delete ${config.pgliteDir} and ${sandboxSecretsPath(config.pgliteDir)}.`,
      );
    }
  }
  return `${lines.join("\n")}\n\n`;
}
