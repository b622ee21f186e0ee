import { describe, expect, it } from "vitest";
import { createTestApp } from "./support/app";
import { family } from "./support/family";

const t = await createTestApp({ now: "2026-11-24T10:00:00+08:00" });

async function tokenOf(username: string): Promise<string> {
  const r = await t.api("POST", "/v1/agent/sessions", { body: { username, password: "Sandbox#2026" } });
  return r.body.token;
}

async function invitation() {
  const { user, relative } = await family(t, "spouse");
  const inv = await t.api("POST", "/v1/invitations", {
    token: user.token,
    body: { relation: "spouse", name: relative.name, idNumber: relative.idNumber },
  });
  expect(inv.status).toBe(201);
  return { user, relative, inv: inv.body as { id: string; code: string; expiresAt: string } };
}

describe("invitations from the console", () => {
  it("cancels an open invitation once, with a reason, and shows it in the user's context", async () => {
    const { user, inv } = await invitation();
    const agent = await tokenOf("agent01");
    const ctx = await t.api("GET", `/v1/agent/users/${user.personId}`, { token: agent });
    expect(ctx.body.invitations[0]).toMatchObject({ id: inv.id, code: inv.code, status: "pending", side: "inviter" });
    const r = await t.api("POST", `/v1/agent/invitations/${inv.id}/cancel`, { token: agent, body: { reason: "用户说发错了人" } });
    expect(r.body).toMatchObject({ id: inv.id, status: "cancelled" });
    expect((await t.api("GET", `/v1/invitations/${inv.code}`, { token: user.token })).body.status).toBe("cancelled");
    const again = await t.api("POST", `/v1/agent/invitations/${inv.id}/cancel`, { token: agent, body: { reason: "再取消" } });
    expect(again.status).toBe(409);
    expect((await t.api("POST", `/v1/agent/invitations/${inv.id}/resend`, { token: agent })).body.code).toBe("INVITATION_NOT_PENDING");
  });

  it("resends an expired invitation for another 7 days with the same code, and the relative can accept it", async () => {
    const { relative, inv } = await invitation();
    t.clock.set(new Date(new Date(inv.expiresAt).getTime() + 3600_000));
    const agent = await tokenOf("agent01");
    expect((await t.api("POST", `/v1/agent/invitations/${inv.id}/cancel`, { token: agent, body: { reason: "已过期" } })).status).toBe(409);
    const r = await t.api("POST", `/v1/agent/invitations/${inv.id}/resend`, { token: agent });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe("pending");
    expect(new Date(r.body.expiresAt).getTime() - t.clock.now().getTime()).toBe(7 * 86_400_000);
    const { loginAs } = await import("./support/family");
    const relToken = await loginAs(t, relative);
    const acc = await t.api("POST", `/v1/invitations/${inv.code}/accept`, {
      token: relToken,
      body: { faceToken: `face-ok:${relative.idNumber}` },
    });
    expect(acc.status).toBe(200);
  });
});
