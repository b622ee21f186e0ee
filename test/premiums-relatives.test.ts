import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { RegistryAdapter } from "../src/adapters";
import { sandboxRegistry } from "../src/adapters/registry";
import { premiumPayments } from "../src/db/schema";
import { createTestApp, type TestApp } from "./support/app";
import { enrolments, pay, resident } from "./support/premiums";
import { bind, family, loginAs } from "./support/family";
import { newPerson, relate, type User } from "./support/people";
import { giveReceivedFunds } from "./support/merchants";
import { balances, ledgerOk, openWallet, walletUser } from "./support/wallets";

// Separate databases per group keep each group's users and payments apart.
const tRel = await createTestApp();
const tRace = await createTestApp();

/** An employee payer with own funds who is bound to a resident parent; returns the binding. */
async function payerForParent(app: TestApp, ownFen: number, relativeInsurance: "resident" | "none" | "employee" = "resident") {
  const { user, relative } = await family(app, "parent", { userFen: ownFen, relativeInsurance });
  await openWallet(app, user);
  const { bindingId, relativeToken } = await bind(app, user, relative, "parent");
  return { payer: user, parent: relative, bindingId, parentToken: relativeToken };
}

describe("paying for a bound relative", () => {
  it("an employee pays a resident parent's premium: own funds first, then received", async () => {
    const { payer, parent, bindingId } = await payerForParent(tRel, 30_000);
    await giveReceivedFunds(tRel, payer, 20_000);
    const r = await pay(tRel, payer.token, { beneficiary: bindingId, year: 2027 });
    expect(r.status).toBe(201);
    expect(r.body.paidFrom).toEqual({ ownFen: 30_000, receivedFen: 10_000 });
    expect(await balances(tRel, payer)).toMatchObject({ ownFen: 0, receivedFen: 10_000 });
    expect((await enrolments(tRel, parent.idNumber)).length).toBe(1);
    const q = await tRel.api("GET", `/v1/premiums/quote?beneficiary=${bindingId}`, { token: payer.token });
    expect(q.body).toMatchObject({ alreadyPaid: true, receipt: { receiptNo: r.body.receiptNo } });
    expect((await ledgerOk(tRel)).ok).toBe(true);
  });

  it("pays for an uninsured child (enrolment), refuses an employee relative, a stranger's binding and an ended one", async () => {
    const { user, relative: child } = await family(tRel, "child", {
      relativeBirth: "2021-06-01",
      relativeInsurance: "none",
      userFen: 100_000,
    });
    await openWallet(tRel, user);
    const minor = await tRel.api("POST", "/v1/relatives/minors", {
      token: user.token,
      body: { relation: "child", name: child.name, idNumber: child.idNumber },
    });
    const paid = await pay(tRel, user.token, { beneficiary: minor.body.binding.bindingId, year: 2027 });
    expect(paid.status).toBe(201);
    expect((await enrolments(tRel, child.idNumber)).length).toBe(1);

    const emp = await payerForParent(tRel, 100_000, "employee");
    expect((await pay(tRel, emp.payer.token, { beneficiary: emp.bindingId, year: 2027 })).body.code).toBe("PREMIUM_NOT_APPLICABLE");

    const { payer, bindingId } = await payerForParent(tRel, 100_000);
    const stranger = await walletUser(tRel);
    expect((await pay(tRel, stranger.token, { beneficiary: bindingId, year: 2027 })).status).toBe(404);
    expect((await tRel.api("DELETE", `/v1/relatives/${bindingId}`, { token: payer.token })).status).toBe(204);
    const ended = await pay(tRel, payer.token, { beneficiary: bindingId, year: 2027 });
    expect(ended.status).toBe(422);
    expect(ended.body.code).toBe("NOT_BOUND");
  });
});

describe("one premium per person and year, under races", () => {
  it("two relatives paying the same person's premium at the same moment produce exactly one payment", async () => {
    const { payer: a, parent, bindingId: bindingA, parentToken } = await payerForParent(tRace, 100_000);
    // The parent's other child: a second relative, bound from the parent's side.
    const b = await newPerson(tRace, { insurance: "employee", personalAccountFen: 100_000, birthDate: "1987-09-09" });
    await relate(tRace, b, parent, "parent");
    const inv = await tRace.api("POST", "/v1/invitations", {
      token: parentToken,
      body: { relation: "child", name: b.name, idNumber: b.idNumber },
    });
    expect(inv.status).toBe(201);
    const bToken = await loginAs(tRace, b);
    const acc = await tRace.api("POST", `/v1/invitations/${inv.body.code}/accept`, {
      token: bToken,
      body: { faceToken: `face-ok:${b.idNumber}` },
    });
    const bindingB = acc.body.binding.bindingId;
    const bUser: User = { ...b, token: bToken };
    await openWallet(tRace, bUser);

    const [ra, rb] = await Promise.all([
      pay(tRace, a.token, { beneficiary: bindingA, year: 2027 }),
      pay(tRace, bToken, { beneficiary: bindingB, year: 2027 }),
    ]);
    const results = [ra, rb];
    const won = results.filter((r) => r.status === 201);
    const lost = results.filter((r) => r.status === 409);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.body).toMatchObject({
      code: "PREMIUM_ALREADY_PAID",
      receipt: { receiptNo: won[0]!.body.receiptNo, payer: { maskedName: won[0]!.body.payer.maskedName } },
    });
    const rows = await tRace.db.select().from(premiumPayments).where(eq(premiumPayments.beneficiaryPersonId, parent.personId));
    expect(rows).toHaveLength(1);
    const spent = [(await balances(tRace, a)).ownFen, (await balances(tRace, bUser)).ownFen].sort((x, y) => x - y);
    expect(spent).toEqual([60_000, 100_000]);
    expect((await ledgerOk(tRace)).ok).toBe(true);
  });

  it("concurrent self-payments with different keys pay once", async () => {
    const u = await resident(tRace, 100_000);
    const results = await Promise.all(Array.from({ length: 5 }, () => pay(tRace, u.token, { beneficiary: "self", year: 2027 })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.body.code === "PREMIUM_ALREADY_PAID")).toHaveLength(4);
    expect((await balances(tRace, u)).receivedFen).toBe(60_000);
    expect((await ledgerOk(tRace)).ok).toBe(true);
  });
});

describe("registry", () => {
  it("keeps the payment when the registry is down and tells it later from the job", async () => {
    let real: RegistryAdapter | null = null;
    let down = true;
    const registry: RegistryAdapter = {
      findPerson: (id) => real!.findPerson(id),
      confirmRelation: (a, b, r) => real!.confirmRelation(a, b, r),
      personalAccountBalance: (id) => real!.personalAccountBalance(id),
      recordPremium: async (...args) => {
        if (down) throw new Error("registry unavailable");
        return real!.recordPremium(...args);
      },
    };
    const local = await createTestApp({ adapters: { registry } });
    real = sandboxRegistry(local.db, { lookup: local.config.secrets.lookupHmac, encryption: local.config.secrets.encryption });
    const u = await resident(local, 50_000);
    const r = await pay(local, u.token, { beneficiary: "self", year: 2027 });
    expect(r.status).toBe(201);
    expect(await enrolments(local, u.idNumber)).toEqual([]);
    down = false;
    const jobs = await local.api("POST", "/v1/sandbox/jobs/run");
    expect(jobs.body.ran).toContainEqual({ name: "premium-registry-sync", processed: 1 });
    expect((await enrolments(local, u.idNumber)).map((e) => e.receiptNo)).toEqual([r.body.receiptNo]);
  });
});
