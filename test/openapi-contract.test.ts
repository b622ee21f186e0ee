import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { IDEMPOTENT_ROUTES } from "../src/modules/platform/middleware";
import { openApiDocument } from "../src/modules/system/system.index";
import { TAG_ORDER } from "../src/modules/system/openapi";
import { GENERATED_FILE, generateApiTypes } from "../scripts/gen-api";
import { createTestApp } from "./support/app";
import { walletUser } from "./support/wallets";

const t = await createTestApp();
const doc = openApiDocument(t.app);
const ops = Object.entries<Record<string, any>>(doc.paths).flatMap(([path, item]) =>
  Object.entries<any>(item).map(([method, op]) => ({ path, method, op })),
);

describe("the OpenAPI document", () => {
  it("is what /openapi.json serves, with tags in the order a user meets them", async () => {
    const served = await t.api("GET", "/openapi.json");
    expect(served.status).toBe(200);
    expect(served.body).toEqual(JSON.parse(JSON.stringify(doc)));
    const names = doc.tags.map((x: { name: string }) => x.name);
    expect(names.slice(0, 8)).toEqual([
      "identity",
      "wallet",
      "relatives",
      "transfers",
      "family payments",
      "settlement",
      "premiums",
      "conversation",
    ]);
    expect(names.indexOf("agents")).toBeGreaterThan(names.indexOf("conversation"));
    expect(names.indexOf("admin")).toBeGreaterThan(names.indexOf("agents"));
    for (const { op } of ops) expect(TAG_ORDER.map((x) => x.name)).toContain(op.tags[0]);
  });

  it("has an example for every request body and every answer, and a security scheme on every secured route", () => {
    for (const { path, method, op } of ops) {
      for (const media of Object.values<any>(op.requestBody?.content ?? {}))
        expect(media.example, `${method} ${path} request`).toBeDefined();
      for (const [status, r] of Object.entries<any>(op.responses)) {
        for (const media of Object.values<any>(r.content ?? {})) expect(media.example, `${method} ${path} ${status}`).toBeDefined();
      }
      for (const s of op.security ?? []) for (const name of Object.keys(s)) expect(doc.components.securitySchemes).toHaveProperty(name);
      if ((op.security ?? []).some((s: object) => "signature" in s)) {
        const headers = op.parameters.filter((p: any) => p.in === "header" && p.required).map((p: any) => p.name);
        expect(headers, `${method} ${path}`).toEqual(expect.arrayContaining(["X-Key-Id", "X-Timestamp", "X-Nonce", "X-Signature"]));
      }
    }
  });

  it("marks Idempotency-Key required exactly on the routes that refuse a call without it", async () => {
    const marked = ops
      .filter(({ op }) => op.parameters?.some((p: any) => p.name === "Idempotency-Key" && p.required))
      .map(({ method, path }) => ({ method, path }));
    expect(marked).toEqual(expect.arrayContaining(IDEMPOTENT_ROUTES.map((r) => ({ ...r }))));
    expect(marked).toHaveLength(IDEMPOTENT_ROUTES.length);
    const u = await walletUser(t);
    for (const r of IDEMPOTENT_ROUTES) {
      const res = await t.api(r.method.toUpperCase(), r.path, { token: u.token, body: {} });
      expect(res.body.code, `${r.method} ${r.path}`).toBe("IDEMPOTENCY_KEY_REQUIRED");
    }
  });

  it("premium beneficiary is said to be self or a binding id of a relative with a wallet", () => {
    const premiums = doc.tags.find((x: { name: string }) => x.name === "premiums");
    expect(premiums.description).toMatch(/`self` or the `bindingId`[\s\S]*must have a wallet/);
  });
});

describe("the mini-program's generated API types", () => {
  it("are up to date with the server (npm run gen:api)", async () => {
    expect(
      readFileSync(GENERATED_FILE, "utf8") === (await generateApiTypes()),
      "miniprogram/services/api.gen.ts is stale: run npm run gen:api",
    ).toBe(true);
  });
});
