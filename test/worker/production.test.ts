/**
 * The second Worker of `npm run test:worker` runs as deployed: wrangler.toml's [vars] with the secrets
 * and no sandbox settings. The sandbox must be off there: no sandbox routes, login or movable clock.
 */
import { describe, expect, it } from "vitest";

const base = process.env.WORKER_PRODUCTION_URL ?? "";

async function get(path: string, init: RequestInit = {}) {
  const res = await fetch(`${base}${path}`, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

describe.runIf(/^https?:\/\//.test(base))("the Worker as deployed (sandbox off)", () => {
  it("answers /healthz with the secrets from the environment", async () => {
    const r = await get("/healthz");
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: "ok", database: "ok" });
  });

  it("mounts no sandbox route and refuses the sandbox login", async () => {
    const doc = await get("/openapi.json");
    expect(Object.keys(doc.body.paths).filter((p) => p.startsWith("/v1/sandbox"))).toEqual([]);
    for (const path of ["/v1/sandbox/clock", "/v1/sandbox/jobs/run"]) {
      const r = await get(path, { method: path.endsWith("run") ? "POST" : "GET" });
      expect(r.status).toBe(404);
      expect(r.body.code).toBe("NOT_FOUND");
    }
    const login = await get("/v1/auth/sessions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ provider: "sandbox", code: "worker-prod-login" }),
    });
    expect(login.status).toBe(404);
    expect(login.headers.get("content-type")).toContain("problem+json");
  });
});
