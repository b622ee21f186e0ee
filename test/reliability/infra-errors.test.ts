import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import type { Db } from "../../src/db/client";
import { SandboxClock } from "../../src/lib/clock";
import { createLogger } from "../../src/lib/logger";
import { testConfig } from "../support/config";

/**
 * What a request answers when the database connection goes away under it. drizzle wraps the
 * driver's error ("Failed query: …", the driver's error as `cause`), so the mapping must look
 * through the wrapper: a lost connection is 503 BUSY with Retry-After, never a 500.
 */
function appWith(err: unknown) {
  const fail = () => Promise.reject(err);
  const db = new Proxy({}, { get: () => fail }) as unknown as Db;
  const lines: string[] = [];
  const app = createApp({ config: testConfig(), clock: new SandboxClock(null), log: createLogger("debug", (l) => lines.push(l)), db });
  return { app, lines };
}

function wrapped(cause: Record<string, unknown>) {
  return Object.assign(new Error("Failed query: select 1\nparams: "), {
    cause: Object.assign(new Error(String(cause.message ?? "")), cause),
  });
}

describe("a lost database connection answers 503 BUSY", () => {
  it.each([
    ["postgres.js CONNECTION_CLOSED", wrapped({ code: "CONNECTION_CLOSED", message: "write CONNECTION_CLOSED 127.0.0.1:5432" })],
    ["postgres.js CONNECTION_ENDED", wrapped({ code: "CONNECTION_ENDED", message: "write CONNECTION_ENDED 127.0.0.1:5432" })],
    ["postgres.js CONNECT_TIMEOUT", wrapped({ code: "CONNECT_TIMEOUT", message: "write CONNECT_TIMEOUT 127.0.0.1:5432" })],
    ["socket reset", wrapped({ code: "ECONNRESET", message: "read ECONNRESET", errno: -104 })],
    ["refused", wrapped({ code: "ECONNREFUSED", message: "connect ECONNREFUSED 127.0.0.1:5432" })],
    ["server shutting down (57P01)", wrapped({ code: "57P01", message: "terminating connection due to administrator command" })],
    [
      "crash of another backend (57P02)",
      wrapped({ code: "57P02", message: "terminating connection because of crash of another server process" }),
    ],
    ["in recovery (57P03)", wrapped({ code: "57P03", message: "the database system is in recovery mode" })],
  ])("%s", async (_, err) => {
    const { app } = appWith(err);
    const r = await app.request("/v1/auth/sessions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ provider: "sandbox", code: "x" }),
    });
    expect(r.status).toBe(503);
    expect(r.headers.get("content-type")).toContain("application/problem+json");
    expect(r.headers.get("retry-after")).toBeTruthy();
    expect((await r.json()).code).toBe("BUSY");
  });
});
