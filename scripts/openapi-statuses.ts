/**
 * Compares the statuses the OpenAPI document lists for each operation with the statuses the HTTP
 * tests observed (test/support/observed.ts writes them to .data/openapi-observed/ during a run).
 * Fails on an observed status that is not documented; reports documented ones never observed.
 * Usage: after `npx vitest run …`, `npx tsx scripts/openapi-statuses.ts [--quiet]`.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { buildOpenApiDocument } from "./openapi-doc";

type Seen = { method: string; path: string; status: number; count: number };
const root = join(process.cwd(), ".data", "openapi-observed");
// Every run folder present (test/support/global-setup.ts makes one per vitest project and run: the
// API and mini-program projects, PGlite and PostgreSQL in CI), or one given with --dir=. Remove
// .data/openapi-observed to start afresh.
const runs = existsSync(root) ? readdirSync(root).filter((d) => d.startsWith("run-")) : [];
const given = process.argv.find((a) => a.startsWith("--dir="))?.slice(6);
const dirs = given ? [given] : runs.map((r) => join(root, r));
const files = dirs.flatMap((dir) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith(".json"))
        .map((f) => join(dir, f))
    : [],
);
if (files.length === 0) {
  process.stderr.write(`no observations in ${given ?? root}: run the HTTP tests first\n`);
  process.exit(2);
}
const observed = new Map<string, Seen & { files: Set<string> }>();
for (const f of files) {
  for (const s of JSON.parse(readFileSync(f, "utf8")) as Seen[]) {
    const key = `${s.method} ${s.path} ${s.status}`;
    const e = observed.get(key) ?? { ...s, count: 0, files: new Set<string>() };
    e.count += s.count;
    e.files.add(basename(f).replace(/-\d+-\d+\.json$/, ""));
    observed.set(key, e);
  }
}
const doc = buildOpenApiDocument();
const undocumented: string[] = [];
const neverSeen: string[] = [];
const seenOps = new Set<string>();
for (const e of observed.values()) {
  seenOps.add(`${e.method} ${e.path}`);
  const responses = doc.paths?.[e.path]?.[e.method]?.responses ?? {};
  if (!(String(e.status) in responses))
    undocumented.push(`${e.method.toUpperCase()} ${e.path} → ${e.status} (×${e.count}, ${[...e.files].join(", ")})`);
}
for (const [path, item] of Object.entries<Record<string, { responses?: Record<string, unknown> }>>(doc.paths ?? {})) {
  for (const [method, op] of Object.entries(item)) {
    if (!seenOps.has(`${method} ${path}`)) continue; // an operation no test file of this run called
    const missing = Object.keys(op.responses ?? {}).filter((s) => !observed.has(`${method} ${path} ${s}`));
    if (missing.length) neverSeen.push(`${method.toUpperCase()} ${path}: ${missing.join(", ")}`);
  }
}
const ops = Object.values(doc.paths ?? {}).reduce((n: number, item) => n + Object.keys(item as object).length, 0);
process.stdout.write(
  `${observed.size} (operation, status) pairs observed from ${files.length} test files; ${seenOps.size} of ${ops} operations called\n`,
);
if (!process.argv.includes("--quiet") && neverSeen.length) {
  process.stdout.write(`\nDocumented but never observed in this run (${neverSeen.length} operations):\n  ${neverSeen.join("\n  ")}\n`);
}
if (undocumented.length) {
  process.stdout.write(
    `\nObserved but NOT documented (${undocumented.length}): add them to the route's responses\n  ${undocumented.join("\n  ")}\n`,
  );
  process.exit(1);
}
process.stdout.write("every observed status is documented\n");
