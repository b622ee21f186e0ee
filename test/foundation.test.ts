import { describe, expect, it } from "vitest";
import { createTestApp } from "./support/app";

const t = await createTestApp();

describe("foundation", () => {
  it("answers /healthz when the database answers", async () => {
    const r = await t.api("GET", "/healthz");
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: "ok", database: "ok" });
    expect(r.headers.get("x-request-id")).toMatch(/^[0-9A-Z]{26}$/);
  });

  it("serves the OpenAPI document and a docs page", async () => {
    const doc = await t.api("GET", "/openapi.json");
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe("3.1.0");
    expect(Object.keys(doc.body.paths)).toContain("/healthz");
    // The reference UI is Scalar's, its bundle served from node_modules (no CDN), reading /openapi.json.
    const page = await t.app.request("/docs");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("/openapi.json");
    expect(html).toContain("/docs/scalar.js");
    expect(html).not.toMatch(/https:\/\/cdn\./);
    const bundle = await t.app.request("/docs/scalar.js");
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-type")).toContain("javascript");
    expect((await bundle.text()).length).toBeGreaterThan(100_000);
  });

  it("answers unknown routes with a 404 problem", async () => {
    const r = await t.api("GET", "/v1/nothing-here");
    expect(r.status).toBe(404);
    expect(r.headers.get("content-type")).toContain("application/problem+json");
    expect(r.body).toMatchObject({ status: 404, code: "NOT_FOUND", title: "Not Found" });
    expect(typeof r.body.detail).toBe("string");
    expect(typeof r.body.detailEn).toBe("string");
  });

  it("keeps a caller's request id and echoes it", async () => {
    const r = await t.api("GET", "/healthz", { headers: { "x-request-id": "trace-abcdef123" } });
    expect(r.headers.get("x-request-id")).toBe("trace-abcdef123");
  });

  it("refuses oversized bodies with a 413 problem", async () => {
    const r = await t.api("POST", "/v1/auth/sessions", { raw: "x".repeat(70 * 1024), headers: { "content-type": "application/json" } });
    expect(r.status).toBe(413);
    expect(r.body.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("refuses a declared Content-Length over the limit from the header alone, and takes one under it", async () => {
    const big = await t.api("POST", "/v1/auth/sessions", {
      raw: "{}",
      headers: { "content-type": "application/json", "content-length": String(70 * 1024) },
    });
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ code: "PAYLOAD_TOO_LARGE", limitBytes: 64 * 1024 });
    const small = await t.api("POST", "/v1/auth/sessions", {
      raw: "{}",
      headers: { "content-type": "application/json", "content-length": "2" },
    });
    expect(small.status).toBe(400);
    expect(small.body.code).toBe("VALIDATION_FAILED");
  });

  it("has applied the migrations and the reference data", async () => {
    const rows = await t.db.query.regions.findMany();
    expect(rows.map((r) => r.code)).toContain("320500");
  });
});
