import { describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./support/app";
import { charge, ecode, newMerchant, orderNo, refund } from "./support/merchants";
import { newPerson, relate, verifiedUser } from "./support/people";
import { balances, ledgerOk, openWallet, PIN } from "./support/wallets";

const t = await createTestApp();

/**
 * A payer (a parent, ¥payerFen of own funds) and `givers` children, each bound to the payer with a
 * wallet of their own (¥giverFen own funds), in the order given (the grant order follows the PUTs).
 */
async function household(app: TestApp, opts: { payerFen: number; givers: { fen: number; region?: string }[]; payerRegion?: string }) {
  const payerP = await newPerson(app, {
    birthDate: "1950-03-03",
    insurance: "employee",
    personalAccountFen: opts.payerFen,
    regionCode: opts.payerRegion,
  });
  const givers = [];
  let payerToken = "";
  for (const [i, g] of opts.givers.entries()) {
    const giver = await verifiedUser(app, {
      birthDate: `198${i}-05-01`,
      insurance: "employee",
      personalAccountFen: g.fen,
      regionCode: g.region,
    });
    await relate(app, giver, payerP, "parent");
    const inv = await app.api("POST", "/v1/invitations", {
      token: giver.token,
      body: { relation: "parent", name: payerP.name, idNumber: payerP.idNumber },
    });
    expect(inv.status, JSON.stringify(inv.body)).toBe(201);
    if (!payerToken) {
      const { loginAs } = await import("./support/family");
      payerToken = await loginAs(app, payerP);
      await openWallet(app, { ...payerP, token: payerToken });
    }
    const acc = await app.api("POST", `/v1/invitations/${inv.body.code}/accept`, {
      token: payerToken,
      body: { faceToken: `face-ok:${payerP.idNumber}` },
    });
    expect(acc.status, JSON.stringify(acc.body)).toBe(200);
    const walletId = await openWallet(app, giver);
    givers.push({ ...giver, walletId, bindingId: acc.body.binding.bindingId as string });
  }
  return { payer: { ...payerP, token: payerToken }, givers };
}

const setQuota = async (app: TestApp, g: { token: string; bindingId: string }, annualFen: number, perPaymentFen?: number) => {
  const r = await app.api("PUT", `/v1/relatives/${g.bindingId}/quota`, {
    token: g.token,
    body: { annualFen, perPaymentFen, paymentPassword: PIN },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};

const quotaOf = async (app: TestApp, payerToken: string) =>
  (await app.api("GET", "/v1/quotas", { token: payerToken })).body.received as any[];

describe("settlements funded by quotas (共济额度)", () => {
  it("own, received, then quotas oldest first, each giver's own funds; one answer lists every part; givers are told and see it in their bills", async () => {
    const { payer, givers } = await household(t, { payerFen: 1_000, givers: [{ fen: 50_000 }, { fen: 50_000 }] });
    const [a, b] = givers as [(typeof givers)[0], (typeof givers)[0]];
    await setQuota(t, a, 3_000);
    await t.clock.set(new Date(t.clock.now().getTime() + 1_000));
    await setQuota(t, b, 20_000, 5_000);
    const m = await newMerchant(t);
    const r = await charge(t, m, { ecode: await ecode(t, payer), orderNo: orderNo(), amountFen: 8_000 });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.paidFrom).toEqual({ ownFen: 1_000, receivedFen: 0, quotaFen: 7_000 });
    expect(r.body.funding).toEqual([
      { source: "own", amountFen: 1_000 },
      { source: "quota", amountFen: 3_000, giver: { maskedName: expect.stringContaining("*") } },
      { source: "quota", amountFen: 4_000, giver: { maskedName: expect.stringContaining("*") } },
    ]);
    expect(r.body.funding[1].giver.maskedName).not.toBe(a.name);
    expect((await balances(t, payer)).ownFen).toBe(0);
    expect((await balances(t, a)).ownFen).toBe(47_000);
    expect((await balances(t, b)).ownFen).toBe(46_000);
    const q = await quotaOf(t, payer.token);
    expect(q.map((x) => [x.usedFen, x.remainingFen])).toEqual([
      [3_000, 0],
      [4_000, 16_000],
    ]);

    const inbox = await t.api("GET", "/v1/notifications", { token: a.token });
    const used = inbox.body.items.find((n: { kind: string }) => n.kind === "quota.used");
    expect(used).toMatchObject({ data: { settlementId: r.body.id, amountFen: 3_000 } });
    expect(used.body).toContain("¥30.00");
    const bills = await t.api("GET", "/v1/wallet/entries", { token: a.token });
    const line = bills.body.items.find((e: { kind: string }) => e.kind === "medical_settlement");
    expect(line).toMatchObject({ amountFen: -3_000, balanceKind: "own" });
    expect(line.counterparty).toContain("共济额度");

    // The merchant's detail lists the parts again.
    const { signedGet } = await import("./support/merchants");
    const detail = await signedGet(t, m, `/v1/merchant/settlements/${r.body.id}`);
    expect(detail.body.funding).toEqual(r.body.funding);
    expect((await ledgerOk(t)).ok).toBe(true);
  });

  it("a payer who can pay alone draws nothing; a per-payment cap and what is left bound each quota", async () => {
    const { payer, givers } = await household(t, { payerFen: 5_000, givers: [{ fen: 50_000 }] });
    await setQuota(t, givers[0]!, 10_000, 2_000);
    const m = await newMerchant(t);
    const alone = await charge(t, m, { ecode: await ecode(t, payer), orderNo: orderNo(), amountFen: 5_000 });
    expect(alone.body.funding).toEqual([{ source: "own", amountFen: 5_000 }]);
    const over = await charge(t, m, { ecode: await ecode(t, payer), orderNo: orderNo(), amountFen: 2_001 });
    expect(over.status).toBe(422);
    expect(over.body.code).toBe("INSUFFICIENT_FUNDS");
    const capped = await charge(t, m, { ecode: await ecode(t, payer), orderNo: orderNo(), amountFen: 2_000 });
    expect(capped.body.paidFrom).toEqual({ ownFen: 0, receivedFen: 0, quotaFen: 2_000 });
  });

  it("all or nothing: a charge that everything together cannot cover charges nobody (INSUFFICIENT_FUNDS), and the code stays usable", async () => {
    const { payer, givers } = await household(t, { payerFen: 1_000, givers: [{ fen: 2_000 }] });
    await setQuota(t, givers[0]!, 10_000);
    const m = await newMerchant(t);
    const code = await ecode(t, payer);
    const r = await charge(t, m, { ecode: code, orderNo: orderNo(), amountFen: 3_001 });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe("INSUFFICIENT_FUNDS");
    expect((await balances(t, payer)).ownFen).toBe(1_000);
    expect((await balances(t, givers[0]!)).ownFen).toBe(2_000);
    expect((await quotaOf(t, payer.token))[0].usedFen).toBe(0);
    const ok = await charge(t, m, { ecode: code, orderNo: orderNo(), amountFen: 3_000 });
    expect(ok.status).toBe(201);
  });

  it("revoked, ended or stopped quotas pay nothing", async () => {
    const { payer, givers } = await household(t, { payerFen: 0, givers: [{ fen: 10_000 }, { fen: 10_000 }, { fen: 10_000 }] });
    const [a, b, c] = givers as [(typeof givers)[0], (typeof givers)[0], (typeof givers)[0]];
    for (const g of givers) await setQuota(t, g, 5_000);
    await t.api("DELETE", `/v1/relatives/${a.bindingId}/quota`, { token: a.token });
    await t.api("DELETE", `/v1/relatives/${b.bindingId}`, { token: payer.token });
    const { agentToken } = await import("./support/admin");
    await t.api("POST", `/v1/agent/wallets/${c.walletId}/freeze`, { token: await agentToken(t, "agent01"), body: { reason: "风险排查" } });
    const m = await newMerchant(t);
    const r = await charge(t, m, { ecode: await ecode(t, payer), orderNo: orderNo(), amountFen: 100 });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe("INSUFFICIENT_FUNDS");
  });

  it("a quota draw is not a transfer: no ¥2,000 limit, no daily count, no quiet hours", async () => {
    const app = await createTestApp({ now: "2026-11-24T23:30:00+08:00" });
    const { payer, givers } = await household(app, { payerFen: 0, givers: [{ fen: 1_000_000 }] });
    await setQuota(app, givers[0]!, 1_000_000);
    const m = await newMerchant(app);
    for (let i = 0; i < 4; i++) {
      const r = await charge(app, m, { ecode: await ecode(app, payer), orderNo: orderNo(), amountFen: 250_000 });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    expect((await quotaOf(app, payer.token))[0]).toMatchObject({ usedFen: 1_000_000, remainingFen: 0 });
    expect((await ledgerOk(app)).ok).toBe(true);
  });

  it("a giver in another region books the clearing position between the giver's region and the institution's", async () => {
    const { payer, givers } = await household(t, { payerFen: 1_000, givers: [{ fen: 50_000, region: "320100" }] });
    await setQuota(t, givers[0]!, 10_000);
    const m = await newMerchant(t, { regionCode: "320500" });
    const r = await charge(t, m, { ecode: await ecode(t, payer), orderNo: orderNo(), amountFen: 4_000 });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const { journalEntries } = await import("../src/modules/ledger/ledger.schema");
    const { like } = await import("drizzle-orm");
    const rows = await t.db.select().from(journalEntries).where(like(journalEntries.accountId, "pool:clearing:%"));
    const mine = rows.filter((e) => e.accountId.includes("320100"));
    expect(mine.map((e) => [e.accountId, e.amount]).sort()).toEqual([
      ["pool:clearing:320100:320500", 3_000],
      ["pool:clearing:320500:320100", -3_000],
    ]);
    // The payer (same region as the institution) books none for their own ¥10.00.
    expect((await ledgerOk(t)).ok).toBe(true);
  });

  it("refunds go back in reverse order: quota parts to their givers first (restoring the quota), then received, then own", async () => {
    const { payer, givers } = await household(t, { payerFen: 1_000, givers: [{ fen: 50_000 }, { fen: 50_000 }] });
    const [a, b] = givers as [(typeof givers)[0], (typeof givers)[0]];
    await setQuota(t, a, 2_000);
    await t.clock.set(new Date(t.clock.now().getTime() + 1_000));
    await setQuota(t, b, 10_000);
    const m = await newMerchant(t);
    const s = await charge(t, m, { ecode: await ecode(t, payer), orderNo: orderNo(), amountFen: 6_000 });
    expect(s.body.funding.map((p: { amountFen: number }) => p.amountFen)).toEqual([1_000, 2_000, 3_000]);

    const r1 = await refund(t, m, s.body.id, { refundNo: orderNo("rf"), amountFen: 4_000 });
    expect(r1.status, JSON.stringify(r1.body)).toBe(201);
    expect(r1.body.returnedTo).toEqual({ ownFen: 0, receivedFen: 0, quotaFen: 4_000 });
    expect(r1.body.funding.map((p: { source: string; amountFen: number }) => [p.source, p.amountFen])).toEqual([
      ["quota", 3_000],
      ["quota", 1_000],
    ]);
    expect((await balances(t, b)).ownFen).toBe(50_000);
    expect((await balances(t, a)).ownFen).toBe(49_000);
    expect((await quotaOf(t, payer.token)).map((q) => q.usedFen)).toEqual([1_000, 0]);

    const tooMuch = await refund(t, m, s.body.id, { refundNo: orderNo("rf"), amountFen: 2_001 });
    expect(tooMuch.body).toMatchObject({ code: "REFUND_EXCEEDS_CHARGE", remainingFen: 2_000 });
    const r2 = await refund(t, m, s.body.id, { refundNo: orderNo("rf"), amountFen: 2_000 });
    expect(r2.body.returnedTo).toEqual({ ownFen: 1_000, receivedFen: 0, quotaFen: 1_000 });
    expect((await balances(t, payer)).ownFen).toBe(1_000);
    expect((await balances(t, a)).ownFen).toBe(50_000);
    expect((await quotaOf(t, payer.token)).map((q) => q.usedFen)).toEqual([0, 0]);
    const { signedGet } = await import("./support/merchants");
    const detail = await signedGet(t, m, `/v1/merchant/settlements/${s.body.id}`);
    expect(detail.body).toMatchObject({ status: "refunded", refundedFen: 6_000 });
    expect((await ledgerOk(t)).ok).toBe(true);
  });
});

describe("the year resets at 00:00 Beijing on 1 January for draws too", () => {
  it("a quota used up in December pays again on 1 January; a refund of December's draw restores December's row", async () => {
    const app = await createTestApp({ now: "2026-12-31T23:58:00+08:00" });
    const { payer, givers } = await household(app, { payerFen: 0, givers: [{ fen: 100_000 }] });
    await setQuota(app, givers[0]!, 5_000);
    const m = await newMerchant(app);
    const dec = await charge(app, m, { ecode: await ecode(app, payer), orderNo: orderNo(), amountFen: 5_000 });
    expect(dec.status).toBe(201);
    expect((await charge(app, m, { ecode: await ecode(app, payer), orderNo: orderNo(), amountFen: 1 })).body.code).toBe(
      "INSUFFICIENT_FUNDS",
    );
    await app.api("POST", "/v1/sandbox/clock", { body: { now: "2027-01-01T00:00:00+08:00" } });
    const jan = await charge(app, m, { ecode: await ecode(app, payer), orderNo: orderNo(), amountFen: 4_000 });
    expect(jan.status, JSON.stringify(jan.body)).toBe(201);
    expect((await quotaOf(app, payer.token))[0]).toMatchObject({ year: 2027, usedFen: 4_000, remainingFen: 1_000 });
    const back = await refund(app, m, dec.body.id, { refundNo: orderNo("rf"), amountFen: 5_000 });
    expect(back.status).toBe(201);
    // This year's use is untouched: December's refund went back to December.
    expect((await quotaOf(app, payer.token))[0]).toMatchObject({ year: 2027, usedFen: 4_000, remainingFen: 1_000 });
    expect((await ledgerOk(app)).ok).toBe(true);
  });
});

describe("carers pay from the relative's wallet and the relative's quotas", () => {
  it("a code shown by a carer is paid by the relative, with the quotas granted to the relative", async () => {
    const { payer, givers } = await household(t, { payerFen: 0, givers: [{ fen: 20_000 }] });
    const g = givers[0]!;
    await setQuota(t, g, 10_000);
    const grant = await t.api("PUT", `/v1/relatives/${g.bindingId}/care-access`, {
      token: payer.token,
      body: { granted: true, faceToken: `face-ok:${payer.idNumber}` },
    });
    expect(grant.status).toBe(200);
    const code = await t.api("POST", `/v1/relatives/${g.bindingId}/ecodes`, { token: g.token });
    const m = await newMerchant(t);
    const r = await charge(t, m, { ecode: code.body.code, orderNo: orderNo(), amountFen: 2_500 });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.patient.maskedName).toBe(code.body.for.maskedName);
    expect(r.body.paidFrom).toEqual({ ownFen: 0, receivedFen: 0, quotaFen: 2_500 });
  });
});

describe("a refund after the giver's wallet has closed (#18)", () => {
  // What a real wallet does: the giver's part is still the giver's money. Their wallet is closed, so it
  // goes where that wallet's money went — to the giver's personal account at the region core, through
  // the closing's outbox (retried until the core confirms) — never into the closed wallet and never to
  // the patient. The patient's own part comes back to the patient as usual; the ledger balances.
  it("returns the quota part to the giver's personal account, the rest to the patient; replayable; ledger balanced", async () => {
    const { sql } = await import("drizzle-orm");
    const { rowsOf } = await import("../src/lib/rows");
    const { payer, givers } = await household(t, { payerFen: 1_000, givers: [{ fen: 10_000 }] });
    const g = givers[0]!;
    await setQuota(t, g, 5_000);
    const m = await newMerchant(t);
    const paid = await charge(t, m, { ecode: await ecode(t, payer), orderNo: orderNo(), amountFen: 4_000 });
    expect(paid.status, JSON.stringify(paid.body)).toBe(201);
    expect(paid.body.paidFrom).toEqual({ ownFen: 1_000, receivedFen: 0, quotaFen: 3_000 });

    // Closing waits out the refund window of the payments the giver funded; then the giver closes.
    const close = () => t.api("POST", "/v1/wallet/close", { token: g.token, body: { paymentPassword: PIN } });
    expect((await close()).body.code).toBe("WALLET_CLOSE_BLOCKED");
    await t.clock.set(new Date(t.clock.now().getTime() + 31 * 86_400_000));
    const closed = await close();
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body.closure.personalAccount).toMatchObject({ amountFen: 7_000 });

    const r = await refund(t, m, paid.body.id, { refundNo: `R-${paid.body.id}`, amountFen: 4_000 });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ amountFen: 4_000 });
    expect(r.body.returnedTo).toMatchObject({ ownFen: 1_000, receivedFen: 0, quotaFen: 3_000 });
    expect(await balances(t, payer)).toMatchObject({ ownFen: 1_000, receivedFen: 0 });
    const told = (await t.api("GET", "/v1/notifications", { token: g.token })).body.items;
    const n = told.find((x: { kind: string }) => x.kind === "quota.refund_returned");
    expect(n, JSON.stringify(told)).toBeTruthy();
    expect(n.body).toContain("¥30.00");
    expect(n.body).toContain("个人账户");
    const giverWallet = await t.api("GET", "/v1/wallet", { token: g.token });
    expect(giverWallet.body).toMatchObject({ status: "closed", balances: { totalFen: 0 } });

    const returns = rowsOf<{ reason: string; amount_fen: number; status: string; person_id: string }>(
      await t.db.execute(sql`select reason, amount_fen, status, person_id from personal_account_returns
        where closure_id = ${closed.body.closure.id} order by created_at`),
    );
    expect(returns.map((x) => [x.reason, Number(x.amount_fen), x.status])).toEqual([
      ["wallet_closed", 7_000, "confirmed"],
      ["refund_return", 3_000, "confirmed"],
    ]);
    // The region's in-transit account is empty again: the core confirmed both returns.
    const [pool] = rowsOf<{ s: string | null }>(
      await t.db.execute(sql`select sum(amount) as s from journal_entries where account_id like 'pool:personal_account_returns:%'`),
    );
    expect(Number(pool?.s ?? 0)).toBe(0);

    // The same refundNo again is the first answer, nothing paid twice.
    const again = await refund(t, m, paid.body.id, { refundNo: `R-${paid.body.id}`, amountFen: 4_000 });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(r.body.id);
    const more = await refund(t, m, paid.body.id, { refundNo: `R2-${paid.body.id}`, amountFen: 1 });
    expect(more.status).toBe(422);
    expect(more.body.code).toBe("REFUND_EXCEEDS_CHARGE");
    expect((await ledgerOk(t)).problems).toEqual([]);
  });
});
