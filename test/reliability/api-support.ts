import { sql } from "drizzle-orm";
import { rowsOf } from "../../src/lib/rows";
import type { TestApp } from "../support/app";

/** One operation of /openapi.json, as the matrix and the fuzzer see it. */
export interface ApiOp {
  method: string;
  path: string;
  security: "none" | "bearer" | "signature";
  params: string[];
  query: { name: string; required: boolean }[];
  hasBody: boolean;
  bodySchema: any;
  description: string;
}

export async function apiOps(t: TestApp): Promise<ApiOp[]> {
  const doc = (await t.api("GET", "/openapi.json")).body;
  const ops: ApiOp[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      const sec = JSON.stringify(op.security ?? []);
      const parameters: any[] = op.parameters ?? [];
      ops.push({
        method: method.toUpperCase(),
        path,
        security: sec.includes("bearerAuth") ? "bearer" : sec.includes("signature") ? "signature" : "none",
        params: parameters.filter((p) => p.in === "path").map((p) => p.name),
        query: parameters.filter((p) => p.in === "query").map((p) => ({ name: p.name, required: !!p.required })),
        hasBody: !!op.requestBody,
        bodySchema: resolve(doc, op.requestBody?.content?.["application/json"]?.schema),
        description: `${op.summary ?? ""} ${op.description ?? ""}`,
      });
    }
  }
  return ops;
}

function resolve(doc: any, s: any): any {
  if (!s) return s;
  if (s.$ref) return resolve(doc, doc.components.schemas[s.$ref.split("/").pop()]);
  return s;
}

export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? "01NOSUCHID0000000000000000"));
}

/** Row counts of every table, in one statement. */
export async function tableCounts(t: TestApp): Promise<Record<string, number>> {
  const tables = rowsOf<{ tablename: string }>(
    await t.db.execute(
      sql`select tablename from pg_tables where schemaname = 'public' and tablename not like '__drizzle%' order by tablename`,
    ),
  ).map((r) => r.tablename);
  const select = tables.map((n) => `(select count(*)::int from "${n}") as "${n}"`).join(", ");
  const [row] = rowsOf<Record<string, number>>(await t.db.execute(sql.raw(`select ${select}`)));
  return Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, Number(v)]));
}

export function countDiff(a: Record<string, number>, b: Record<string, number>, ignore: string[] = []): string[] {
  return Object.keys({ ...a, ...b })
    .filter((k) => !ignore.includes(k) && a[k] !== b[k])
    .map((k) => `${k}: ${a[k]} → ${b[k]}`);
}

const PROBLEM_FIELDS = ["type", "title", "status", "code", "detail", "detailEn"] as const;

/** Problems the response breaks: no 5xx, and every error is problem+json with the standard fields. */
export function problemShapeErrors(r: { status: number; body: any; headers: Headers }): string[] {
  const out: string[] = [];
  if (r.status >= 500) out.push(`status ${r.status}`);
  if (r.status >= 400) {
    const ct = r.headers.get("content-type") ?? "";
    if (!ct.startsWith("application/problem+json")) out.push(`content-type ${ct}`);
    if (typeof r.body !== "object" || r.body === null) out.push("body is not JSON");
    else {
      for (const f of PROBLEM_FIELDS) if (!(f in r.body)) out.push(`missing ${f}`);
      if (r.body.status !== r.status) out.push(`body.status ${r.body.status} ≠ ${r.status}`);
    }
  }
  return out;
}
