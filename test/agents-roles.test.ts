import { describe, expect, it } from "vitest";
import { createTestApp } from "./support/app";
import { login } from "./support/people";

const t = await createTestApp();

type Role = "agent" | "supervisor" | "auditor";
const STAFF: Role[] = ["agent", "supervisor"];
const ANY: Role[] = ["agent", "supervisor", "auditor"];
const reason = { reason: "角色矩阵测试" };

/**
 * Every agent and admin route with the roles that may call it. Allowed calls use ids that do not
 * exist, so they prove the role check let them through (404/409/200) without changing anything.
 */
const MATRIX: { method: string; path: string; doc: string; body?: unknown; roles: Role[] }[] = [
  { method: "GET", path: "/v1/agent/me", doc: "/v1/agent/me", roles: ANY },
  { method: "GET", path: "/v1/agent/users?q=%E5%BC%A0%E4%B8%89", doc: "/v1/agent/users", roles: STAFF },
  { method: "GET", path: "/v1/agent/users/NOPE", doc: "/v1/agent/users/{personId}", roles: STAFF },
  {
    method: "POST",
    path: "/v1/agent/users/NOPE/reveal",
    doc: "/v1/agent/users/{personId}/reveal",
    body: { field: "name", ...reason },
    roles: STAFF,
  },
  { method: "POST", path: "/v1/agent/wallets/NOPE/freeze", doc: "/v1/agent/wallets/{id}/freeze", body: reason, roles: STAFF },
  { method: "POST", path: "/v1/agent/wallets/NOPE/unfreeze", doc: "/v1/agent/wallets/{id}/unfreeze", body: reason, roles: ["supervisor"] },
  { method: "POST", path: "/v1/agent/invitations/NOPE/cancel", doc: "/v1/agent/invitations/{id}/cancel", body: reason, roles: STAFF },
  {
    method: "POST",
    path: "/v1/agent/bindings/NOPE/quota/revoke",
    doc: "/v1/agent/bindings/{bindingId}/quota/revoke",
    body: { ...reason, giverPersonId: "NOPE" },
    roles: STAFF,
  },
  { method: "POST", path: "/v1/agent/invitations/NOPE/resend", doc: "/v1/agent/invitations/{id}/resend", roles: STAFF },
  { method: "POST", path: "/v1/agent/reversals", doc: "/v1/agent/reversals", body: { transferId: "NOPE", ...reason }, roles: STAFF },
  { method: "GET", path: "/v1/agent/reversals", doc: "/v1/agent/reversals", roles: STAFF },
  { method: "GET", path: "/v1/agent/reversals/NOPE", doc: "/v1/agent/reversals/{id}", roles: STAFF },
  { method: "POST", path: "/v1/agent/reversals/NOPE/approve", doc: "/v1/agent/reversals/{id}/approve", roles: ["supervisor"] },
  { method: "POST", path: "/v1/agent/reversals/NOPE/reject", doc: "/v1/agent/reversals/{id}/reject", roles: ["supervisor"] },
  { method: "GET", path: "/v1/agent/audit", doc: "/v1/agent/audit", roles: ["auditor"] },
  { method: "GET", path: "/v1/agent/audit/verify", doc: "/v1/agent/audit/verify", roles: ["auditor"] },
  { method: "GET", path: "/v1/admin/ledger/check", doc: "/v1/admin/ledger/check", roles: ["supervisor", "auditor"] },
  { method: "GET", path: "/v1/admin/clearing?date=2026-11-24", doc: "/v1/admin/clearing", roles: ["supervisor", "auditor"] },
  // Logging out is allowed to everyone; it runs last for each role (see below).
  { method: "DELETE", path: "/v1/agent/sessions/current", doc: "/v1/agent/sessions/current", roles: ANY },
];

const USERS: Record<Role, string> = { agent: "agent01", supervisor: "supervisor01", auditor: "auditor01" };
let ip = 0;
async function tokenOf(role: Role): Promise<string> {
  const r = await t.api("POST", "/v1/agent/sessions", {
    body: { username: USERS[role], password: "Sandbox#2026" },
    headers: { "x-real-ip": `10.7.0.${ip++}` },
  });
  expect(r.status).toBe(201);
  return r.body.token;
}

describe("role matrix", () => {
  it("covers every agent and admin route in the OpenAPI document", async () => {
    const doc = await t.api("GET", "/openapi.json");
    const documented: string[] = [];
    for (const [path, ops] of Object.entries(doc.body.paths as Record<string, Record<string, unknown>>)) {
      if (!/^\/v1\/(agent|admin)\//.test(path)) continue;
      for (const method of Object.keys(ops)) documented.push(`${method.toUpperCase()} ${path}`);
    }
    const covered = new Set([...MATRIX.map((m) => `${m.method} ${m.doc}`), "POST /v1/agent/sessions"]);
    expect(documented.filter((d) => !covered.has(d))).toEqual([]);
  });

  for (const role of ANY) {
    it(`lets ${role} call exactly its routes and answers 403 elsewhere`, async () => {
      const token = await tokenOf(role);
      const outcome: Record<string, number> = {};
      for (const m of MATRIX) {
        const r = await t.api(m.method, m.path, { token, body: m.body });
        outcome[`${m.method} ${m.path}`] = r.status;
        if (m.roles.includes(role)) expect([200, 204, 404, 409], `${m.method} ${m.path}`).toContain(r.status);
        else {
          expect(r.status, `${m.method} ${m.path}`).toBe(403);
          expect(r.body.code).toBe("FORBIDDEN");
        }
      }
      expect(Object.keys(outcome)).toHaveLength(MATRIX.length);
    });
  }

  it("answers 401 without a token, with a user's token, and with a forged or expired agent token", async () => {
    const userToken = await login(t);
    const agentToken = await tokenOf("supervisor");
    const forged = agentToken.slice(0, -4) + (agentToken.endsWith("AAAA") ? "BBBB" : "AAAA");
    const { issueToken } = await import("../src/modules/platform/tokens");
    const expired = (await issueToken(t.config.secrets.token, { sub: "x", kind: "agent", role: "supervisor", sid: "x" }, -10)).token;
    for (const m of MATRIX) {
      for (const token of [undefined, userToken, forged, expired]) {
        const r = await t.api(m.method, m.path, { token, body: m.body });
        expect(r.status, `${m.method} ${m.path}`).toBe(401);
        expect(r.body.code).toBe("UNAUTHENTICATED");
      }
    }
  });
});
