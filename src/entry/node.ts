import { createApp } from "@/app";
import { ConfigError, parseConfig } from "@/config";
import { migrateDatabase, openDatabase } from "@/db/node";
import { createLogger } from "@/lib/logger";
import { seedReferenceData, seedSandbox } from "@/modules/sandbox/seed";
import { runDueJobs } from "@/modules/jobs";
import { chainPending } from "@/modules/audit/audit.service";
import { backgroundCtx, clockFor } from "./build";
import { listenOn } from "./listen";

async function main() {
  const config = parseConfig(process.env);
  const log = createLogger(config.logLevel);
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir });
  await migrateDatabase(handle);
  const clock = clockFor(config);
  const ctx = backgroundCtx(config, handle.db, clock, log);
  await seedReferenceData(handle.db);
  if (config.sandbox) await seedSandbox(ctx);

  const app = createApp({ config, clock, log, db: handle.db });
  const { servers, port } = await listenOn(app.fetch, { port: config.port, host: config.host, sockets: config.listenSockets });
  {
    const base = `http://${config.host === "0.0.0.0" ? "127.0.0.1" : config.host}:${port}`;
    const lines = [
      "",
      `  医保钱包 yibao-wallet is running (${handle.kind === "pglite" ? `embedded database ${config.pgliteDir}` : "PostgreSQL"}${config.sandbox ? ", sandbox mode" : ""})`,
      `  API docs:      ${base}/docs   (OpenAPI: ${base}/openapi.json)`,
      `  Console:       ${base}/console`,
      `  Health:        ${base}/healthz`,
    ];
    if (config.sandbox) {
      lines.push(
        "  Sandbox logins:",
        '    users:   POST /v1/auth/sessions {"provider":"sandbox","code":"<any stable string>"}; face token face-ok:<idNumber>',
        "    console: agent01 (agent), supervisor01 / supervisor02 (supervisor), auditor01 (auditor); password Sandbox#2026",
      );
    }
    process.stdout.write(`${lines.join("\n")}\n\n`);
  }

  // Scheduled jobs (returning unaccepted transfers at 06:00, expiring invitations and e-codes).
  const timer = setInterval(() => {
    runDueJobs(backgroundCtx(config, handle.db, clock, log)).catch((e) => log.error("jobs failed", { error: String(e) }));
  }, 60_000);

  // The audit chain links new rows every second (one statement a batch), so it keeps up with the
  // money paths and a reader never waits on a backlog; the minute's jobs drain whatever is left.
  let chaining = false;
  const chainTimer = setInterval(() => {
    if (chaining) return;
    chaining = true;
    chainPending(handle.db)
      .catch((e) => log.error("audit chain failed", { error: String(e) }))
      .finally(() => (chaining = false));
  }, 1000);

  const stop = async () => {
    clearInterval(timer);
    clearInterval(chainTimer);
    for (const s of servers) s.close();
    await handle.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e) => {
  if (e instanceof ConfigError) process.stderr.write(`${e.message}\n`);
  else process.stderr.write(`start-up failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
