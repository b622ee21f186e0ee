import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import { fileURLToPath } from "node:url";
import { sleep } from "./tcp-proxy";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Fixed secrets: the server is restarted many times and must open what it sealed before. */
const CHAOS_SECRETS = {
  TOKEN_SECRET: "chaos-token-secret-0123456789abcdef0123456789",
  ENCRYPTION_KEY: "chaos-encryption-key-0123456789abcdef01234",
  LOOKUP_HMAC_KEY: "chaos-lookup-key-0123456789abcdef0123456789",
  PASSWORD_PEPPER: "chaos-pepper-0123456789",
  PIN_KEY: "chaos-pin-key-0123456789abcdef0123456789ab",
};

/**
 * The real Node entry point (`src/entry/node.ts`: @hono/node-server serving createApp on postgres.js)
 * as a child process of its own, so it can be killed with SIGKILL and started again. The sandbox
 * clock lives in the process, so every start passes the harness's current business time.
 */
export class ServerProcess {
  private child: ChildProcess | null = null;
  starts = 0;
  kills = 0;
  /** Exits the harness did not cause: the server died by itself. */
  crashes: { at: number; code: number | null; signal: string | null }[] = [];
  private killing = false;
  private log: WriteStream;
  constructor(
    readonly port: number,
    readonly databaseUrl: string,
    logFile: string,
  ) {
    this.log = createWriteStream(logFile, { flags: "a" });
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(businessNow: Date): Promise<void> {
    const env = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: process.env.HOME ?? "/tmp",
      NODE_ENV: "production",
      PORT: String(this.port),
      HOST: "127.0.0.1",
      DATABASE_URL: this.databaseUrl,
      SANDBOX: "1",
      FIXED_NOW: businessNow.toISOString(),
      LOG_LEVEL: "warn",
      PASSWORD_HASH_ITERATIONS: "1000",
      RATE_LOGIN_PER_IP_PER_MINUTE: "1000000",
      // The clients pose as users behind a trusted proxy: X-Forwarded-For names each one.
      TRUST_PROXY: "all",
      ...CHAOS_SECRETS,
    };
    // CHAOS_NODE_IMPORT: an extra module for the server to --import first (e.g. a resolve hook that
    // swaps in a patched driver, to try a fix without touching node_modules).
    const extra = process.env.CHAOS_NODE_IMPORT ? ["--import", process.env.CHAOS_NODE_IMPORT] : [];
    const child = spawn(process.execPath, [...extra, "--import", "tsx", "src/entry/node.ts"], {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    this.starts++;
    child.once("exit", (code, signal) => {
      if (!this.killing) this.crashes.push({ at: Date.now(), code, signal });
    });
    child.stdout!.pipe(this.log, { end: false });
    child.stderr!.pipe(this.log, { end: false });
    // A loaded machine (tsx transpiles at start-up) can take minutes: CHAOS_START_TIMEOUT_S.
    const deadline = Date.now() + Number(process.env.CHAOS_START_TIMEOUT_S ?? 180) * 1000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`server exited during start-up (${child.exitCode})`);
      try {
        const r = await fetch(`${this.base}/healthz`, { signal: AbortSignal.timeout(2000) });
        if (r.status === 200) return;
      } catch {
        /* not up yet */
      }
      await sleep(200);
    }
    throw new Error(`server did not become healthy within ${process.env.CHAOS_START_TIMEOUT_S ?? 180} s`);
  }

  /** The "app server crashed" fault. */
  async kill9(): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null) return;
    this.kills++;
    this.killing = true;
    const exited = new Promise<void>((r) => c.once("exit", () => r()));
    c.kill("SIGKILL");
    await Promise.race([exited, sleep(10_000)]);
    this.killing = false;
  }

  get alive(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  async stop(): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null) return;
    this.killing = true;
    const exited = new Promise<void>((r) => c.once("exit", () => r()));
    c.kill("SIGTERM");
    await Promise.race([exited, sleep(10_000)]);
    if (c.exitCode === null) c.kill("SIGKILL");
  }

  close(): void {
    this.log.end();
  }
}
