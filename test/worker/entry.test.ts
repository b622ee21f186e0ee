/** The Worker entry's start-up guard, called directly: without its secrets it refuses to serve. */
import { describe, expect, it, vi } from "vitest";
import worker from "../../src/entry/worker";

const ctx = { waitUntil() {}, passThroughOnException() {}, props: {} };

describe("src/entry/worker.ts", () => {
  it("answers 503 BUSY, and names no secret, when sandbox is off and the secrets are missing", async () => {
    // Nothing is listening on port 9: the request must fail at the configuration, before any I/O.
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const env = { HYPERDRIVE: { connectionString: "postgres://postgres:postgres@127.0.0.1:9/none" }, LOG_LEVEL: "error" };
    const res = await worker.fetch(new Request("http://worker.test/healthz"), env, ctx);
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.headers.get("retry-after")).toBe("5");
    const body = (await res.json()) as { code: string };
    expect(body.code).toBe("BUSY");
    // The guard is cached for the isolate: the second request fails the same way, without re-parsing.
    expect((await worker.fetch(new Request("http://worker.test/v1/me"), env, ctx)).status).toBe(503);
    // The operator learns which setting is missing from the log.
    const line = String(logged.mock.calls[0]?.[0]);
    for (const name of ["TOKEN_SECRET", "ENCRYPTION_KEY", "LOOKUP_HMAC_KEY", "PASSWORD_PEPPER", "PIN_KEY"]) expect(line).toContain(name);
    expect(line).toContain("required when SANDBOX is off");
    logged.mockRestore();
  });
});
