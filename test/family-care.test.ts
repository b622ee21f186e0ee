import { describe, expect, it } from "vitest";
import { agentToken } from "./support/admin";
import { createTestApp } from "./support/app";
import { bind, family } from "./support/family";
import { charge, newMerchant, orderNo } from "./support/merchants";
import { newPerson, relate, verifiedUser } from "./support/people";
import { balances, openWallet } from "./support/wallets";

const t = await createTestApp();

/** A carer (the user) bound to a parent who has a wallet with ¥500.00 of own funds. */
async function carerAndParent() {
  const carer = await verifiedUser(t, { birthDate: "1985-05-01" });
  const relative = await newPerson(t, { birthDate: "1956-03-03", insurance: "employee", personalAccountFen: 50_000 });
  await relate(t, carer, relative, "parent");
  const { bindingId, relativeToken } = await bind(t, carer, relative, "parent");
  const parent = { ...relative, token: relativeToken };
  const walletId = await openWallet(t, parent);
  return { carer, parent: { ...parent, walletId }, bindingId };
}

const grant = (token: string, bindingId: string, faceToken: string) =>
  t.api("PUT", `/v1/relatives/${bindingId}/care-access`, { token, body: { granted: true, faceToken } });
const showCode = (token: string, bindingId: string) => t.api("POST", `/v1/relatives/${bindingId}/ecodes`, { token });

async function auditActions(subjectId: string) {
  const { auditLog } = await import("../src/modules/audit/audit.schema");
  const { eq } = await import("drizzle-orm");
  return (await t.db.select().from(auditLog).where(eq(auditLog.subjectId, subjectId))).map((r) => ({
    action: r.action,
    actorId: r.actorId,
    details: r.details,
  }));
}

describe("care access (亲情账户)", () => {
  it("the person grants it with their face check; the carer shows their e-code, paid from the person's wallet, and every code is audited", async () => {
    const { carer, parent, bindingId } = await carerAndParent();
    const bad = await grant(parent.token, bindingId, "face-bad");
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe("FACE_CHECK_FAILED");
    expect((await showCode(carer.token, bindingId)).body.code).toBe("CARE_ACCESS_REQUIRED");

    const r = await grant(parent.token, bindingId, `face-ok:${parent.idNumber}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({ bindingId, showsMyCode: true, iShowTheirCode: false });
    const again = await grant(parent.token, bindingId, `face-ok:${parent.idNumber}`);
    expect(again.body).toEqual({ bindingId, showsMyCode: true, iShowTheirCode: false });

    const list = await t.api("GET", "/v1/care-access", { token: carer.token });
    expect(list.body.caringFor).toEqual([expect.objectContaining({ bindingId, walletStatus: "active" })]);
    expect(list.body.caringFor[0].person.maskedName).toContain("*");
    expect((await t.api("GET", "/v1/care-access", { token: parent.token })).body.carers).toHaveLength(1);
    const inbox = await t.api("GET", "/v1/notifications", { token: carer.token });
    expect(inbox.body.items.map((n: { kind: string }) => n.kind)).toContain("care_access.granted");

    const c1 = await showCode(carer.token, bindingId);
    expect(c1.status, JSON.stringify(c1.body)).toBe(201);
    expect(c1.body.for.maskedName).toContain("*");
    expect(Date.parse(c1.body.expiresAt) - t.clock.now().getTime()).toBe(60_000);
    const c2 = await showCode(carer.token, bindingId);
    expect(c2.body.code).not.toBe(c1.body.code);

    const shown = (await auditActions(parent.walletId)).filter((a) => a.action === "ecode.shown_by_carer");
    expect(shown).toHaveLength(2);
    expect(shown[0]!.details).toMatchObject({ bindingId });
    // The audit names the carer's login, never a name or an ID number.
    expect(JSON.stringify(shown)).not.toContain(carer.idNumber);

    // Paid at the counter from the person's wallet, not the carer's.
    const m = await newMerchant(t);
    const before = await balances(t, parent);
    const paid = await charge(t, m, { ecode: c2.body.code, orderNo: orderNo(), amountFen: 1_500 });
    expect(paid.status, JSON.stringify(paid.body)).toBe(201);
    expect((await balances(t, parent)).totalFen).toBe(before.totalFen - 1_500);
  });

  it("either side may revoke: the carer gives it up, the person takes it back", async () => {
    const { carer, parent, bindingId } = await carerAndParent();
    await grant(parent.token, bindingId, `face-ok:${parent.idNumber}`);
    const byCarer = await t.api("PUT", `/v1/relatives/${bindingId}/care-access`, { token: carer.token, body: { granted: false } });
    expect(byCarer.status).toBe(200);
    expect(byCarer.body).toEqual({ bindingId, showsMyCode: false, iShowTheirCode: false });
    expect((await showCode(carer.token, bindingId)).status).toBe(403);

    await grant(parent.token, bindingId, `face-ok:${parent.idNumber}`);
    expect((await showCode(carer.token, bindingId)).status).toBe(201);
    const byPerson = await t.api("PUT", `/v1/relatives/${bindingId}/care-access`, {
      token: parent.token,
      body: { granted: false, side: "person" },
    });
    expect(byPerson.body.showsMyCode).toBe(false);
    const refused = await showCode(carer.token, bindingId);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe("CARE_ACCESS_REQUIRED");
    const actions = (await auditActions(bindingId)).map((a) => a.action);
    expect(actions.filter((a) => a === "care_access.revoke")).toHaveLength(2);
  });

  it("the side a person names is the only one revoked", async () => {
    const { carer, parent, bindingId } = await carerAndParent();
    await openWallet(t, carer);
    await grant(parent.token, bindingId, `face-ok:${parent.idNumber}`);
    await grant(carer.token, bindingId, `face-ok:${carer.idNumber}`);
    const r = await t.api("PUT", `/v1/relatives/${bindingId}/care-access`, {
      token: parent.token,
      body: { granted: false, side: "carer" },
    });
    expect(r.body).toEqual({ bindingId, showsMyCode: true, iShowTheirCode: false });
  });

  it("a carer holds care access for at most 5 people (422 CARE_ACCESS_LIMIT), counted across bindings", async () => {
    const { user: carer } = await family(t, "spouse");
    const people = [];
    for (let i = 0; i < 6; i++) {
      const p = await newPerson(t, { birthDate: `1950-0${i + 1}-0${i + 1}`, insurance: "employee", personalAccountFen: 100 });
      const rel = i === 0 ? "parent" : "sibling";
      await relate(t, carer, p, rel);
      const { bindingId, relativeToken } = await bind(t, carer, p, rel);
      await openWallet(t, { ...p, token: relativeToken });
      people.push({ ...p, token: relativeToken, bindingId });
    }
    for (const p of people.slice(0, 5)) expect((await grant(p.token, p.bindingId, `face-ok:${p.idNumber}`)).status).toBe(200);
    const sixth = await grant(people[5]!.token, people[5]!.bindingId, `face-ok:${people[5]!.idNumber}`);
    expect(sixth.status).toBe(422);
    expect(sixth.body).toMatchObject({ code: "CARE_ACCESS_LIMIT", limit: 5 });
    // One given back frees a place.
    await t.api("PUT", `/v1/relatives/${people[0]!.bindingId}/care-access`, { token: carer.token, body: { granted: false } });
    expect((await grant(people[5]!.token, people[5]!.bindingId, `face-ok:${people[5]!.idNumber}`)).status).toBe(200);
  });

  it("a binding that ends revokes its care access at once", async () => {
    const { carer, parent, bindingId } = await carerAndParent();
    await grant(parent.token, bindingId, `face-ok:${parent.idNumber}`);
    expect((await t.api("DELETE", `/v1/relatives/${bindingId}`, { token: carer.token })).status).toBe(204);
    const r = await showCode(carer.token, bindingId);
    expect(r.status).toBe(422);
    expect(r.body.code).toBe("NOT_BOUND");
    expect((await t.api("GET", "/v1/care-access", { token: carer.token })).body.caringFor).toEqual([]);
  });

  it("refusals: another person's binding 404; a person without a wallet 404; a frozen wallet shows no code (422)", async () => {
    const { carer, parent, bindingId } = await carerAndParent();
    const { user: stranger } = await family(t, "spouse");
    expect((await showCode(stranger.token, bindingId)).status).toBe(404);
    expect((await grant(stranger.token, bindingId, `face-ok:${stranger.idNumber}`)).status).toBe(404);
    // The carer has no wallet: they cannot let the parent show a code that does not exist.
    const noWallet = await grant(carer.token, bindingId, `face-ok:${carer.idNumber}`);
    expect(noWallet.status).toBe(404);
    expect(noWallet.body.code).toBe("WALLET_NOT_OPEN");

    await grant(parent.token, bindingId, `face-ok:${parent.idNumber}`);
    const agent = await agentToken(t, "agent01");
    await t.api("POST", `/v1/agent/wallets/${parent.walletId}/freeze`, { token: agent, body: { reason: "风险排查" } });
    const frozen = await showCode(carer.token, bindingId);
    expect(frozen.status).toBe(422);
    expect(frozen.body.code).toBe("WALLET_NOT_ACTIVE");
    const bad = await t.api("PUT", `/v1/relatives/${bindingId}/care-access`, { token: parent.token, body: { granted: true } });
    expect(bad.status).toBe(400);
  });
});
