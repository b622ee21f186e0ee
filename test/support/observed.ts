import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { inject } from "vitest";
import type { AppEnv } from "../../src/app-env";
import { openApiDocument } from "../../src/modules/system/system.index";

/**
 * Records (method, documented route, status) of every answer the HTTP tests see, so that
 * scripts/openapi-statuses.ts can compare them with the statuses the OpenAPI document lists.
 * Each test file writes its own file into the run's folder (test/support/global-setup.ts).
 */
export function statusRecorder(app: OpenAPIHono<AppEnv>) {
  let routes: { method: string; path: string; re: RegExp }[] | undefined;
  const seen = new Map<string, { method: string; path: string; status: number; count: number }>();
  const match = (method: string, url: string) => {
    routes ??= Object.entries<Record<string, unknown>>(openApiDocument(app).paths ?? {}).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((m) => ["get", "post", "put", "patch", "delete"].includes(m))
        .map((m) => ({ method: m, path, re: new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}$`) })),
    );
    const p = url.split("?")[0]!;
    const m = method.toLowerCase();
    // A literal segment wins over a parameter (/v1/transfers/options before /v1/transfers/{id}).
    const hits = routes.filter((r) => r.method === m && r.re.test(p));
    hits.sort((a, b) => (a.path.match(/\{/g)?.length ?? 0) - (b.path.match(/\{/g)?.length ?? 0));
    return hits[0];
  };
  return {
    record(method: string, url: string, status: number) {
      const r = match(method, url);
      if (!r) return;
      const key = `${r.method} ${r.path} ${status}`;
      const e = seen.get(key);
      if (e) e.count++;
      else seen.set(key, { method: r.method, path: r.path, status, count: 1 });
    },
    flush(testFile: string) {
      const dir = inject("observedStatusesDir");
      if (!dir || seen.size === 0) return;
      mkdirSync(dir, { recursive: true });
      const name = `${testFile.replace(/[^\w.-]+/g, "_")}-${process.pid}-${Date.now()}.json`;
      writeFileSync(join(dir, name), JSON.stringify([...seen.values()]));
    },
  };
}
