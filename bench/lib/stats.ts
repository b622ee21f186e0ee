/** Latency and status bookkeeping for one phase of the bench. */

export interface Summary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarize(ms: number[]): Summary {
  if (ms.length === 0) return { count: 0, p50: 0, p95: 0, p99: 0, max: 0, mean: 0 };
  const s = Float64Array.from(ms).sort();
  const q = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
  let sum = 0;
  for (const v of s) sum += v;
  const r = (v: number) => Math.round(v * 100) / 100;
  return { count: s.length, p50: r(q(0.5)), p95: r(q(0.95)), p99: r(q(0.99)), max: r(s[s.length - 1]!), mean: r(sum / s.length) };
}

/** Per request kind: latencies of the successes, and every status seen (with problem codes). */
export class Recorder {
  readonly latencies = new Map<string, number[]>();
  readonly statuses = new Map<string, Map<string, number>>();
  /** Rejections (429/503): how fast they came back and whether they carried Retry-After. */
  readonly rejections: { ms: number; retryAfter: boolean; status: number }[] = [];
  errors: { kind: string; status: number; code?: string; detail?: string }[] = [];

  ok(kind: string, ms: number) {
    let a = this.latencies.get(kind);
    if (!a) {
      a = [];
      this.latencies.set(kind, a);
    }
    a.push(ms);
  }

  status(kind: string, key: string) {
    let m = this.statuses.get(kind);
    if (!m) {
      m = new Map();
      this.statuses.set(kind, m);
    }
    m.set(key, (m.get(key) ?? 0) + 1);
  }

  error(kind: string, status: number, code?: string, detail?: string) {
    if (this.errors.length < 200) this.errors.push({ kind, status, code, detail });
    else this.errors.length; // keep the first 200 only; counts are in statuses
  }

  errorCount(): number {
    let n = 0;
    for (const m of this.statuses.values()) for (const [k, v] of m) if (!/^2\d\d$/.test(k)) n += v;
    return n;
  }

  statusObject(): Record<string, Record<string, number>> {
    const o: Record<string, Record<string, number>> = {};
    for (const [k, m] of this.statuses) o[k] = Object.fromEntries([...m].sort());
    return o;
  }

  summaries(): Record<string, Summary> {
    const o: Record<string, Summary> = {};
    for (const [k, v] of this.latencies) o[k] = summarize(v);
    return o;
  }
}

export const round = (v: number, d = 1) => Math.round(v * 10 ** d) / 10 ** d;
