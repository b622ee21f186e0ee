import { describe, expect, it } from "vitest";
import { createTestApp } from "./support/app";
import { bind, family, loginAs } from "./support/family";
import { newPerson, relate, verifiedUser } from "./support/people";
import { regionKey, signedCall } from "./support/signed";

const t = await createTestApp();
const invite = (token: string, relation: string, p: { name: string; idNumber: string }) =>
  t.api("POST", "/v1/invitations", { token, body: { relation, name: p.name, idNumber: p.idNumber } });

describe("invite → accept", () => {
  it("binds two persons; both see one binding from their side; the inviter is notified", async () => {
    const { user, relative } = await family(t, "parent");
    const inv = await invite(user.token, "parent", relative);
    expect(inv.status).toBe(201);
    expect(inv.body.code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    expect(new Date(inv.body.expiresAt).getTime() - t.clock.now().getTime()).toBe(7 * 86_400_000);
    const relToken = await loginAs(t, relative);
    const seen = await t.api("GET", `/v1/invitations/${inv.body.code}`, { token: relToken });
    expect(seen.body).toMatchObject({
      status: "pending",
      relation: "parent",
      inverseRelation: "child",
      inviter: { maskedName: expect.stringContaining("*") },
    });
    const acc = await t.api("POST", `/v1/invitations/${inv.body.code}/accept`, {
      token: relToken,
      body: { faceToken: `face-ok:${relative.idNumber}` },
    });
    expect(acc.status).toBe(200);
    expect(acc.body.binding).toMatchObject({ relation: "child", status: "active" });
    const mine = await t.api("GET", "/v1/relatives", { token: user.token });
    const theirs = await t.api("GET", "/v1/relatives", { token: relToken });
    expect(mine.body.items).toEqual([
      expect.objectContaining({ bindingId: acc.body.binding.bindingId, relation: "parent", hasWallet: false }),
    ]);
    expect(theirs.body.items).toEqual([expect.objectContaining({ bindingId: acc.body.binding.bindingId, relation: "child" })]);
    const inbox = await t.api("GET", "/v1/notifications", { token: user.token });
    expect(inbox.body.items[0]).toMatchObject({ kind: "invitation.accepted" });
    const again = await t.api("POST", `/v1/invitations/${inv.body.code}/accept`, {
      token: relToken,
      body: { faceToken: `face-ok:${relative.idNumber}` },
    });
    expect(again.body.code).toBe("INVITATION_NOT_PENDING");
  });

  it("refuses someone else accepting (INVITATION_NOT_FOR_YOU) and a failed face check", async () => {
    const { user, relative } = await family(t, "spouse");
    const inv = await invite(user.token, "spouse", relative);
    const stranger = await verifiedUser(t);
    const r = await t.api("POST", `/v1/invitations/${inv.body.code}/accept`, {
      token: stranger.token,
      body: { faceToken: `face-ok:${stranger.idNumber}` },
    });
    expect(r.body.code).toBe("INVITATION_NOT_FOR_YOU");
    const relToken = await loginAs(t, relative);
    const face = await t.api("POST", `/v1/invitations/${inv.body.code}/accept`, { token: relToken, body: { faceToken: "face-bad" } });
    expect(face.body.code).toBe("FACE_CHECK_FAILED");
  });

  it("expires after 7 days (INVITATION_EXPIRED)", async () => {
    const local = await createTestApp();
    const { user, relative } = await family(local, "sibling");
    const inv = await local.api("POST", "/v1/invitations", {
      token: user.token,
      body: { relation: "sibling", name: relative.name, idNumber: relative.idNumber },
    });
    local.clock.set(new Date(new Date(inv.body.expiresAt).getTime() + 1000));
    const relToken = await loginAs(local, relative);
    const r = await local.api("POST", `/v1/invitations/${inv.body.code}/accept`, {
      token: relToken,
      body: { faceToken: `face-ok:${relative.idNumber}` },
    });
    expect(r.body.code).toBe("INVITATION_EXPIRED");
    expect((await local.api("GET", `/v1/invitations/${inv.body.code}`, { token: relToken })).body.status).toBe("expired");
  });

  it("declines and cancels, notifying the inviter of a decline", async () => {
    const { user, relative } = await family(t, "sibling");
    const inv = await invite(user.token, "sibling", relative);
    const relToken = await loginAs(t, relative);
    const d = await t.api("POST", `/v1/invitations/${inv.body.code}/decline`, { token: relToken });
    expect(d.body.status).toBe("declined");
    expect((await t.api("GET", "/v1/notifications", { token: user.token })).body.items[0].kind).toBe("invitation.declined");
    const inv2 = await invite(user.token, "sibling", relative);
    expect(inv2.status).toBe(201);
    const notMine = await t.api("POST", `/v1/invitations/${inv2.body.code}/cancel`, { token: relToken });
    expect(notMine.status).toBe(404);
    const c = await t.api("POST", `/v1/invitations/${inv2.body.code}/cancel`, { token: user.token });
    expect(c.body.status).toBe("cancelled");
    const late = await t.api("POST", `/v1/invitations/${inv2.body.code}/accept`, {
      token: relToken,
      body: { faceToken: `face-ok:${relative.idNumber}` },
    });
    expect(late.body.code).toBe("INVITATION_NOT_PENDING");
  });

  it("refuses a duplicate pending invitation and a second binding of the same pair", async () => {
    const { user, relative } = await family(t, "spouse");
    expect((await invite(user.token, "spouse", relative)).status).toBe(201);
    expect((await invite(user.token, "spouse", relative)).body.code).toBe("INVITATION_PENDING");
    const { user: u2, relative: r2 } = await family(t, "spouse");
    await bind(t, u2, r2, "spouse");
    expect((await invite(u2.token, "spouse", r2)).body.code).toBe("ALREADY_BOUND");
  });
});

describe("checks before an invitation", () => {
  it("ID number, registry name, insurance, self, plausibility and the registry's relation", async () => {
    const { user, relative } = await family(t, "parent");
    expect(
      (
        await invite(user.token, "parent", {
          ...relative,
          idNumber: relative.idNumber.slice(0, 17) + (relative.idNumber.endsWith("0") ? "1" : "0"),
        })
      ).body.code,
    ).toMatch(/ID_NUMBER_INVALID/);
    expect((await invite(user.token, "parent", { ...relative, name: "某某" })).body.code).toBe("NAME_MISMATCH");
    expect((await invite(user.token, "child", relative)).body.code).toBe("RELATION_IMPLAUSIBLE");
    expect((await invite(user.token, "spouse", user)).body.code).toBe("RELATION_IMPLAUSIBLE");
    expect((await invite(user.token, "spouse", relative)).body.code).toBe("RELATION_NOT_VERIFIED");
    const uninsured = await newPerson(t, { insurance: "none", birthDate: "1950-01-01" });
    await relate(t, user, uninsured, "parent");
    expect((await invite(user.token, "parent", uninsured)).body.code).toBe("NOT_INSURED");
  });

  it("derives grandparents and siblings through a shared parent", async () => {
    const { user, relative } = await family(t, "grandparent");
    expect((await invite(user.token, "grandparent", relative)).status).toBe(201);
    const parent = await newPerson(t, { birthDate: "1960-01-01" });
    const a = await verifiedUser(t, { birthDate: "1988-01-01" });
    const b = await newPerson(t, { birthDate: "1990-01-01", insurance: "resident" });
    await relate(t, a, parent, "parent");
    await relate(t, b, parent, "parent");
    expect((await invite(a.token, "sibling", b)).status).toBe(201);
  });

  it("limits a person to 10 bindings and pending invitations (BINDING_LIMIT)", async () => {
    const user = await verifiedUser(t, { birthDate: "1980-01-01" });
    for (let i = 0; i < 10; i++) {
      const s = await newPerson(t, { birthDate: "1982-01-01", insurance: "resident" });
      await relate(t, user, s, "sibling");
      expect((await invite(user.token, "sibling", s)).status).toBe(201);
    }
    const eleventh = await newPerson(t, { birthDate: "1983-01-01", insurance: "resident" });
    await relate(t, user, eleventh, "sibling");
    const r = await invite(user.token, "sibling", eleventh);
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ code: "BINDING_LIMIT", limit: 10 });
  });
});

describe("minors", () => {
  it("a parent binds a child under 16 directly and opens the child's wallet as guardian", async () => {
    const { user, relative: child } = await family(t, "child", { relativeBirth: "2014-01-15", relativeInsurance: "resident" });
    expect((await invite(user.token, "child", child)).body.code).toBe("MINOR_CANNOT_ACCEPT");
    const r = await t.api("POST", "/v1/relatives/minors", {
      token: user.token,
      body: { relation: "child", name: child.name, idNumber: child.idNumber },
    });
    expect(r.status).toBe(201);
    const bindingId = r.body.binding.bindingId;
    const list = await t.api("GET", "/v1/relatives", { token: user.token });
    expect(list.body.items[0]).toMatchObject({ bindingId, guardian: true, hasWallet: false });
    const w = await t.api("POST", `/v1/relatives/${bindingId}/wallet`, {
      token: user.token,
      body: { agreementVersion: "2024.12", commitmentVersion: "2024.12", faceToken: `face-ok:${user.idNumber}`, paymentPassword: "258036" },
    });
    expect(w.status, JSON.stringify(w.body)).toBe(201);
    expect(w.body.wallet).toMatchObject({ openedBy: "guardian", hasOwnFunds: false });
    const after = await t.api("GET", "/v1/relatives", { token: user.token });
    expect(after.body.items[0]).toMatchObject({ hasWallet: true, managedByMe: true });
  });

  it("binds an uninsured child (enrolment is by premium) but opens no wallet for them", async () => {
    const { user, relative: child } = await family(t, "child", { relativeBirth: "2020-03-03", relativeInsurance: "none" });
    const r = await t.api("POST", "/v1/relatives/minors", {
      token: user.token,
      body: { relation: "child", name: child.name, idNumber: child.idNumber },
    });
    expect(r.status).toBe(201);
    const w = await t.api("POST", `/v1/relatives/${r.body.binding.bindingId}/wallet`, {
      token: user.token,
      body: { agreementVersion: "2024.12", commitmentVersion: "2024.12", faceToken: `face-ok:${user.idNumber}`, paymentPassword: "258036" },
    });
    expect(w.body.code).toBe("NOT_INSURED");
  });

  it("refuses the minor route for a relative of 16 or more (NOT_A_MINOR)", async () => {
    const { user, relative } = await family(t, "child");
    const r = await t.api("POST", "/v1/relatives/minors", {
      token: user.token,
      body: { relation: "child", name: relative.name, idNumber: relative.idNumber },
    });
    expect(r.body.code).toBe("NOT_A_MINOR");
  });
});

describe("unbinding and insurance events", () => {
  it("either side may unbind; others get 404", async () => {
    const { user, relative } = await family(t, "spouse");
    const { bindingId, relativeToken } = await bind(t, user, relative, "spouse");
    const stranger = await verifiedUser(t);
    expect((await t.api("DELETE", `/v1/relatives/${bindingId}`, { token: stranger.token })).status).toBe(404);
    expect((await t.api("DELETE", `/v1/relatives/${bindingId}`, { token: relativeToken })).status).toBe(204);
    expect((await t.api("GET", "/v1/relatives", { token: user.token })).body.items).toEqual([]);
    expect((await t.api("DELETE", `/v1/relatives/${bindingId}`, { token: user.token })).body.code).toBe("NOT_BOUND");
  });

  it("a region's 'moved' event ends the person's bindings, once per reference", async () => {
    const { user, relative } = await family(t, "spouse");
    await bind(t, user, relative, "spouse");
    const key = await regionKey(t, "320500");
    const body = {
      idNumber: relative.idNumber,
      event: "moved",
      newRegionCode: "320100",
      effectiveDate: "2026-11-24",
      reference: `mv-${relative.personId}`,
    };
    const r = await signedCall(t, key, "POST", "/v1/integration/insurance-events", body);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ endedBindings: 1 });
    expect((await signedCall(t, key, "POST", "/v1/integration/insurance-events", body)).status).toBe(200);
    expect((await t.api("GET", "/v1/relatives", { token: user.token })).body.items).toEqual([]);
    const bad = await signedCall(t, key, "POST", "/v1/integration/insurance-events", { ...body, newRegionCode: undefined, reference: "x" });
    expect(bad.status).toBe(400);
  });
});
