import { Pool } from "undici";
import type { Recorder } from "./stats";

/**
 * An open-loop load generator in the manner of wrk2: one fixed arrival schedule (arrival k is due at
 * start + k / rate), served by `concurrency` workers that each hold one keep-alive connection. A
 * worker takes the next due arrival; when every worker is busy, arrivals wait and the wait counts in
 * their latency, which is measured from the time the arrival was *due*, not from when it was sent.
 * So a slow server cannot hide its slowness by slowing the generator down (no coordinated omission).
 * rate = Infinity is the closed loop (each worker sends again as soon as it has an answer): it finds
 * the capacity; the open loop at a fixed rate measures latency at that rate.
 */

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

export class Http {
  readonly pool: Pool;
  constructor(
    readonly origin: string,
    connections: number,
  ) {
    this.pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 60_000, headersTimeout: 60_000, bodyTimeout: 60_000 });
  }

  async request(method: string, path: string, opts: { headers?: Record<string, string>; body?: string } = {}): Promise<HttpResult> {
    const res = await this.pool.request({ method: method as "GET", path, headers: opts.headers, body: opts.body });
    const text = await res.body.text();
    let body: unknown = text;
    if (text && (text[0] === "{" || text[0] === "[")) {
      try {
        body = JSON.parse(text);
      } catch {
        /* keep text */
      }
    }
    return { status: res.statusCode, headers: res.headers, body };
  }

  close() {
    return this.pool.close();
  }
}

export interface RunOptions {
  /** Arrivals per second; Infinity = closed loop. */
  rate: number;
  durationMs: number;
  concurrency: number;
  /** Stop early after this many arrivals (the smoke test bounds work by count, not only time). */
  maxArrivals?: number;
  /** One unit of work (one or more requests); returns false when it did not complete (error, refusal). */
  job: (worker: number, dueAt: number) => Promise<boolean>;
  /** Called with the unit latency (due → done) of completed units. */
  rec: Recorder;
  unitKind: string;
}

export interface RunResult {
  offeredRate: number | null;
  arrivals: number;
  completed: number;
  failed: number;
  elapsedS: number;
  throughput: number;
  /** Arrivals still unstarted at the end (the backlog an open loop could not serve). */
  backlog: number;
  generatorCpuMs: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function runLoad(o: RunOptions): Promise<RunResult> {
  const start = performance.now();
  const end = start + o.durationMs;
  const interval = Number.isFinite(o.rate) ? 1000 / o.rate : 0;
  const maxArrivals = o.maxArrivals ?? Number.POSITIVE_INFINITY;
  let next = 0;
  let completed = 0;
  let failed = 0;
  let lastDone = start;
  const cpu0 = process.cpuUsage();

  async function worker(w: number) {
    for (;;) {
      const k = next;
      if (k >= maxArrivals) return;
      const due = interval ? start + k * interval : performance.now();
      if (due >= end) return;
      // An open loop far behind its schedule has lost: what is left is backlog, not load.
      if (interval && performance.now() > end + Math.max(2000, o.durationMs / 2)) return;
      next++;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait - 0.5);
      let ok = false;
      try {
        ok = await o.job(w, due);
      } catch (e) {
        o.rec.status(o.unitKind, "exception");
        o.rec.error(o.unitKind, 0, "EXCEPTION", e instanceof Error ? e.message : String(e));
      }
      const done = performance.now();
      lastDone = Math.max(lastDone, done);
      if (ok) {
        completed++;
        o.rec.ok(o.unitKind, done - due);
      } else failed++;
    }
  }

  await Promise.all(Array.from({ length: o.concurrency }, (_, w) => worker(w)));
  const cpu = process.cpuUsage(cpu0);
  // Throughput over the scheduled window, or until the last answer if that came later.
  const elapsed = Math.max(Math.min(end, lastDone), lastDone) - start;
  const scheduled = interval ? Math.min(maxArrivals, Math.ceil(o.durationMs / interval)) : next;
  return {
    offeredRate: Number.isFinite(o.rate) ? o.rate : null,
    arrivals: next,
    completed,
    failed,
    elapsedS: Math.round(elapsed) / 1000,
    throughput: Math.round((completed / (elapsed / 1000)) * 10) / 10,
    backlog: Math.max(0, scheduled - next),
    generatorCpuMs: Math.round((cpu.user + cpu.system) / 1000),
  };
}
