import { describe, expect, it } from "vitest";
import { createTestApp } from "./support/app";
import { loginAs } from "./support/family";
import { newPerson, relate, verifiedUser, type User } from "./support/people";
import { AGREEMENT, PIN } from "./support/wallets";

const t = await createTestApp();
const COMMITMENT = "2024.12";

async function childAndParent(parentBirth = "1955-03-03", opts: { related?: boolean } = {}) {
  const child = await verifiedUser(t, { birthDate: "1985-05-01" });
  const parent = await newPerson(t, { birthDate: parentBirth, insurance: "employee", personalAccountFen: 30_000 });
  if (opts.related !== false) await relate(t, child, parent, "parent");
  return { child, parent };
}

const bindElder = (child: User, parent: { name: string; idNumber: string }, extra: Record<string, unknown> = {}) =>
  t.api("POST", "/v1/relatives/elders", {
    token: child.token,
    body: {
      relation: "parent",
      name: parent.name,
      idNumber: parent.idNumber,
      faceToken: `face-ok:${child.idNumber}`,
      commitmentVersion: COMMITMENT,
      ...extra,
    },
  });

describe("guardian opening for a parent of 65+ (代开通)", () => {
  it("a bound adult child opens and manages the parent's wallet; the parent later takes it over with their own face check", async () => {
    const { child, parent } = await childAndParent();
    const b = await bindElder(child, parent);
    expect(b.status, JSON.stringify(b.body)).toBe(201);
    const bindingId = b.body.binding.bindingId;
    expect(b.body.binding).toMatchObject({ relation: "parent", status: "active" });
    const rel = (await t.api("GET", "/v1/relatives", { token: child.token })).body.items[0];
    expect(rel).toMatchObject({ bindingId, guardian: true, hasWallet: false });

    const w = await t.api("POST", `/v1/relatives/${bindingId}/wallet`, {
      token: child.token,
      body: { agreementVersion: AGREEMENT, commitmentVersion: COMMITMENT, faceToken: `face-ok:${child.idNumber}`, paymentPassword: PIN },
    });
    expect(w.status, JSON.stringify(w.body)).toBe(201);
    const walletId = w.body.wallet.id;
    expect(w.body.wallet).toMatchObject({ openedBy: "guardian", balances: { ownFen: 30_000 } });
    const code = await t.api("POST", "/v1/ecodes", { token: child.token, body: { walletId } });
    expect(code.status).toBe(201);

    // The guardian cannot take over on the parent's behalf.
    const byChild = await t.api("POST", `/v1/relatives/${bindingId}/takeover`, {
      token: child.token,
      body: { faceToken: `face-ok:${child.idNumber}`, paymentPassword: "369147" },
    });
    expect(byChild.status).toBe(403);
    expect(byChild.body.code).toBe("NOT_WARD");

    const parentToken = await loginAs(t, parent);
    const badFace = await t.api("POST", `/v1/relatives/${bindingId}/takeover`, {
      token: parentToken,
      body: { faceToken: "face-no", paymentPassword: "369147" },
    });
    expect(badFace.body.code).toBe("FACE_CHECK_FAILED");
    const weak = await t.api("POST", `/v1/relatives/${bindingId}/takeover`, {
      token: parentToken,
      body: { faceToken: `face-ok:${parent.idNumber}`, paymentPassword: "123456" },
    });
    expect(weak.body.code).toBe("PASSWORD_WEAK");
    const took = await t.api("POST", `/v1/relatives/${bindingId}/takeover`, {
      token: parentToken,
      body: { faceToken: `face-ok:${parent.idNumber}`, paymentPassword: "369147" },
    });
    expect(took.status, JSON.stringify(took.body)).toBe(200);
    expect(took.body).toEqual({ bindingId, walletId, managedBy: "self" });

    // From now on the wallet is the parent's: their code, their new PIN; the child's role is over.
    expect((await t.api("GET", "/v1/wallet", { token: parentToken })).body.id).toBe(walletId);
    expect((await t.api("POST", "/v1/ecodes", { token: parentToken })).status).toBe(201);
    expect((await t.api("POST", "/v1/ecodes", { token: child.token, body: { walletId } })).status).toBe(404);
    const pinChange = await t.api("PUT", "/v1/wallet/password", {
      token: parentToken,
      body: { oldPassword: "369147", newPassword: "258147" },
    });
    expect(pinChange.status).toBe(204);
    const relAfter = (await t.api("GET", "/v1/relatives", { token: child.token })).body.items[0];
    expect(relAfter).toMatchObject({ guardian: false, managedByMe: false });
    const again = await t.api("POST", `/v1/relatives/${bindingId}/takeover`, {
      token: parentToken,
      body: { faceToken: `face-ok:${parent.idNumber}`, paymentPassword: "369147" },
    });
    expect(again.status).toBe(403);
    const inbox = await t.api("GET", "/v1/notifications", { token: child.token });
    expect(inbox.body.items.map((n: { kind: string }) => n.kind)).toContain("wallet.taken_over");
  });

  it("only for a parent of 65 or over (422 ELDER_AGE), measured on the business date", async () => {
    // Born 25 Nov 1961: 65 on 25 Nov 2026, one day after the test clock's date.
    const { child, parent } = await childAndParent("1961-11-25");
    const r = await bindElder(child, parent);
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ code: "ELDER_AGE", minAge: 65 });
    const app = await createTestApp({ now: "2026-11-25T00:00:00+08:00" });
    const child2 = await verifiedUser(app, { birthDate: "1985-05-01" });
    const parent2 = await newPerson(app, { birthDate: "1961-11-25", insurance: "employee" });
    await relate(app, child2, parent2, "parent");
    const ok = await app.api("POST", "/v1/relatives/elders", {
      token: child2.token,
      body: {
        relation: "parent",
        name: parent2.name,
        idNumber: parent2.idNumber,
        faceToken: `face-ok:${child2.idNumber}`,
        commitmentVersion: COMMITMENT,
      },
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
  });

  it("needs the commitment, the child's own face check and the registry relation", async () => {
    const { child, parent } = await childAndParent();
    expect((await bindElder(child, parent, { commitmentVersion: "2020.01" })).body.code).toBe("COMMITMENT_REQUIRED");
    expect((await bindElder(child, parent, { faceToken: `face-ok:${parent.idNumber}` })).body.code).toBe("FACE_CHECK_FAILED");
    const stranger = await childAndParent("1950-01-01", { related: false });
    expect((await bindElder(stranger.child, stranger.parent)).body.code).toBe("RELATION_NOT_VERIFIED");
    expect((await bindElder(child, { ...parent, name: "错名字" })).body.code).toBe("NAME_MISMATCH");
    const bad = await t.api("POST", "/v1/relatives/elders", {
      token: child.token,
      body: { relation: "sibling", name: parent.name, idNumber: parent.idNumber, faceToken: "x", commitmentVersion: COMMITMENT },
    });
    expect(bad.status).toBe(400);
    expect((await bindElder(child, parent)).status).toBe(201);
    const twice = await bindElder(child, parent);
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe("ALREADY_BOUND");
  });

  it("a child under 18 cannot be the guardian (422 GUARDIAN_NOT_ADULT)", async () => {
    const child = await verifiedUser(t, { birthDate: "2010-05-01" });
    const parent = await newPerson(t, { birthDate: "1955-03-03", insurance: "employee" });
    await relate(t, child, parent, "parent");
    const r = await bindElder(child, parent);
    expect(r.status).toBe(422);
    expect(r.body.code).toBe("GUARDIAN_NOT_ADULT");
  });
  it("counts toward the binding limit under the persons' locks: two parents at once with one place left → one bound, one BINDING_LIMIT", async () => {
    const child = await verifiedUser(t, { birthDate: "1980-01-01" });
    for (let i = 0; i < 9; i++) {
      const s = await newPerson(t, { birthDate: "1982-01-01", insurance: "resident" });
      await relate(t, child, s, "sibling");
      const inv = await t.api("POST", "/v1/invitations", {
        token: child.token,
        body: { relation: "sibling", name: s.name, idNumber: s.idNumber },
      });
      expect(inv.status).toBe(201);
    }
    const parents = [];
    for (const birth of ["1950-02-02", "1952-03-03"]) {
      const p = await newPerson(t, { birthDate: birth, insurance: "employee" });
      await relate(t, child, p, "parent");
      parents.push(p);
    }
    const rs = await Promise.all(parents.map((p) => bindElder(child, p)));
    expect(rs.map((r) => r.status).sort()).toEqual([201, 422]);
    expect(rs.find((r) => r.status === 422)!.body).toMatchObject({ code: "BINDING_LIMIT", limit: 10 });
  });
});
