import { describe, expect, it } from "vitest";
import { ConsoleClient } from "./browser/support/console-client";
import { createTestApp } from "./support/app";

const t = await createTestApp();

type Role = "agent" | "supervisor" | "auditor";
const STAFF: Role[] = ["agent", "supervisor"];
const reason = { reason: "角色矩阵测试" };

/** Every console page and form; allowed calls use ids that do not exist, so nothing changes. */
const PAGES: { method: "GET" | "POST"; path: string; form?: Record<string, string>; roles: Role[] }[] = [
  { method: "GET", path: "/console/queue", roles: STAFF },
  { method: "GET", path: "/console/conversations/NOPE", roles: STAFF },
  { method: "GET", path: "/console/conversations/NOPE/messages", roles: STAFF },
  { method: "POST", path: "/console/conversations/NOPE/take", roles: STAFF },
  { method: "POST", path: "/console/conversations/NOPE/reply", form: { text: "你好" }, roles: STAFF },
  { method: "POST", path: "/console/conversations/NOPE/close", roles: STAFF },
  { method: "GET", path: "/console/users", roles: STAFF },
  { method: "POST", path: "/console/users/search", form: { q: "张三" }, roles: STAFF },
  { method: "GET", path: "/console/users/NOPE", roles: STAFF },
  { method: "POST", path: "/console/users/NOPE/reveal", form: { field: "name", ...reason }, roles: STAFF },
  { method: "POST", path: "/console/wallets/NOPE/freeze", form: reason, roles: STAFF },
  { method: "POST", path: "/console/wallets/NOPE/unfreeze", form: reason, roles: ["supervisor"] },
  { method: "POST", path: "/console/invitations/NOPE/cancel", form: reason, roles: STAFF },
  { method: "POST", path: "/console/invitations/NOPE/resend", roles: STAFF },
  { method: "GET", path: "/console/reversals", roles: STAFF },
  { method: "GET", path: "/console/reversals/new", roles: STAFF },
  { method: "POST", path: "/console/reversals", form: { transferId: "NOPE", ...reason }, roles: STAFF },
  { method: "GET", path: "/console/reversals/NOPE/approve", roles: ["supervisor"] },
  { method: "POST", path: "/console/reversals/NOPE/approve", roles: ["supervisor"] },
  { method: "POST", path: "/console/reversals/NOPE/reject", roles: ["supervisor"] },
  { method: "GET", path: "/console/audit", roles: ["auditor"] },
  { method: "POST", path: "/console/audit/verify", roles: ["auditor"] },
  { method: "GET", path: "/console/audit/export.csv", roles: ["auditor"] },
];

const USERS: Record<Role, string> = { agent: "agent01", supervisor: "supervisor02", auditor: "auditor01" };

describe("console role matrix", () => {
  for (const role of ["agent", "supervisor", "auditor"] as Role[]) {
    it(`gives ${role} exactly its pages and 403 elsewhere`, async () => {
      const c = new ConsoleClient(t);
      const r = await c.login(USERS[role]);
      await c.get(r.location!);
      for (const p of PAGES) {
        const res = p.method === "GET" ? await c.get(p.path) : await c.post(p.path, p.form);
        if (p.roles.includes(role)) expect([200, 303, 404, 409], `${role} ${p.method} ${p.path}`).toContain(res.status);
        else expect(res.status, `${role} ${p.method} ${p.path}`).toBe(403);
      }
    });
  }

  it("sends a visitor without a session to the login page from every page", async () => {
    const c = new ConsoleClient(t);
    await c.get("/console/login");
    for (const p of PAGES) {
      const res = p.method === "GET" ? await c.get(p.path) : await c.post(p.path, p.form);
      expect(res.status, `${p.method} ${p.path}`).toBe(303);
      expect(res.location).toBe("/console/login");
    }
  });
});
