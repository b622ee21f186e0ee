import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { journalEntries } from "../src/db/schema";
import { rowsOf } from "../src/lib/rows";
import { pools } from "../src/modules/ledger/ledger.accounts";
import { setWalletStatus } from "../src/modules/wallet/wallet.repo";
import { createTestApp } from "./support/app";
import { charge, ecode, giveReceivedFunds, newMerchant, orderNo, refund } from "./support/merchants";
import { balances, ledgerOk, walletUser } from "./support/wallets";

// The concurrency group gets its own database: a ledger check there covers only its own accounts,
// and the real-name rate limit (30 per address per 10 min) counts every test user of a database.
const t = await createTestApp();
const tc = await createTestApp();

async function journalOf(settlementId: string) {
  const [row] = rowsOf<{ id: string }>(
    await t.db.execute(sql`select journal_transaction_id as id from settlements where id = ${settlementId}`),
  );
  return t.db.select().from(journalEntries).where(eq(journalEntries.transactionId, row!.id));
}

describe("settlement", () => {
  it("charges own funds first, then received; books the merchant account and shows the merchant in the statement", async () => {
    const u = await walletUser(t, { personalAccountFen: 5_000 });
    await giveReceivedFunds(t, u, 3_000);
    const m = await newMerchant(t);
    const no = orderNo();
    const r = await charge(t, m, { ecode: await ecode(t, u), orderNo: no, amountFen: 6_000 });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      orderNo: no,
      status: "paid",
      amountFen: 6_000,
      paidFrom: { ownFen: 5_000, receivedFen: 1_000 },
      crossRegion: false,
    });
    expect(r.body.patient.maskedName).toContain("*");
    expect(JSON.stringify(r.body)).not.toContain(u.name);
    expect(await balances(t, u)).toMatchObject({ ownFen: 0, receivedFen: 2_000 });
    const merchantEntries = (await journalOf(r.body.id)).filter((e) => e.accountId === pools.merchantSettlement(m.merchantId));
    expect(merchantEntries.map((e) => e.amount)).toEqual([6_000]);
    const items = (await t.api("GET", "/v1/wallet/entries", { token: u.token })).body.items;
    expect(items.filter((e: { kind: string }) => e.kind === "medical_settlement")).toEqual([
      expect.objectContaining({ amountFen: -1_000, balanceKind: "received", counterparty: m.name, reference: no }),
      expect.objectContaining({ amountFen: -5_000, balanceKind: "own", counterparty: m.name, reference: no }),
    ]);
    const audit = rowsOf<{ action: string }>(await t.db.execute(sql`select action from audit_log where subject_id = ${r.body.id}`));
    expect(audit.map((a) => a.action)).toEqual(["settlement.charge"]);
    expect((await ledgerOk(t)).ok).toBe(true);
  });

  it("is idempotent by orderNo: the same request answers 200 with the first result; another body is refused", async () => {
    const u = await walletUser(t, { personalAccountFen: 10_000 });
    const m = await newMerchant(t);
    const body = { ecode: await ecode(t, u), orderNo: orderNo(), amountFen: 2_500 };
    const first = await charge(t, m, body);
    const again = await charge(t, m, body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const changed = await charge(t, m, { ...body, amountFen: 2_600 });
    expect(changed.status).toBe(422);
    expect(changed.body.code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect((await balances(t, u)).ownFen).toBe(7_500);
    // The same orderNo at another merchant is another order.
    const other = await newMerchant(t);
    expect((await charge(t, other, { ...body, ecode: await ecode(t, u) })).status).toBe(201);
  });

  it("answers ECODE_INVALID for unknown and used codes", async () => {
    const u = await walletUser(t);
    const m = await newMerchant(t);
    const unknown = await charge(t, m, { ecode: "ABCDEFGHJKMNPQRSTUVWXYZ2", orderNo: orderNo(), amountFen: 100 });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe("ECODE_INVALID");
    const code = await ecode(t, u);
    expect((await charge(t, m, { ecode: code, orderNo: orderNo(), amountFen: 100 })).status).toBe(201);
    const reused = await charge(t, m, { ecode: code, orderNo: orderNo(), amountFen: 100 });
    expect(reused.body.code).toBe("ECODE_INVALID");
    expect((await balances(t, u)).ownFen).toBe(99_900);
  });

  it("refuses a frozen wallet (422 WALLET_NOT_ACTIVE) and moves nothing", async () => {
    const u = await walletUser(t);
    const m = await newMerchant(t);
    const code = await ecode(t, u);
    await setWalletStatus(t.db, u.walletId, "active", "frozen", "test");
    const r = await charge(t, m, { ecode: code, orderNo: orderNo(), amountFen: 100 });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe("WALLET_NOT_ACTIVE");
    expect((await balances(t, u)).ownFen).toBe(100_000);
  });

  it("refuses more than the balance (INSUFFICIENT_FUNDS); the code stays usable for a smaller bill", async () => {
    const u = await walletUser(t, { personalAccountFen: 1_000 });
    const m = await newMerchant(t);
    const code = await ecode(t, u);
    const big = await charge(t, m, { ecode: code, orderNo: orderNo(), amountFen: 1_001 });
    expect(big.status).toBe(422);
    expect(big.body.code).toBe("INSUFFICIENT_FUNDS");
    const ok = await charge(t, m, { ecode: code, orderNo: orderNo(), amountFen: 1_000 });
    expect(ok.status).toBe(201);
    expect((await balances(t, u)).ownFen).toBe(0);
  });

  it("refuses a merchant that does not accept the wallet (403) and validates the body (400)", async () => {
    const u = await walletUser(t);
    const m = await newMerchant(t, { acceptsWallet: false });
    const r = await charge(t, m, { ecode: await ecode(t, u), orderNo: orderNo(), amountFen: 100 });
    expect(r.status).toBe(403);
    const ok = await newMerchant(t);
    const bad = await charge(t, ok, { ecode: await ecode(t, u), orderNo: orderNo(), amountFen: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe("amountFen");
  });

  it("books the clearing pair when the merchant is in another region, and none when it is not", async () => {
    const u = await walletUser(t, { regionCode: "320500", personalAccountFen: 50_000 });
    const beijing = await newMerchant(t, { regionCode: "110000" });
    const r = await charge(t, beijing, { ecode: await ecode(t, u), orderNo: orderNo(), amountFen: 12_345 });
    expect(r.body.crossRegion).toBe(true);
    const entries = await journalOf(r.body.id);
    const byAccount = Object.fromEntries(entries.map((e) => [e.accountId, e.amount]));
    expect(byAccount[pools.clearing("320500", "110000")]).toBe(12_345);
    expect(byAccount[pools.clearing("110000", "320500")]).toBe(-12_345);
    expect(byAccount[pools.merchantSettlement(beijing.merchantId)]).toBe(12_345);
    expect(entries.reduce((n, e) => n + e.amount, 0)).toBe(0);

    const local = await newMerchant(t, { regionCode: "320500" });
    const same = await charge(t, local, { ecode: await ecode(t, u), orderNo: orderNo(), amountFen: 100 });
    const sameEntries = await journalOf(same.body.id);
    expect(sameEntries.some((e) => e.accountId.startsWith("pool:clearing:"))).toBe(false);
    expect((await ledgerOk(t)).ok).toBe(true);
  });
});

describe("concurrency", () => {
  it("100 concurrent settlements on funds covering exactly 37 succeed exactly 37 times", async () => {
    const u = await walletUser(tc, { personalAccountFen: 2_000 });
    await giveReceivedFunds(tc, u, 1_700);
    const m = await newMerchant(tc);
    const codes: string[] = [];
    for (let i = 0; i < 100; i++) codes.push(await ecode(tc, u));
    const results = await Promise.all(codes.map((code) => charge(tc, m, { ecode: code, orderNo: orderNo("c"), amountFen: 100 })));
    const statuses = results.map((r) => (r.status === 201 ? "paid" : r.body.code));
    expect(statuses.filter((s) => s === "paid")).toHaveLength(37);
    expect(statuses.filter((s) => s === "INSUFFICIENT_FUNDS")).toHaveLength(63);
    expect(await balances(tc, u)).toMatchObject({ ownFen: 0, receivedFen: 0 });
    const paid = results.filter((r) => r.status === 201).map((r) => r.body.paidFrom);
    expect(paid.reduce((n, p) => n + p.ownFen, 0)).toBe(2_000);
    expect(paid.reduce((n, p) => n + p.receivedFen, 0)).toBe(1_700);
    const check = await ledgerOk(tc);
    expect(check.problems).toEqual([]);
    expect(check.ok).toBe(true);
  });

  it("concurrent retries of one orderNo charge once; concurrent refunds never exceed the charge", async () => {
    const u = await walletUser(tc, { personalAccountFen: 10_000 });
    const m = await newMerchant(tc);
    const body = { ecode: await ecode(tc, u), orderNo: orderNo(), amountFen: 5_000 };
    const tries = await Promise.all(Array.from({ length: 10 }, () => charge(tc, m, body)));
    expect(tries.filter((r) => r.status === 201)).toHaveLength(1);
    expect(tries.filter((r) => r.status === 200)).toHaveLength(9);
    expect(new Set(tries.map((r) => r.body.id)).size).toBe(1);
    const id = tries[0]!.body.id;
    const refunds = await Promise.all(Array.from({ length: 8 }, () => refund(tc, m, id, { refundNo: orderNo("rf"), amountFen: 1_000 })));
    expect(refunds.filter((r) => r.status === 201)).toHaveLength(5);
    expect(refunds.filter((r) => r.body.code === "REFUND_EXCEEDS_CHARGE")).toHaveLength(3);
    expect((await balances(tc, u)).ownFen).toBe(10_000);
    const rows = await tc.db
      .select()
      .from(journalEntries)
      .where(and(eq(journalEntries.accountId, pools.merchantSettlement(m.merchantId))));
    expect(rows.reduce((n, e) => n + e.amount, 0)).toBe(0);
    expect((await ledgerOk(tc)).ok).toBe(true);
  });
});
