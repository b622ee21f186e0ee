import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Runs a PostgreSQL tool as the `postgres` OS user when we are root (postgres refuses to run as root). */
function asPostgres(cmd: string, args: string[], opts: { allowFail?: boolean; timeoutMs?: number } = {}): string {
  const root = process.getuid?.() === 0;
  const [file, argv] = root ? ["runuser", ["-u", "postgres", "--", join(BIN, cmd), ...args]] : [join(BIN, cmd), args];
  const r = spawnSync(file, argv, { encoding: "utf8", timeout: opts.timeoutMs ?? 60_000 });
  if (r.status !== 0 && !opts.allowFail) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr || r.stdout}`);
  return `${r.stdout ?? ""}${r.stderr ?? ""}`;
}

/**
 * A throw-away PostgreSQL cluster of our own (never the shared one on 5432): fsync on, trust auth on
 * 127.0.0.1 only, socket in its own directory. It can be crashed (`immediate` stop) and restarted.
 */
export class PgInstance {
  readonly dir: string;
  readonly dataDir: string;
  private running = false;
  private destroyed = false;
  constructor(readonly port: number) {
    this.dir = mkdtempSync(join(tmpdir(), "yb-chaos-pg-"));
    this.dataDir = join(this.dir, "data");
    chmodSync(this.dir, 0o777);
    if (process.getuid?.() === 0) execFileSync("chown", ["postgres", this.dir]);
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  init(): void {
    asPostgres("initdb", ["-D", this.dataDir, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C"]);
    const conf = [
      "listen_addresses = '127.0.0.1'",
      `port = ${this.port}`,
      `unix_socket_directories = '${this.dir}'`,
      "fsync = on",
      "synchronous_commit = on",
      "full_page_writes = on",
      "max_connections = 200",
      "shared_buffers = 128MB",
      "log_min_messages = warning",
      "logging_collector = off",
    ].join("\n");
    writeFileSync(join(this.dataDir, "postgresql.auto.conf"), `${conf}\n`);
    if (process.getuid?.() === 0) execFileSync("chown", ["postgres", join(this.dataDir, "postgresql.auto.conf")]);
  }

  start(): void {
    asPostgres("pg_ctl", ["-D", this.dataDir, "-l", join(this.dir, "server.log"), "-w", "-t", "60", "start"]);
    this.running = true;
  }

  /** The "PostgreSQL crashed" fault: no checkpoint, crash recovery on the next start. */
  stopImmediate(): void {
    asPostgres("pg_ctl", ["-D", this.dataDir, "-m", "immediate", "-w", "stop"], { allowFail: true });
    this.running = false;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (this.running) asPostgres("pg_ctl", ["-D", this.dataDir, "-m", "fast", "-w", "stop"], { allowFail: true });
    this.running = false;
    rmSync(this.dir, { recursive: true, force: true });
  }
}
