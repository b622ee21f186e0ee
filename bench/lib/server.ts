import { spawn, type ChildProcess } from "node:child_process";
import { openSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { buildNodeServer } from "../../scripts/build-node";
import { procMemMiB } from "./proc";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface ServerHandle {
  pid: number;
  origin: string;
  child: ChildProcess;
  /** Peak RSS seen by sampling, and the kernel's own high-water mark (VmHWM). */
  memory(): { rssMiB: number; peakSampledMiB: number; hwmMiB: number };
  stop(): Promise<void>;
  stderrTail(): string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => (typeof a === "object" && a ? resolve(a.port) : reject(new Error("no port"))));
    });
  });
}

let bundle: Promise<string> | undefined;

/**
 * Starts the real Node entry (src/entry/node.ts: @hono/node-server, postgres.js pool) as its own
 * process, so its memory and CPU are its own and the load generator is a separate client. It runs as
 * in production (`npm run start:prod`): the bundle dist/node/server.mjs, built once per bench
 * process, under plain `node`. `BENCH_SERVER=tsx` runs src/entry/node.ts through tsx instead (as
 * `npm start` does), for comparison; `BENCH_NODE_OPTIONS` adds V8/Node flags (e.g.
 * `--max-semi-space-size=8`) to the server's command line. `opts.tsEntry` runs another TypeScript
 * entry through tsx (the floor server, bench/lib/floor-server.ts).
 */
export async function startServer(
  env: Record<string, string>,
  opts: { cpuProf?: string; memLog?: boolean; tsEntry?: string } = {},
): Promise<ServerHandle> {
  const port = await freePort();
  const viaTsx = process.env.BENCH_SERVER === "tsx" || opts.tsEntry !== undefined;
  if (!viaTsx) bundle ??= buildNodeServer();
  const entry = opts.tsEntry ?? (viaTsx || !bundle ? "src/entry/node.ts" : await bundle);
  const args = viaTsx ? ["--import", "tsx"] : [];
  if (process.env.BENCH_NODE_OPTIONS) args.push(...process.env.BENCH_NODE_OPTIONS.split(/\s+/).filter(Boolean));
  if (opts.memLog) args.push("--import", "./bench/lib/memlog.mjs");
  if (opts.cpuProf) args.push("--cpu-prof", `--cpu-prof-dir=${opts.cpuProf}`);
  args.push(entry);
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", process.env.BENCH_SERVER_LOG ? openSync(process.env.BENCH_SERVER_LOG, "a") : "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => {
    if (opts.memLog)
      process.stdout.write(
        d
          .toString()
          .split("\n")
          .filter((l) => l.startsWith("[mem]"))
          .map((l) => `  server ${l}\n`)
          .join(""),
      );
    stderr = (stderr + d.toString()).slice(-8000);
  });
  const origin = `http://127.0.0.1:${port}`;
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, procMemMiB(child.pid!).rss);
  }, 200);
  sampler.unref();
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}): ${stderr}`);
    try {
      const r = await fetch(`${origin}/healthz`);
      if (r.status === 200) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not become healthy: ${stderr}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    pid: child.pid!,
    origin,
    child,
    memory: () => {
      const m = procMemMiB(child.pid!);
      peak = Math.max(peak, m.rss);
      return { rssMiB: m.rss, peakSampledMiB: peak, hwmMiB: m.hwm };
    },
    stderrTail: () => stderr,
    stop: async () => {
      clearInterval(sampler);
      if (child.exitCode !== null) return;
      const m = procMemMiB(child.pid!);
      process.stdout.write(
        `  server ${opts.tsEntry ?? (viaTsx ? "(tsx)" : "(bundle)")} peak RSS: high-water mark ${m.hwm} MiB, sampled peak ${Math.max(peak, m.rss)} MiB\n`,
      );
      const exited = new Promise<void>((r) => child.once("exit", () => r()));
      child.kill("SIGTERM");
      const t = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(t);
    },
  };
}
