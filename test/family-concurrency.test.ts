import { describe, expect, it } from "vitest";
import { createTestApp } from "./support/app";
import { bind } from "./support/family";
import { charge, ecode, newMerchant, orderNo } from "./support/merchants";
import { newPerson, relate, verifiedUser } from "./support/people";
import { balances, ledgerOk, openWallet, PIN } from "./support/wallets";

const t = await createTestApp();
const ROUNDS = 100;

describe("a giver spends their own money while two relatives settle against the giver's quotas", () => {
  it(`${ROUNDS} rounds: never below zero, never above a quota, every fen accounted for, the ledger holds`, async () => {
    const giver = await verifiedUser(t, { birthDate: "1980-05-01", insurance: "employee", personalAccountFen: 30_000 });
    const parent = await newPerson(t, { birthDate: "1950-03-03", insurance: "employee", personalAccountFen: 0 });
    const spouse = await newPerson(t, { birthDate: "1982-03-03", insurance: "employee", personalAccountFen: 0 });
    await relate(t, giver, parent, "parent");
    await relate(t, giver, spouse, "spouse");
    const b1 = await bind(t, giver, parent, "parent");
    const b2 = await bind(t, giver, spouse, "spouse");
    await openWallet(t, giver);
    const payers = [
      { ...parent, token: b1.relativeToken, bindingId: b1.bindingId, annual: 12_000 },
      { ...spouse, token: b2.relativeToken, bindingId: b2.bindingId, annual: 15_000 },
    ];
    for (const p of payers) {
      await openWallet(t, p);
      const q = await t.api("PUT", `/v1/relatives/${p.bindingId}/quota`, {
        token: giver.token,
        body: { annualFen: p.annual, paymentPassword: PIN },
      });
      expect(q.status).toBe(200);
    }
    const m = await newMerchant(t);

    let giverSpent = 0;
    const drawn = [0, 0];
    const refusals: Record<string, number> = {};
    for (let round = 0; round < ROUNDS; round++) {
      const codes = await Promise.all([ecode(t, giver), ecode(t, payers[0]!), ecode(t, payers[1]!)]);
      const amounts = [150 + (round % 7) * 10, 200 + (round % 5) * 30, 170 + (round % 3) * 40];
      const results = await Promise.all(
        codes.map((c, i) => charge(t, m, { ecode: c, orderNo: orderNo(`c${round}-${i}`), amountFen: amounts[i]! })),
      );
      results.forEach((r, i) => {
        if (r.status === 201) {
          if (i === 0) giverSpent += amounts[i]!;
          else {
            drawn[i - 1]! += amounts[i]!;
            expect(r.body.paidFrom).toEqual({ ownFen: 0, receivedFen: 0, quotaFen: amounts[i] });
          }
        } else {
          expect(r.status, JSON.stringify(r.body)).toBe(422);
          expect(r.body.code).toBe("INSUFFICIENT_FUNDS");
          refusals[i] = (refusals[i] ?? 0) + 1;
        }
      });
      const g = await balances(t, giver);
      expect(g.ownFen).toBeGreaterThanOrEqual(0);
      expect(g.ownFen).toBe(30_000 - giverSpent - drawn[0]! - drawn[1]!);
      const q = (await t.api("GET", "/v1/quotas", { token: giver.token })).body.granted as {
        bindingId: string;
        usedFen: number;
        annualFen: number;
      }[];
      for (const [i, p] of payers.entries()) {
        const row = q.find((x) => x.bindingId === p.bindingId)!;
        expect(row.usedFen).toBe(drawn[i]);
        expect(row.usedFen).toBeLessThanOrEqual(row.annualFen);
      }
    }
    // The money ran out on the way: the race was real, and refusals were all or nothing.
    expect(Object.values(refusals).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(giverSpent + drawn[0]! + drawn[1]!).toBeLessThanOrEqual(30_000);
    for (const p of payers) expect((await balances(t, p)).totalFen).toBe(0);
    const check = await ledgerOk(t);
    expect(check.ok, JSON.stringify(check)).toBe(true);
  }, 600_000);
});
