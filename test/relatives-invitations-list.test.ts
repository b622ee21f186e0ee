import { describe, expect, it } from "vitest";
import { createTestApp } from "./support/app";
import { family, loginAs } from "./support/family";

const t = await createTestApp();

describe("GET /v1/invitations?status=pending", () => {
  it("lists the inviter's own open invitations, newest first, masked; not others', not decided or lapsed ones", async () => {
    const { user, relative } = await family(t, "spouse");
    const { user: other } = await family(t, "parent");
    const inv = await t.api("POST", "/v1/invitations", {
      token: user.token,
      body: { relation: "spouse", name: relative.name, idNumber: relative.idNumber },
    });
    expect(inv.status).toBe(201);
    const r = await t.api("GET", "/v1/invitations?status=pending", { token: user.token });
    expect(r.status).toBe(200);
    expect(r.body.items).toEqual([
      {
        id: inv.body.id,
        code: inv.body.code,
        status: "pending",
        relation: "spouse",
        invitee: { maskedName: expect.stringContaining("*") },
        createdAt: expect.any(String),
        expiresAt: inv.body.expiresAt,
      },
    ]);
    expect(JSON.stringify(r.body)).not.toContain(relative.name);
    expect((await t.api("GET", "/v1/invitations", { token: other.token })).body.items).toEqual([]);
    // The invitee sees it by code, not in this list of their own invitations.
    const inviteeToken = await loginAs(t, relative);
    expect((await t.api("GET", "/v1/invitations?status=pending", { token: inviteeToken })).body.items).toEqual([]);
    await t.api("POST", `/v1/invitations/${inv.body.code}/cancel`, { token: user.token });
    expect((await t.api("GET", "/v1/invitations?status=pending", { token: user.token })).body.items).toEqual([]);
  });

  it("a lapsed invitation is not pending even before the expiry job; bad status and no login are refused", async () => {
    const local = await createTestApp();
    const { user, relative } = await family(local, "sibling");
    await local.api("POST", "/v1/invitations", {
      token: user.token,
      body: { relation: "sibling", name: relative.name, idNumber: relative.idNumber },
    });
    expect((await local.api("GET", "/v1/invitations", { token: user.token })).body.items).toHaveLength(1);
    local.clock.set(new Date(local.clock.now().getTime() + 8 * 86_400_000));
    expect((await local.api("GET", "/v1/invitations", { token: user.token })).body.items).toEqual([]);
    expect((await local.api("GET", "/v1/invitations?status=accepted", { token: user.token })).status).toBe(400);
    expect((await local.api("GET", "/v1/invitations")).status).toBe(401);
  });
});
