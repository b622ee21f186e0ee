/**
 * The bank test under faults (test/reliability). Usage:
 *   npm run test:chaos                    # 5 minutes, 64 clients, a fault every 10–30 s
 *   npm run test:chaos:smoke              # ~75 s of traffic for CI
 *   tsx scripts/chaos.ts --seed 42 --duration 120 --clients 64 --fault-min 10 --fault-max 30
 * A failing run prints its seed; the same seed replays the same workload and fault schedule.
 */
import { join } from "node:path";
import { runBank } from "../test/reliability/bank";
import { FAULT_KINDS, type FaultKind } from "../test/reliability/faults";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : Number(process.env[`CHAOS_${name.toUpperCase().replace(/-/g, "_")}`] ?? NaN);
  return Number.isFinite(v) ? v : fallback;
}

function faultOrder(): FaultKind[] | undefined {
  const i = process.argv.indexOf("--faults");
  if (i < 0) return undefined;
  const kinds = process.argv[i + 1]!.split(",") as FaultKind[];
  for (const k of kinds) if (!FAULT_KINDS.includes(k)) throw new Error(`unknown fault ${k}; known: ${FAULT_KINDS.join(", ")}`);
  return kinds;
}

// Ctrl-C runs the exit handlers, which stop the run's own PostgreSQL.
for (const sig of ["SIGINT", "SIGTERM"] as const) process.once(sig, () => process.exit(130));

const seed = arg("seed", Number(process.env.CHAOS_SEED ?? Date.now() % 100_000));
const durationS = arg("duration", 300);
const out = join("test/reliability/out", `seed-${seed}`);
const started = Date.now();
const log = (line: string) => process.stdout.write(`[chaos +${((Date.now() - started) / 1000).toFixed(1)}s] ${line}\n`);

const report = await runBank({
  seed,
  durationMs: durationS * 1000,
  clients: arg("clients", 64),
  faultEveryMs: [arg("fault-min", 10) * 1000, arg("fault-max", 30) * 1000],
  epochMs: arg("epoch", 9) * 1000,
  maxOpsPerClient: arg("max-ops", 100_000),
  faultOrder: faultOrder(),
  outDir: out,
  log,
});

const h = report.history;
log(
  `operations: ${report.operations.logical} logical, ${report.operations.attempts} HTTP attempts ${JSON.stringify(report.operations.byOutcome)}`,
);
log(`by kind: ${JSON.stringify(report.operations.byKind)}`);
log(
  `faults: ${report.faults.length} ${JSON.stringify(report.faultCounts)}; business days ${report.epochs}; server starts ${report.serverStarts}; proxy ${JSON.stringify(report.proxy)}`,
);
log(
  `ledger checks: ${report.ledgerChecks}; invariants checked: ${report.invariantsChecked}; model movements replayed: ${h?.stats["model.movements_replayed"] ?? 0}`,
);
if (h) log(`history stats: ${JSON.stringify(h.stats)}`);
for (const n of h?.notes ?? []) log(`note: ${n}`);
if (report.ok) {
  log(`PASS (seed ${seed}, ${Math.round(report.wallMs / 1000)} s); report: ${out}/report.json`);
  process.exit(0);
}
log(
  `FAIL (seed ${seed}) — ${report.problems.length} problem(s); reproduce with: npx tsx scripts/chaos.ts --seed ${seed} --duration ${durationS}`,
);
for (const p of report.problems.slice(0, 40)) log(`  ✗ ${p}`);
process.exit(1);
