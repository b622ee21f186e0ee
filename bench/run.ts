/**
 * npm run bench — transfer throughput and latency against the raw-SQL limit, hot accounts, mixed
 * traffic, overload, idempotent replays, memory, and how cost grows with N (issue 11).
 * npm run bench:smoke — the same phases for ~10 seconds on a tiny population; fails on ledger drift
 * or any unexpected answer, never on speed.
 *
 * Flags: --n 10000 (users) · --compare-n 100000 (0 = skip the larger-N run) · --duration 10 (s per
 * measured run) · --smoke · --keep-db ·
 * --no-write (no results file, no BENCHMARKS.md) · --cpu-prof DIR (profile the server) ·
 * --phases raw,floor,api,hot,mixed,overload,replay · --label TEXT (stored with the results).
 * Environment: BENCH_PG_URL (admin URL of the local PostgreSQL; default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createHash, createHmac, randomBytes, randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Sql } from "postgres";
import { hashPassword, hmacHex, verifyPassword } from "../src/lib/crypto";
import { randomCode } from "../src/lib/ids";
import { keyedPinHash } from "../src/modules/wallet/password";
import { openDatabase } from "../src/db/node";
import { connectPostgres, withDatabase } from "../src/db/url";
import type { DbHandle } from "../src/db/client";
import { checkLedger } from "../src/modules/ledger/ledger.check";
import { issueToken } from "../src/modules/platform/tokens";
import { Http, runLoad, type RunResult } from "./lib/loadgen";
import { cpuDiff, cpuSnapshot, loadavg, machine, tcpCounters, tcpDiff } from "./lib/proc";
import { rawMover, type RawMode } from "./lib/raw";
import { countRoundTrips } from "./lib/roundtrips";
import { bulkLoad, OPENING_FEN, PIN, REGION, serviceCohort, shapeCheck, type BenchPair, type BenchUser, type Secrets } from "./lib/seed";
import { startServer, type ServerHandle } from "./lib/server";
import { Recorder, round, summarize, type Summary } from "./lib/stats";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

// ---------------------------------------------------------------------------------------------
// Options

function parseArgs(argv: string[]) {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const has = (name: string) => argv.includes(`--${name}`);
  const smoke = has("smoke");
  return {
    smoke,
    n: Number(get("n") ?? (smoke ? 200 : 10_000)),
    compareN: Number(get("compare-n") ?? (smoke ? 0 : 100_000)),
    durationS: Number(get("duration") ?? (smoke ? 1 : 10)),
    keepDb: has("keep-db"),
    write: !has("no-write") && !smoke,
    cpuProf: get("cpu-prof"),
    phases: new Set((get("phases") ?? "raw,floor,api,hot,mixed,overload,replay").split(",")),
    label: get("label") ?? "",
    logStatements: has("log-statements"),
    memLog: has("mem-log"),
    noMd: has("no-md"),
    /** Diagnosis: do not open the generator's connections before each phase (see "The overload tail"). */
    coldConnections: has("cold-connections"),
    concurrencies: (get("concurrency") ?? (smoke ? "4" : "1,16,64")).split(",").map(Number),
    pgAdmin: process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
  };
}
type Opts = ReturnType<typeof parseArgs>;

/** Business time of the bench: a weekday morning, well inside every region's live policy. */
const FIXED_NOW = "2026-03-10T10:00:00+08:00";
const COHORT_PAIRS = 4;

const log = (...a: unknown[]) => process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${a.join(" ")}\n`);

const rand = (n: number) => Math.floor(Math.random() * n);

// ---------------------------------------------------------------------------------------------
// One bench environment: a fresh database, the server on it, users seeded

interface Env {
  dbName: string;
  url: string;
  sql: Sql;
  handle: DbHandle;
  server: ServerHandle;
  http: Http;
  pairs: BenchPair[];
  secrets: Secrets;
  tokens: Map<string, string>;
  pgPids: number[];
  seed: Record<string, unknown>;
}

async function setUp(o: Opts, n: number, tag: string, admin: Sql): Promise<Env> {
  const dbName = `yb_bench_${tag}_${Date.now().toString(36)}`;
  await admin.unsafe(`create database ${dbName}`);
  // Diagnosis only: every statement's duration in the PostgreSQL log (pg_stat_statements is not loaded here).
  if (o.logStatements) await admin.unsafe(`alter database ${dbName} set log_min_duration_statement = 0`);
  // Diagnosis only: settings for this database (BENCH_PG_SETTINGS=name=value,…), e.g. auto_explain.
  for (const kv of process.env.BENCH_PG_SETTINGS?.split(",") ?? []) {
    const [name, value] = kv.split("=");
    await admin.unsafe(`alter database ${dbName} set ${name} = '${value!.replace(/'/g, "''")}'`);
  }
  const url = withDatabase(o.pgAdmin, dbName);
  const secrets: Secrets = {
    token: randomBytes(32).toString("base64url"),
    encryption: randomBytes(32).toString("base64url"),
    lookupHmac: randomBytes(32).toString("base64url"),
    passwordPepper: randomBytes(24).toString("base64url"),
    pinKey: randomBytes(32).toString("base64url"),
  };
  const t0 = performance.now();
  const server = await startServer(
    {
      DATABASE_URL: url,
      SANDBOX: "1",
      FIXED_NOW,
      TOKEN_SECRET: secrets.token,
      ENCRYPTION_KEY: secrets.encryption,
      LOOKUP_HMAC_KEY: secrets.lookupHmac,
      PASSWORD_PEPPER: secrets.passwordPepper,
      PIN_KEY: secrets.pinKey,
      SESSION_TTL_SECONDS: "86400",
      RATE_LOGIN_PER_IP_PER_MINUTE: "100000",
      LOG_LEVEL: process.env.BENCH_SERVER_LOG ? "info" : "warn",
    },
    { cpuProf: o.cpuProf, memLog: o.memLog },
  );
  const http = new Http(server.origin, 600);
  const sql = connectPostgres(url, { max: 10, onnotice: () => {} });
  const handle = await openDatabase({ databaseUrl: url, poolSize: 2 });
  const startedS = round((performance.now() - t0) / 1000, 2);

  const t1 = performance.now();
  const cohort = await serviceCohort(http, sql, Math.min(COHORT_PAIRS, Math.floor(n / 2)), tag);
  const cohortS = round((performance.now() - t1) / 1000, 2);
  const t2 = performance.now();
  const bulkPairs = Math.max(0, Math.floor(n / 2) - cohort.length);
  let lastLog = 0;
  const bulk = await bulkLoad(sql, {
    pairs: bulkPairs,
    offset: 0,
    secrets,
    businessNow: new Date(FIXED_NOW),
    runTag: tag,
    onProgress: (done) => {
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        log(`  bulk: ${done * 2} of ${bulkPairs * 2} users`);
      }
    },
  });
  const bulkS = round((performance.now() - t2) / 1000, 2);
  const shape = await shapeCheck(sql, cohort, bulk);
  if (!shape.ok) throw new Error(`bulk loader rows differ from the service layer's:\n  ${shape.problems.join("\n  ")}`);
  // The bench's own policy (its own fresh database): no daily count limit and no quiet hours, so a
  // sender may transfer again as soon as the last one was accepted. Amount limits are unchanged.
  await sql`update region_policies set max_daily_transfers = 1000000000, quiet_start = '00:00', quiet_end = '00:00'`;
  // Freshly COPYed rows carry no hint bits: the first transfer to read each user, wallet or binding
  // would set them (dirtying the page) inside a measured phase, and on a large population most are
  // first read there. Long-lived data has them set and is frozen: vacuum so both sizes start alike.
  const tv = performance.now();
  await sql`vacuum (freeze, analyze)`;
  const vacuumS = round((performance.now() - tv) / 1000, 2);
  const t3 = performance.now();
  const ledger = await checkLedger(handle.db);
  const checkS = round((performance.now() - t3) / 1000, 2);
  if (!ledger.ok) throw new Error(`ledger drift after seeding: ${JSON.stringify(ledger.problems.slice(0, 5))}`);
  const [size] = await sql<{ s: string }[]>`select pg_size_pretty(pg_database_size(current_database())) as s`;
  const env: Env = {
    dbName,
    url,
    sql,
    handle,
    server,
    http,
    pairs: [...cohort, ...bulk],
    secrets,
    tokens: new Map(),
    pgPids: [],
    seed: {
      users: n,
      pairs: cohort.length + bulk.length,
      servicePairs: cohort.length,
      bulkPairs: bulk.length,
      serverStartS: startedS,
      serviceLayerS: cohortS,
      bulkLoadS: bulkS,
      ledgerCheckS: checkS,
      vacuumS,
      accounts: ledger.accounts,
      databaseSize: size?.s,
      shapeCheck: shape.tables,
    },
  };
  for (const p of cohort) {
    env.tokens.set(p.a.userId, p.a.token!);
    env.tokens.set(p.b.userId, p.b.token!);
  }
  return env;
}

/**
 * Between phases (never inside one): vacuum and analyze what the last phase churned and checkpoint,
 * so one phase's dead rows, autovacuum and checkpoint I/O do not land in the next one's figures.
 */
async function settleDb(env: Env) {
  await env.sql.unsafe(
    "vacuum (analyze) ledger_accounts, journal_transactions, journal_entries, idempotency_keys, transfers, transfer_events, audit_log, notifications, ecodes, settlements, personal_account_credits, request_nonces",
  );
  await env.sql.unsafe("checkpoint");
}

async function refreshPgPids(env: Env) {
  const rows = await env.sql<{ pid: number }[]>`
    select pid from pg_stat_activity
    where datname = ${env.dbName} or backend_type in ('walwriter', 'checkpointer', 'background writer', 'autovacuum worker', 'walsender')`;
  env.pgPids = rows.map((r) => r.pid);
}

async function tearDown(env: Env, admin: Sql, keep: boolean) {
  await env.http.close().catch(() => {});
  await env.server.stop();
  await env.sql.end({ timeout: 5 });
  await env.handle.close();
  if (!keep) await admin.unsafe(`drop database if exists ${env.dbName} with (force)`);
}

async function tokenOf(env: Env, u: BenchUser): Promise<string> {
  let t = env.tokens.get(u.userId);
  if (!t) {
    t = (await issueToken(env.secrets.token, { sub: u.userId, kind: "user" }, 86_400)).token;
    env.tokens.set(u.userId, t);
  }
  return t;
}

async function deadlocks(env: Env): Promise<number> {
  const [r] = await env.sql<{ d: string }[]>`select deadlocks::text as d from pg_stat_database where datname = ${env.dbName}`;
  return Number(r?.d ?? 0);
}

// ---------------------------------------------------------------------------------------------
// Units of work

interface Ctx {
  env: Env;
  rec: Recorder;
  /** Senders with a transfer in flight (one pending per sender): index 2p (a→b) or 2p+1 (b→a). */
  busy: Uint8Array;
  completedCreates: { token: string; key: string; body: string }[];
  ecodes: { code: string; walletId: string }[];
  merchant?: { merchantId: string; keyId: string; secret: string };
  regionKey?: { keyId: string; secret: string };
  seq: number;
  /** Statuses that are an expected answer for this phase (overload: 429/503 rejections). */
  accept: Set<number>;
}

function problemCode(body: unknown): string | undefined {
  return body && typeof body === "object" ? ((body as { code?: string }).code ?? undefined) : undefined;
}

async function timed(
  c: Ctx,
  kind: string,
  expect: number,
  f: () => Promise<{ status: number; headers: Record<string, unknown>; body: any }>,
) {
  const t = performance.now();
  const r = await f();
  const ms = performance.now() - t;
  const code = problemCode(r.body);
  c.rec.status(kind, r.status === expect ? String(r.status) : `${r.status}${code ? ` ${code}` : ""}`);
  if (r.status === expect) c.rec.ok(kind, ms);
  else if ((r.status === 429 || r.status === 503) && c.accept.has(r.status)) {
    c.rec.rejections.push({ ms, retryAfter: r.headers["retry-after"] !== undefined, status: r.status });
  } else
    c.rec.error(kind, r.status, code, typeof r.body === "object" ? JSON.stringify(r.body).slice(0, 300) : String(r.body).slice(0, 300));
  return { ...r, ok: r.status === expect, ms };
}

function pickIdle(c: Ctx): { p: BenchPair; idx: number; fromA: boolean } | null {
  const n = c.env.pairs.length;
  for (let tries = 0; tries < 64; tries++) {
    const p = rand(n);
    const fromA = Math.random() < 0.5;
    const idx = 2 * p + (fromA ? 0 : 1);
    if (!c.busy[idx]) {
      c.busy[idx] = 1;
      return { p: c.env.pairs[p]!, idx, fromA };
    }
  }
  return null;
}

/**
 * With BENCH_SERVER_LOG set, every transfer request carries its client send time (ms since the epoch)
 * in X-Request-Id, so the server's request log lines up with the client's clock.
 */
const traced = (): Record<string, string> =>
  process.env.BENCH_SERVER_LOG ? { "x-request-id": `t${Date.now()}_${randomUUID().slice(0, 8)}` } : {};

/** A transfer as the user experiences it: the sender creates it, the recipient accepts it. */
async function transferUnit(c: Ctx): Promise<boolean> {
  const pick = pickIdle(c);
  if (!pick) {
    c.rec.status("transfer", "no idle sender");
    return false;
  }
  const { p, idx, fromA } = pick;
  const from = fromA ? p.a : p.b;
  const to = fromA ? p.b : p.a;
  try {
    const token = await tokenOf(c.env, from);
    const key = `bench-${c.seq++}-${randomUUID()}`;
    const body = JSON.stringify({ bindingId: p.bindingId, amountFen: 1 + rand(500), paymentPassword: PIN });
    const created = await timed(c, "transfer.create", 201, () =>
      c.env.http.request("POST", "/v1/transfers", {
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "idempotency-key": key, ...traced() },
        body,
      }),
    );
    if (!created.ok) return false;
    if (c.completedCreates.length < 20_000) c.completedCreates.push({ token, key, body });
    const rtoken = await tokenOf(c.env, to);
    const accept = () =>
      c.env.http.request("POST", `/v1/transfers/${created.body.id}/accept`, {
        headers: { authorization: `Bearer ${rtoken}`, ...traced() },
      });
    let acc = await timed(c, "transfer.accept", 200, accept);
    // A refused accept leaves the transfer pending and the sender blocked: retry as a client would.
    for (let i = 0; !acc.ok && (acc.status === 503 || acc.status === 429) && i < 20; i++) {
      await new Promise((r) => setTimeout(r, 200 + rand(300)));
      acc = await timed(c, "transfer.accept", 200, accept);
    }
    return acc.ok;
  } finally {
    c.busy[idx] = 0;
  }
}

function signedHeaders(key: { keyId: string; secret: string }, method: string, path: string, body: string): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomUUID();
  const bodyHash = createHash("sha256").update(body).digest("hex");
  const signature = createHmac("sha256", key.secret).update(`${method}\n${path}\n${timestamp}\n${nonce}\n${bodyHash}`).digest("hex");
  return {
    "content-type": "application/json",
    "x-key-id": key.keyId,
    "x-timestamp": timestamp,
    "x-nonce": nonce,
    "x-signature": signature,
  };
}

/** A hospital charges a patient's e-code: every settlement credits the same merchant account. */
async function settlementUnit(c: Ctx): Promise<boolean> {
  const e = c.ecodes.pop();
  if (!e) {
    c.rec.status("settlement", "out of e-codes");
    return false;
  }
  const body = JSON.stringify({ ecode: e.code, orderNo: `o-${c.seq++}-${randomUUID().slice(0, 8)}`, amountFen: 100 + rand(4900) });
  const r = await timed(c, "settlement", 201, () =>
    c.env.http.request("POST", "/v1/merchant/settlements", {
      headers: signedHeaders(c.merchant!, "POST", "/v1/merchant/settlements", body),
      body,
    }),
  );
  return r.ok;
}

/** The region's core credits personal accounts: every credit debits the same region fund. */
async function creditUnit(c: Ctx): Promise<boolean> {
  const p = c.env.pairs[rand(c.env.pairs.length)]!;
  const u = Math.random() < 0.5 ? p.a : p.b;
  const body = JSON.stringify({
    idNumber: u.idNumber,
    amountFen: 100 + rand(900),
    period: "2026-03",
    reference: `cr-${c.seq++}-${randomUUID().slice(0, 8)}`,
  });
  const path = "/v1/integration/personal-account-credits";
  const r = await timed(c, "credit", 201, () =>
    c.env.http.request("POST", path, { headers: signedHeaders(c.regionKey!, "POST", path, body), body }),
  );
  return r.ok;
}

async function walletReadUnit(c: Ctx): Promise<boolean> {
  const p = c.env.pairs[rand(c.env.pairs.length)]!;
  const token = await tokenOf(c.env, Math.random() < 0.5 ? p.a : p.b);
  const r = await timed(c, "wallet.get", 200, () =>
    c.env.http.request("GET", "/v1/wallet", { headers: { authorization: `Bearer ${token}` } }),
  );
  return r.ok;
}

async function replayUnit(c: Ctx, i: number): Promise<boolean> {
  const x = c.completedCreates[i % c.completedCreates.length]!;
  const r = await timed(c, "transfer.replay", 201, () =>
    c.env.http.request("POST", "/v1/transfers", {
      headers: { authorization: `Bearer ${x.token}`, "content-type": "application/json", "idempotency-key": x.key },
      body: x.body,
    }),
  );
  if (r.ok && r.headers["idempotent-replayed"] !== "true") {
    c.rec.error("transfer.replay", r.status, "NOT_REPLAYED");
    c.rec.status("transfer.replay", "201 without Idempotent-Replayed");
    return false;
  }
  return r.ok;
}

/** E-codes issued the way POST /v1/ecodes stores them (keyed hash of the code, 60 s of business time). */
async function issueEcodes(c: Ctx, count: number) {
  const now = new Date(FIXED_NOW);
  const exp = new Date(now.getTime() + 60_000);
  const rows: {
    id: string;
    code_hash: string;
    wallet_id: string;
    requested_by_user_id: string;
    status: string;
    created_at: string;
    expires_at: string;
  }[] = [];
  const made: { code: string; walletId: string }[] = [];
  for (let i = 0; i < count; i++) {
    const p = c.env.pairs[rand(c.env.pairs.length)]!;
    const u = Math.random() < 0.5 ? p.a : p.b;
    const code = randomCode(24);
    rows.push({
      id: randomUUID(),
      code_hash: await hmacHex(c.env.secrets.lookupHmac, `ecode:${code}`),
      wallet_id: u.walletId,
      requested_by_user_id: u.userId,
      status: "active",
      created_at: now.toISOString(),
      expires_at: exp.toISOString(),
    });
    made.push({ code, walletId: u.walletId });
  }
  for (let i = 0; i < rows.length; i += 5000) await c.env.sql`insert into ecodes ${c.env.sql(rows.slice(i, i + 5000))}`;
  c.ecodes.push(...made);
}

// ---------------------------------------------------------------------------------------------
// Phases

interface PhaseResult {
  name: string;
  concurrency: number;
  mode: "closed" | "open";
  run: RunResult;
  unit: Summary;
  requests: Record<string, Summary>;
  statuses: Record<string, Record<string, number>>;
  errors: number;
  errorSamples: Recorder["errors"];
  cpu: ReturnType<typeof cpuDiff>;
  rejections?: { count: number; p99Ms: number; maxMs: number; within100ms: number; withRetryAfter: number };
  deadlocks?: number;
  ledger: { ok: boolean; problems: number };
  serverMemMiB: { rssMiB: number; peakSampledMiB: number; hwmMiB: number };
  /** The load generator's own event-loop delay during the run (it measures every latency). */
  generatorLagMs?: { p99: number; max: number };
  /** The kernel's drop/retransmission counters that moved during the run (bench/lib/proc.ts). */
  kernelCounters?: Record<string, number>;
  /** Whether the generator's connections were opened only as the load began. */
  coldConnections?: boolean;
}

async function measure(
  o: Opts,
  c: Ctx,
  name: string,
  concurrency: number,
  rate: number,
  durationS: number,
  unitKind: string,
  job: (w: number, k: number) => Promise<boolean>,
  checkLedgerAfter = true,
  /** Start from connections that are not open yet (a client fleet connecting at once). */
  cold = o.coldConnections,
): Promise<PhaseResult> {
  c.rec = new Recorder();
  if (!o.smoke && checkLedgerAfter) await settleDb(c.env);
  await refreshPgPids(c.env);
  const d0 = await deadlocks(c.env);
  const s0 = cpuSnapshot(c.env.server.pid, c.env.pgPids);
  // Open the generator's connections before the clock starts: 400 connections opened in the same
  // instant took seconds to be served (the requests sent in the first 0.1 s of the overload phase were
  // the whole multi-second tail, by timestamps on both sides), which is a connection storm, not
  // the load being measured. Idle keep-alive connections live 5 s on the server, so do it every time.
  const w0 = performance.now();
  if (!cold) await Promise.all(Array.from({ length: concurrency }, () => c.env.http.request("GET", "/healthz")));
  const warmMs = performance.now() - w0;
  if (warmMs > 500) log(`  (${concurrency} connections warmed in ${Math.round(warmMs)} ms before ${name})`);
  const tcp0 = tcpCounters();
  let k = 0;
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const run = await runLoad({
    rate,
    durationMs: durationS * 1000,
    concurrency,
    rec: c.rec,
    unitKind,
    job: (w) => job(w, k++),
    maxArrivals: o.smoke ? 400 : undefined,
  });
  lag.disable();
  const s1 = cpuSnapshot(c.env.server.pid, c.env.pgPids);
  const tcp = tcpDiff(tcp0, tcpCounters());
  const d1 = await deadlocks(c.env);
  let ledger = { ok: true, problems: 0 };
  if (checkLedgerAfter) {
    const l = await checkLedger(c.env.handle.db);
    ledger = { ok: l.ok, problems: l.problems.length };
    if (!l.ok) {
      log(`LEDGER DRIFT after ${name}: ${JSON.stringify(l.problems.slice(0, 5))}`);
      throw new LedgerDrift(name, l.problems);
    }
  }
  const lat = c.rec.latencies.get(unitKind) ?? [];
  const rej = c.rec.rejections;
  const r: PhaseResult = {
    name,
    concurrency,
    mode: Number.isFinite(rate) ? "open" : "closed",
    run,
    unit: summarize(lat),
    requests: Object.fromEntries([...c.rec.latencies].filter(([kk]) => kk !== unitKind).map(([kk, v]) => [kk, summarize(v)])),
    statuses: c.rec.statusObject(),
    errors: c.rec.errorCount() - rej.length,
    errorSamples: c.rec.errors.slice(0, 5),
    cpu: cpuDiff(s0, s1, run.completed),
    deadlocks: d1 - d0,
    ledger,
    serverMemMiB: c.env.server.memory(),
    generatorLagMs: { p99: round(lag.percentile(99) / 1e6, 1), max: round(lag.max / 1e6, 1) },
    kernelCounters: tcp,
    coldConnections: cold,
  };
  if (rej.length) {
    const ms = rej.map((x) => x.ms);
    const s = summarize(ms);
    r.rejections = {
      count: rej.length,
      p99Ms: s.p99,
      maxMs: s.max,
      within100ms: ms.filter((x) => x <= 100).length,
      withRetryAfter: rej.filter((x) => x.retryAfter).length,
    };
  }
  log(
    `${name.padEnd(28)} c=${String(concurrency).padStart(3)} ${r.mode === "open" ? `rate=${Math.round(rate)}/s` : "closed   "} → ${run.throughput}/s` +
      ` p50=${r.unit.p50} p95=${r.unit.p95} p99=${r.unit.p99} ms errors=${r.errors}${r.rejections ? ` rejected=${r.rejections.count} (≤100ms ${r.rejections.within100ms}, p99 ${r.rejections.p99Ms} ms)` : ""} generator-lag p99/max=${r.generatorLagMs?.p99}/${r.generatorLagMs?.max} ms` +
      ` others=${r.cpu.othersPct}% cpu/unit machine=${r.cpu.machineCpuMsPerUnit} server=${r.cpu.serverCpuMsPerUnit} pg=${r.cpu.postgresCpuMsPerUnit} ms rss=${r.serverMemMiB.rssMiB}MiB` +
      (Object.keys(tcp).length ? ` kernel=${JSON.stringify(tcp)}` : ""),
  );
  return r;
}

class LedgerDrift extends Error {
  constructor(
    readonly phase: string,
    readonly problems: unknown[],
  ) {
    super(`ledger drift after ${phase}`);
  }
}

function newCtx(env: Env): Ctx {
  return {
    env,
    rec: new Recorder(),
    busy: new Uint8Array(env.pairs.length * 2),
    completedCreates: [],
    ecodes: [],
    seq: 0,
    accept: new Set(),
  };
}

async function rawPhase(o: Opts, c: Ctx, mode: RawMode, concurrency: number): Promise<PhaseResult> {
  const sql = connectPostgres(c.env.url, { max: 10, onnotice: () => {} });
  const mover = rawMover(sql, mode, `${mode}-${concurrency}-${Date.now()}`);
  await Promise.all(Array.from({ length: 10 }, () => sql`select pg_sleep(0.01)`)); // open the pool, so its backends are counted
  // Workers never share a pair at once, like the API phase's one-pending-per-sender.
  const r = await measure(o, c, `raw-sql ${mode}`, concurrency, Infinity, o.durationS, "raw", async () => {
    const pick = pickIdle(c);
    if (!pick) return false;
    try {
      const t = performance.now();
      const [from, to] = pick.fromA ? [pick.p.a, pick.p.b] : [pick.p.b, pick.p.a];
      await mover({ debit: from.ownAccountId, credit: to.receivedAccountId, userId: from.userId }, 1 + rand(500));
      c.rec.status("raw", "200");
      c.rec.ok("raw.tx", performance.now() - t);
      return true;
    } catch (e) {
      c.rec.status("raw", "error");
      c.rec.error("raw", 0, "SQL", e instanceof Error ? e.message : String(e));
      return false;
    } finally {
      c.busy[pick.idx] = 0;
    }
  });
  await sql.end({ timeout: 5 });
  return r;
}

/**
 * The floor (bench/lib/floor-server.ts): the same HTTP stack, generator and pool, with no application
 * logic. A floor transfer is two requests, like the API's create + accept: `http` answers them at once,
 * `move` runs the raw-SQL single movement in each. What the API cannot beat on this machine whatever
 * it does per request (short of fewer requests or batching many movements into one statement).
 */
async function floorPhases(o: Opts, c: Ctx, probeS: number): Promise<PhaseResult[]> {
  const floor = await startServer({ DATABASE_URL: c.env.url }, { tsEntry: "bench/lib/floor-server.ts" });
  const http = new Http(floor.origin, 600);
  const fc: Ctx = { ...c, env: { ...c.env, server: floor, http } };
  const unit = async (withMove: boolean) => {
    const pick = pickIdle(fc);
    if (!pick) return false;
    const from = pick.fromA ? pick.p.a : pick.p.b;
    const to = pick.fromA ? pick.p.b : pick.p.a;
    try {
      for (const step of ["floor.hold", "floor.accept"]) {
        const body = withMove
          ? JSON.stringify({ from: from.ownAccountId, to: to.receivedAccountId, user: from.userId, amountFen: 1 + rand(500) })
          : JSON.stringify({ n: fc.seq++ });
        const r = await timed(fc, step, 201, () =>
          http.request("POST", withMove ? "/floor/move" : "/floor/http", { headers: { "content-type": "application/json" }, body }),
        );
        if (!r.ok) return false;
      }
      return true;
    } finally {
      fc.busy[pick.idx] = 0;
    }
  };
  const out: PhaseResult[] = [];
  try {
    await measure(o, fc, "floor warm-up", Math.max(...o.concurrencies), Infinity, o.smoke ? 0.5 : 2, "transfer", () => unit(true), false);
    for (const conc of o.concurrencies) {
      out.push(await measure(o, fc, "floor: http only", conc, Infinity, probeS, "transfer", () => unit(false), false));
      out.push(await measure(o, fc, "floor: http + raw movement", conc, Infinity, probeS, "transfer", () => unit(true)));
    }
  } finally {
    await http.close();
    await floor.stop();
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Main

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const mdFrom = process.argv.indexOf("--md-from");
  if (mdFrom >= 0) {
    // Regenerate the table in BENCHMARKS.md from a stored result.
    updateBenchmarksMd(JSON.parse(readFileSync(process.argv[mdFrom + 1]!, "utf8")));
    return;
  }
  const startedAt = new Date();
  const m = machine();
  log(`machine: ${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB, ${m.node}; load ${loadavg().join(" ")}`);
  log(`options: n=${o.n} compare-n=${o.compareN} duration=${o.durationS}s${o.smoke ? " SMOKE" : ""}`);
  const admin = connectPostgres(o.pgAdmin, { max: 1, onnotice: () => {} });
  const [pg] = await admin<
    { v: string; sc: string; fs: string }[]
  >`select version() as v, current_setting('synchronous_commit') as sc, current_setting('fsync') as fs`;
  const phases: PhaseResult[] = [];
  const failures: string[] = [];
  const extra: Record<string, unknown> = {};
  let env: Env | null = null;
  const tag = o.smoke ? "smoke" : "main";
  const loadBefore = loadavg();
  try {
    {
      // 0. Database round trips per request (an in-process app on a counting driver, its own database).
      const rtDb = `yb_bench_rt_${Date.now().toString(36)}`;
      await admin.unsafe(`create database ${rtDb}`);
      try {
        extra.roundTrips = await countRoundTrips(withDatabase(o.pgAdmin, rtDb), FIXED_NOW);
        log(`database round trips per request: ${JSON.stringify(extra.roundTrips)}`);
      } finally {
        await admin.unsafe(`drop database if exists ${rtDb} with (force)`);
      }
    }
    {
      // The PIN check as deployed (a keyed HMAC-SHA-256 under PIN_KEY, in-process) next to what a
      // PBKDF2 check at the old production work factor (100,000) cost, one at a time and 8 at once.
      const keyed = async () => {
        const key = randomBytes(32).toString("base64url");
        const h = await keyedPinHash(key, PIN);
        const salt = h.split("$")[2]!;
        const n = 2000;
        const t = performance.now();
        for (let i = 0; i < n; i++) await hmacHex(key, `${salt}$${PIN}`);
        return { check: "hmac-sha256 (PIN_KEY)", msPerCheck: round((performance.now() - t) / n, 4) };
      };
      const pin = async (iterations: number) => {
        const h = await hashPassword(PIN, "bench-pepper-0123456789", iterations);
        await verifyPassword(PIN, "bench-pepper-0123456789", h);
        const n = iterations >= 50_000 ? 4 : 40;
        let t = performance.now();
        for (let i = 0; i < n; i++) await verifyPassword(PIN, "bench-pepper-0123456789", h);
        const serialMs = (performance.now() - t) / n;
        t = performance.now();
        await Promise.all(Array.from({ length: 8 }, () => verifyPassword(PIN, "bench-pepper-0123456789", h)));
        const parallelPerS = 8 / ((performance.now() - t) / 1000);
        return { iterations, msPerCheck: round(serialMs, 2), checksPerSecondAllCores: round(parallelPerS, 0) };
      };
      extra.pinCost = [await keyed(), await pin(100_000)];
      log(`PIN check cost: ${JSON.stringify(extra.pinCost)}`);
    }
    log(`setting up ${o.n} users…`);
    env = await setUp(o, o.n, tag, admin);
    extra.seed = env.seed;
    log(`seeded: ${JSON.stringify({ ...env.seed, shapeCheck: "ok" })}`);
    const c = newCtx(env);
    const D = o.durationS;
    const probeS = o.smoke ? D : Math.max(3, Math.round(D / 2));

    // Warm-up (JIT, pool connections, caches): not recorded.
    await measure(o, c, "warm-up", Math.max(...o.concurrencies), Infinity, o.smoke ? 0.5 : 3, "transfer", () => transferUnit(c), false);

    // 2. The raw-SQL ceiling at each concurrency.
    const raw: Record<string, Record<number, PhaseResult>> = { loop: {}, single: {}, hot: {} };
    if (o.phases.has("raw")) {
      for (const mode of ["loop", "single", "hot"] as RawMode[]) {
        for (const conc of o.concurrencies) {
          const r = await rawPhase(o, c, mode, conc);
          raw[mode]![conc] = r;
          phases.push(r);
        }
      }
    }

    // 2b. The floor: the same HTTP stack and pool with no application logic.
    const floor: Record<string, Record<number, PhaseResult>> = { http: {}, move: {} };
    if (o.phases.has("floor")) {
      for (const r of await floorPhases(o, c, probeS)) {
        floor[r.name.includes("movement") ? "move" : "http"]![r.concurrency] = r;
        phases.push(r);
      }
    }

    // 3a. API transfers: the closed loop finds the capacity, the open loop at 80 % of it measures latency.
    const capacity: Record<number, number> = {};
    const apiOpen: Record<number, PhaseResult> = {};
    if (o.phases.has("api")) {
      for (const conc of o.concurrencies) {
        const closed = await measure(o, c, "api transfers (capacity)", conc, Infinity, probeS, "transfer", () => transferUnit(c));
        phases.push(closed);
        capacity[conc] = closed.run.throughput;
        if (!o.smoke) {
          const open = await measure(o, c, "api transfers (open 80%)", conc, Math.max(1, closed.run.throughput * 0.8), D, "transfer", () =>
            transferUnit(c),
          );
          phases.push(open);
          apiOpen[conc] = open;
        }
      }
    }

    // 3b. Hot accounts: many patients into one hospital, one region fund into many wallets.
    const hotC = o.smoke ? o.concurrencies[0]! : 16;
    if (o.phases.has("hot") || o.phases.has("mixed")) {
      const mr = await env.http.request("POST", "/v1/sandbox/merchants", {
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: `苏州市立医院（压测）${tag}`, regionCode: REGION, kind: "hospital", acceptsWallet: true }),
      });
      if (mr.status !== 201) throw new Error(`sandbox merchant: ${mr.status} ${JSON.stringify(mr.body)}`);
      c.merchant = mr.body;
      const rk = await env.http.request("POST", "/v1/sandbox/region-keys", {
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ regionCode: REGION }),
      });
      if (rk.status !== 201) throw new Error(`region key: ${rk.status}`);
      c.regionKey = rk.body;
    }
    if (o.phases.has("hot")) {
      for (const conc of o.smoke ? [hotC] : [16, 64]) {
        await issueEcodes(c, o.smoke ? 500 : 30_000);
        const closed = await measure(o, c, "hot: settlements (capacity)", conc, Infinity, probeS, "settlement", () => settlementUnit(c));
        phases.push(closed);
        if (!o.smoke) {
          c.ecodes.length = 0;
          await issueEcodes(c, Math.ceil(closed.run.throughput * 0.8 * D * 1.2) + 1000);
          phases.push(
            await measure(o, c, "hot: settlements (open 80%)", conc, Math.max(1, closed.run.throughput * 0.8), D, "settlement", () =>
              settlementUnit(c),
            ),
          );
        }
        c.ecodes.length = 0;
      }
      for (const conc of o.smoke ? [hotC] : [16, 64]) {
        const closed = await measure(o, c, "hot: credits (capacity)", conc, Infinity, probeS, "credit", () => creditUnit(c));
        phases.push(closed);
        if (!o.smoke)
          phases.push(
            await measure(o, c, "hot: credits (open 80%)", conc, Math.max(1, closed.run.throughput * 0.8), D, "credit", () =>
              creditUnit(c),
            ),
          );
      }
    }

    // 3c. Mixed traffic: 70 % wallet reads, 20 % transfers, 10 % settlements.
    if (o.phases.has("mixed")) {
      const mixedJob = (k: number) => {
        const x = k % 10;
        return x < 7 ? walletReadUnit(c) : x < 9 ? transferUnit(c) : settlementUnit(c);
      };
      const conc = o.smoke ? o.concurrencies[0]! : 64;
      await issueEcodes(c, o.smoke ? 200 : 20_000);
      const closed = await measure(o, c, "mixed (capacity)", conc, Infinity, probeS, "request", (_w, k) => mixedJob(k));
      phases.push(closed);
      if (!o.smoke) {
        c.ecodes.length = 0;
        await issueEcodes(c, Math.ceil(closed.run.throughput * 0.8 * D * 0.12) + 2000);
        phases.push(
          await measure(o, c, "mixed (open 80%)", conc, Math.max(1, closed.run.throughput * 0.8), D, "request", (_w, k) => mixedJob(k)),
        );
      }
      c.ecodes.length = 0;
    }

    // 4. Overload: transfers offered at twice the best closed-loop capacity, from many connections.
    if (o.phases.has("overload")) {
      const peak = Math.max(1, ...Object.values(capacity));
      c.accept = new Set([429, 503]);
      const conc = o.smoke ? 64 : 400;
      const r = await measure(o, c, "overload (2x capacity)", conc, peak * 2, o.smoke ? 1 : D, "transfer", () => transferUnit(c));
      c.accept = new Set();
      phases.push(r);
      extra.overload = {
        peakCapacity: peak,
        offered: peak * 2,
        goodput: r.run.throughput,
        goodputPctOfPeak: round((r.run.throughput / peak) * 100, 1),
      };
      // The same load on connections that are all new: a client fleet reconnecting at once (after a
      // deploy, say). Each listening socket takes one new connection per turn of the server's event
      // loop (src/entry/listen.ts), so this measures how fast a busy server lets new clients in.
      const coldHttp = new Http(env.server.origin, 600);
      const cc: Ctx = { ...c, accept: new Set([429, 503]), env: { ...env, http: coldHttp } };
      try {
        const rc = await measure(
          o,
          cc,
          "overload, new connections",
          conc,
          peak * 2,
          o.smoke ? 1 : D,
          "transfer",
          () => transferUnit(cc),
          true,
          true,
        );
        phases.push(rc);
        extra.overloadCold = {
          offered: peak * 2,
          goodput: rc.run.throughput,
          goodputPctOfPeak: round((rc.run.throughput / peak) * 100, 1),
        };
      } finally {
        await coldHttp.close();
      }
    }

    // 5. Idempotent replays of transfers already created.
    if (o.phases.has("replay") && c.completedCreates.length) {
      const rate = o.smoke ? Infinity : 300;
      phases.push(
        await measure(
          o,
          c,
          "idempotent replay",
          o.smoke ? o.concurrencies[0]! : 16,
          rate,
          o.smoke ? D : Math.max(3, Math.round(D / 2)),
          "replay",
          (_w, k) => replayUnit(c, k),
        ),
      );
    }

    extra.peakServerMemMiB = env.server.memory();
    const rawVsApi: Record<string, unknown> = {};
    for (const conc of o.concurrencies) {
      const api = capacity[conc];
      const rl = raw.loop?.[conc]?.run.throughput;
      const rs = raw.single?.[conc]?.run.throughput;
      if (api !== undefined && rl)
        rawVsApi[conc] = {
          apiTransfersPerS: api,
          rawLoopPerS: rl,
          rawSinglePerS: rs,
          apiOverRawLoopPct: round((api / rl) * 100, 1),
          apiOverRawSinglePct: rs ? round((api / rs) * 100, 1) : null,
        };
    }
    extra.apiVsRaw = rawVsApi;
    const floorVsApi: Record<string, unknown> = {};
    for (const conc of o.concurrencies) {
      const f = floor.move?.[conc];
      const h = floor.http?.[conc];
      if (f)
        floorVsApi[conc] = {
          floorHttpPerS: h?.run.throughput,
          floorPerS: f.run.throughput,
          apiTransfersPerS: capacity[conc],
          apiOverFloorPct: capacity[conc] ? round((capacity[conc]! / f.run.throughput) * 100, 1) : null,
        };
    }
    extra.floorVsApi = floorVsApi;
    for (const p of phases)
      if (p.errors > 0 && !p.name.startsWith("overload"))
        failures.push(`${p.name} c=${p.concurrency}: ${p.errors} errors ${JSON.stringify(p.errorSamples.slice(0, 2))}`);
    for (const overload of phases.filter((p) => p.name.startsWith("overload")))
      if (overload.errors > 0)
        failures.push(
          `${overload.name}: ${overload.errors} answers other than success, 429 or 503: ${JSON.stringify(overload.errorSamples.slice(0, 2))}`,
        );
    await tearDown(env, admin, o.keepDb);
    env = null;

    // 6. Cost growth: the same transfer load on a larger population.
    if (o.compareN > 0 && o.phases.has("api")) {
      log(`setting up ${o.compareN} users for the cost comparison…`);
      const big = await setUp(o, o.compareN, "large", admin);
      env = big;
      extra.compareSeed = big.seed;
      log(`seeded: ${JSON.stringify({ ...big.seed, shapeCheck: "ok" })}`);
      const cb = newCtx(big);
      await measure(o, cb, "warm-up (large N)", 16, Infinity, 3, "transfer", () => transferUnit(cb), false);
      const closed = await measure(o, cb, `api transfers N=${o.compareN} (capacity)`, 16, Infinity, probeS, "transfer", () =>
        transferUnit(cb),
      );
      phases.push(closed);
      const baseOpen = apiOpen[16];
      const rate = baseOpen?.run.offeredRate ?? closed.run.throughput * 0.8;
      const open = await measure(o, cb, `api transfers N=${o.compareN} (open)`, 16, rate, D, "transfer", () => transferUnit(cb));
      phases.push(open);
      const baseClosed = phases.find((p) => p.name === "api transfers (capacity)" && p.concurrency === 16);
      extra.costGrowth = {
        baseN: o.n,
        largeN: o.compareN,
        capacityPerS: { base: baseClosed?.run.throughput, large: closed.run.throughput },
        machineCpuMsPerTransfer: { base: baseClosed?.cpu.machineCpuMsPerUnit, large: closed.cpu.machineCpuMsPerUnit },
        openLoopAtSameRate: { rate: round(rate, 1), base: baseOpen?.unit, large: open.unit },
        capacityChangePct: baseClosed
          ? round(((closed.run.throughput - baseClosed.run.throughput) / baseClosed.run.throughput) * 100, 1)
          : null,
        cpuPerTransferChangePct:
          baseClosed?.cpu.machineCpuMsPerUnit && closed.cpu.machineCpuMsPerUnit
            ? round(((closed.cpu.machineCpuMsPerUnit - baseClosed.cpu.machineCpuMsPerUnit) / baseClosed.cpu.machineCpuMsPerUnit) * 100, 1)
            : null,
      };
      for (const p of [closed, open]) if (p.errors > 0) failures.push(`${p.name}: ${p.errors} errors`);
      await tearDown(big, admin, o.keepDb);
      env = null;
    }
  } catch (e) {
    failures.push(
      e instanceof LedgerDrift
        ? `ledger drift after ${e.phase}: ${JSON.stringify(e.problems.slice(0, 5))}`
        : e instanceof Error
          ? (e.stack ?? e.message)
          : String(e),
    );
    if (env) {
      log(`server stderr: ${env.server.stderrTail().slice(-2000)}`);
      await tearDown(env, admin, o.keepDb).catch(() => {});
    }
  }
  await admin.end({ timeout: 5 });

  const result = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    label: o.label,
    command: `npm run ${o.smoke ? "bench:smoke" : "bench"}${
      process.argv.slice(2).filter((a) => a !== "--smoke").length
        ? ` -- ${process.argv
            .slice(2)
            .filter((a) => a !== "--smoke")
            .join(" ")}`
        : ""
    }`,
    machine: { ...m, postgres: pg?.v.split(" on ")[0], synchronousCommit: pg?.sc, fsync: pg?.fs, loadBefore, loadAfter: loadavg() },
    settings: {
      users: o.n,
      compareN: o.compareN,
      durationS: o.durationS,
      pinCheck: "HMAC-SHA-256 under PIN_KEY (the production setting; no bench-only work factor)",
      serverPool: 10,
      logLevel: "warn",
      fixedNow: FIXED_NOW,
      openingFen: OPENING_FEN,
      loadGenerator:
        "bench/lib/loadgen.ts (undici, open loop with a fixed arrival schedule; same machine, separate process from the server)",
    },
    ...extra,
    phases,
    failures,
    ok: failures.length === 0,
  };
  if (o.write) {
    const dir = `${ROOT}bench/results`;
    mkdirSync(dir, { recursive: true });
    const file = `${dir}/${startedAt.toISOString().slice(0, 19).replace(/:/g, "-")}.json`;
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    log(`results: ${file}`);
    if (!o.noMd) updateBenchmarksMd(result);
  }
  if (failures.length) {
    log(`FAILED:\n  ${failures.join("\n  ")}`);
    process.exit(1);
  }
  log(o.smoke ? "smoke ok: ledger balanced after every phase, no unexpected answers" : "done");
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// BENCHMARKS.md: the generated table lives between two markers; the rest of the file is prose.

function updateBenchmarksMd(r: any) {
  const file = `${ROOT}BENCHMARKS.md`;
  let md = "";
  try {
    md = readFileSync(file, "utf8");
  } catch {
    md = "# Benchmarks\n\n<!-- bench:results:begin -->\n<!-- bench:results:end -->\n";
  }
  const row = (p: PhaseResult) =>
    `| ${p.name} | ${p.concurrency} | ${p.mode === "open" ? `${Math.round(p.run.offeredRate!)}/s` : "closed"} | ${p.run.throughput} | ${p.unit.p50} | ${p.unit.p95} | ${p.unit.p99} | ${p.errors}${p.rejections ? ` (+${p.rejections.count} shed)` : ""} | ${p.cpu.machineCpuMsPerUnit ?? "–"} · ${p.cpu.serverCpuMsPerUnit ?? "–"} · ${p.cpu.postgresCpuMsPerUnit ?? "–"} | ${p.cpu.othersPct} % | ${p.serverMemMiB.rssMiB} |`;
  const lines = [
    `Generated by \`${r.command}\` at ${r.startedAt} (${r.label || "no label"}).`,
    `Machine: ${r.machine.cores} cores (${r.machine.cpuModel}), ${r.machine.memoryGiB} GiB, ${r.machine.postgres}, fsync=${r.machine.fsync}, synchronous_commit=${r.machine.synchronousCommit}, Node ${r.machine.node}; 1-min load before ${r.machine.loadBefore[0]}, after ${r.machine.loadAfter[0]}.`,
    `Users: ${r.settings.users} (${r.seed?.accounts ?? "?"} ledger accounts); PIN check: ${r.settings.pinCheck ?? `PBKDF2, ${r.settings.passwordHashIterations} iterations`}; server pool ${r.settings.serverPool}; durations ${r.settings.durationS}s (capacity probes ${Math.max(3, Math.round(r.settings.durationS / 2))}s). Raw results: \`bench/results/${r.startedAt.slice(0, 19).replace(/:/g, "-")}.json\`.`,
    "",
    "| phase | conc. | offered | done/s | p50 ms | p95 ms | p99 ms | errors | CPU ms/unit: machine · server · PostgreSQL | CPU of other processes | server RSS MiB |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...r.phases.filter((p: PhaseResult) => !p.name.startsWith("warm")).map(row),
    "",
    `API ÷ raw-SQL (closed-loop transfers/s): ${Object.entries(r.apiVsRaw ?? {})
      .map(
        ([k, v]: [string, any]) =>
          `c=${k}: ${v.apiTransfersPerS} ÷ ${v.rawLoopPerS} = **${v.apiOverRawLoopPct} %** of the transaction loop (${v.apiOverRawSinglePct} % of the single statement)`,
      )
      .join("; ")}.`,
    Object.keys(r.floorVsApi ?? {}).length
      ? `Floor (the same HTTP stack and pool, no application logic; a transfer = 2 requests): ${Object.entries(r.floorVsApi)
          .map(
            ([k, v]: [string, any]) =>
              `c=${k}: HTTP only ${v.floorHttpPerS}/s, HTTP + raw movement **${v.floorPerS}/s**${v.apiTransfersPerS ? `, the API ${v.apiTransfersPerS}/s = ${v.apiOverFloorPct} % of it` : ""}`,
          )
          .join("; ")}.`
      : "",
    r.overload
      ? `Overload: offered ${round(r.overload.offered)}/s (2× peak ${r.overload.peakCapacity}/s), goodput ${r.overload.goodput}/s = **${r.overload.goodputPctOfPeak} %** of peak.`
      : "",
    r.overloadCold
      ? `Overload on new connections (all ${r.phases.find((p: PhaseResult) => p.name.startsWith("overload, new"))?.concurrency} opened as the load began): goodput ${r.overloadCold.goodput}/s = **${r.overloadCold.goodputPctOfPeak} %** of peak.`
      : "",
    ...r.phases
      .filter((p: PhaseResult) => p.rejections)
      .map(
        (p: PhaseResult) =>
          `Refused in ${p.name}: ${p.rejections!.count} answers 429/503, ${p.rejections!.withRetryAfter} with Retry-After, ${p.rejections!.within100ms} (${round((p.rejections!.within100ms / p.rejections!.count) * 100, 1)} %) within 100 ms, p99 ${p.rejections!.p99Ms} ms; other 5xx: ${p.errors}.`,
      ),
    `Deadlocks (pg_stat_database) over all phases: **${r.phases.reduce((a: number, p: PhaseResult) => a + (p.deadlocks ?? 0), 0)}**.`,
    r.pinCost
      ? `PIN check: ${r.pinCost.map((p: any) => (p.check ? `${p.check} ${p.msPerCheck} ms each` : `PBKDF2-SHA-256 at ${p.iterations} iterations ${p.msPerCheck} ms each, at most ${p.checksPerSecondAllCores}/s on all cores`)).join("; ")}.`
      : "",
    `Database round trips per request: ${Object.entries(r.roundTrips ?? {})
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}.`,
    `Peak server memory: RSS high-water mark **${r.peakServerMemMiB?.hwmMiB} MiB** (sampled peak ${r.peakServerMemMiB?.peakSampledMiB} MiB).`,
    r.costGrowth
      ? `Cost growth N=${r.costGrowth.baseN} → N=${r.costGrowth.largeN}: capacity ${r.costGrowth.capacityPerS.base} → ${r.costGrowth.capacityPerS.large} transfers/s (${r.costGrowth.capacityChangePct} %), machine CPU per transfer ${r.costGrowth.machineCpuMsPerTransfer.base} → ${r.costGrowth.machineCpuMsPerTransfer.large} ms (${r.costGrowth.cpuPerTransferChangePct} %); open loop at ${r.costGrowth.openLoopAtSameRate.rate}/s: p50/p99 ${r.costGrowth.openLoopAtSameRate.base?.p50}/${r.costGrowth.openLoopAtSameRate.base?.p99} → ${r.costGrowth.openLoopAtSameRate.large?.p50}/${r.costGrowth.openLoopAtSameRate.large?.p99} ms.`
      : "",
    r.failures.length
      ? `**Failures:** ${r.failures.map((f: string) => f.split("\n")[0]).join("; ")}`
      : "Ledger check after every phase: balanced, no drift.",
  ];
  const block = `<!-- bench:results:begin -->\n${lines.filter((l) => l !== undefined).join("\n")}\n<!-- bench:results:end -->`;
  md = /<!-- bench:results:begin -->[\s\S]*<!-- bench:results:end -->/.test(md)
    ? md.replace(/<!-- bench:results:begin -->[\s\S]*<!-- bench:results:end -->/, block)
    : `${md}\n${block}\n`;
  writeFileSync(file, md);
}

main().catch((e) => {
  process.stderr.write(`bench crashed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
