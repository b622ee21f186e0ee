import { describe, expect, it } from "vitest";
import { createTestApp } from "./support/app";
import { family, loginAs } from "./support/family";

const t = await createTestApp();
const DAY = 86_400_000;

describe("POST /v1/invitations/{code}/resend (the inviter)", () => {
  it("gives the same code 7 more days from now, even once lapsed; the invitee can then accept; others 404", async () => {
    const { user, relative } = await family(t, "spouse");
    const { user: other } = await family(t, "parent");
    const inv = await t.api("POST", "/v1/invitations", {
      token: user.token,
      body: { relation: "spouse", name: relative.name, idNumber: relative.idNumber },
    });
    expect(inv.status).toBe(201);
    const code = inv.body.code as string;
    expect((await t.api("POST", `/v1/invitations/${code}/resend`, { token: other.token })).status).toBe(404);
    expect((await t.api("POST", `/v1/invitations/${code}/resend`)).status).toBe(401);

    t.clock.set(new Date(t.clock.now().getTime() + 9 * DAY)); // lapsed
    expect((await t.api("GET", "/v1/invitations", { token: user.token })).body.items).toEqual([]);
    const r = await t.api("POST", `/v1/invitations/${code}/resend`, { token: user.token });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({ id: inv.body.id, status: "pending", expiresAt: expect.any(String) });
    expect(Date.parse(r.body.expiresAt)).toBe(t.clock.now().getTime() + 7 * DAY);
    const listed = await t.api("GET", "/v1/invitations", { token: user.token });
    expect(listed.body.items.map((i: { code: string }) => i.code)).toEqual([code]);

    const accepted = await t.api("POST", `/v1/invitations/${code}/accept`, {
      token: await loginAs(t, relative),
      body: { faceToken: `face-ok:${relative.idNumber}` },
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const again = await t.api("POST", `/v1/invitations/${code}/resend`, { token: user.token });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("INVITATION_NOT_PENDING");
  });
});
