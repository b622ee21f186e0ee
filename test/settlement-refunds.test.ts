import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { journalEntries } from "../src/db/schema";
import { rowsOf } from "../src/lib/rows";
import { pools } from "../src/modules/ledger/ledger.accounts";
import { createTestApp, type TestApp } from "./support/app";
import { charge, ecode, giveReceivedFunds, newMerchant, orderNo, refund, signedGet } from "./support/merchants";
import { regionKey, signedCall } from "./support/signed";
import { balances, ledgerOk, walletUser } from "./support/wallets";

const t = await createTestApp();

async function entriesOf(app: TestApp, accountId: string) {
  return app.db.select().from(journalEntries).where(eq(journalEntries.accountId, accountId));
}

describe("refunds", () => {
  it("returns received first, then own, in parts, never above what is left; reverses clearing; ledger holds", async () => {
    const u = await walletUser(t, { personalAccountFen: 5_000 });
    await giveReceivedFunds(t, u, 1_000);
    const m = await newMerchant(t, { regionCode: "130100" });
    const s = await charge(t, m, { ecode: await ecode(t, u), orderNo: orderNo(), amountFen: 6_000 });
    expect(s.body.paidFrom).toEqual({ ownFen: 5_000, receivedFen: 1_000, quotaFen: 0 });
    const r1 = await refund(t, m, s.body.id, { refundNo: orderNo("rf"), amountFen: 1_500 });
    expect(r1.status).toBe(201);
    expect(r1.body).toMatchObject({ settlementId: s.body.id, amountFen: 1_500, returnedTo: { receivedFen: 1_000, ownFen: 500 } });
    expect(await balances(t, u)).toMatchObject({ ownFen: 500, receivedFen: 1_000 });
    const over = await refund(t, m, s.body.id, { refundNo: orderNo("rf"), amountFen: 4_501 });
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({ code: "REFUND_EXCEEDS_CHARGE", remainingFen: 4_500 });
    const r2 = await refund(t, m, s.body.id, { refundNo: orderNo("rf"), amountFen: 4_500 });
    expect(r2.body.returnedTo).toEqual({ receivedFen: 0, ownFen: 4_500, quotaFen: 0 });
    expect(await balances(t, u)).toMatchObject({ ownFen: 5_000, receivedFen: 1_000 });
    const none = await refund(t, m, s.body.id, { refundNo: orderNo("rf"), amountFen: 1 });
    expect(none.body).toMatchObject({ code: "REFUND_EXCEEDS_CHARGE", remainingFen: 0 });
    const detail = await signedGet(t, m, `/v1/merchant/settlements/${s.body.id}`);
    expect(detail.body).toMatchObject({ status: "refunded", refundedFen: 6_000 });
    expect(detail.body.refunds).toHaveLength(2);
    const clearing = await entriesOf(t, pools.clearing("320500", "130100"));
    expect(clearing.filter((e) => [6_000, -1_500, -4_500].includes(e.amount))).toHaveLength(3);
    expect((await entriesOf(t, pools.merchantSettlement(m.merchantId))).reduce((n, e) => n + e.amount, 0)).toBe(0);
    expect((await ledgerOk(t)).ok).toBe(true);
  });

  it("is idempotent by refundNo", async () => {
    const u = await walletUser(t);
    const m = await newMerchant(t);
    const s = await charge(t, m, { ecode: await ecode(t, u), orderNo: orderNo(), amountFen: 3_000 });
    const body = { refundNo: orderNo("rf"), amountFen: 1_000 };
    const a = await refund(t, m, s.body.id, body);
    const b = await refund(t, m, s.body.id, body);
    expect(a.status).toBe(201);
    expect(b.status).toBe(200);
    expect(b.body).toEqual(a.body);
    expect((await refund(t, m, s.body.id, { ...body, amountFen: 999 })).body.code).toBe("IDEMPOTENCY_KEY_REUSED");
    const s2 = await charge(t, m, { ecode: await ecode(t, u), orderNo: orderNo(), amountFen: 3_000 });
    expect((await refund(t, m, s2.body.id, body)).body.code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect((await balances(t, u)).ownFen).toBe(100_000 - 6_000 + 1_000);
  });

  it("only the merchant that charged may refund or read a settlement (others 404)", async () => {
    const u = await walletUser(t);
    const m = await newMerchant(t);
    const other = await newMerchant(t);
    const s = await charge(t, m, { ecode: await ecode(t, u), orderNo: orderNo(), amountFen: 3_000 });
    const r = await refund(t, other, s.body.id, { refundNo: orderNo("rf"), amountFen: 100 });
    expect(r.status).toBe(404);
    expect((await signedGet(t, other, `/v1/merchant/settlements/${s.body.id}`)).status).toBe(404);
    expect((await refund(t, m, "01JZZZZZZZZZZZZZZZZZZZZZZZ", { refundNo: orderNo("rf"), amountFen: 100 })).status).toBe(404);
  });
});

describe("merchant signatures", () => {
  it("refuses a wrong signature, a region key, no signature and a replayed nonce", async () => {
    const u = await walletUser(t);
    const m = await newMerchant(t);
    const body = { ecode: await ecode(t, u), orderNo: orderNo(), amountFen: 100 };
    const bad = await charge(t, m, body, (h) => (h["x-signature"] = "0".repeat(64)));
    expect(bad.status).toBe(401);
    expect(bad.body.code).toBe("SIGNATURE_INVALID");
    const region = await regionKey(t, "320500");
    expect((await signedCall(t, region, "POST", "/v1/merchant/settlements", body)).status).toBe(401);
    expect((await t.api("POST", "/v1/merchant/settlements", { body })).status).toBe(401);
    const { signedHeaders } = await import("../src/lib/signing");
    const raw = JSON.stringify(body);
    const headers = await signedHeaders(m.keyId, m.secret, "POST", "/v1/merchant/settlements", raw);
    const first = await t.api("POST", "/v1/merchant/settlements", { raw, headers });
    const replay = await t.api("POST", "/v1/merchant/settlements", { raw, headers });
    expect(first.status).toBe(201);
    expect(replay.status).toBe(409);
    expect(replay.body.code).toBe("REPLAYED_NONCE");
    expect((await balances(t, u)).ownFen).toBe(99_900);
  });
});

describe("merchant statements", () => {
  it("lists a Beijing day's settlements and refunds; totals equal the ledger movement of the merchant account", async () => {
    const local = await createTestApp({ now: "2026-11-24T23:50:00+08:00" });
    const u = await walletUser(local, { personalAccountFen: 100_000 });
    const m = await newMerchant(local, { regionCode: "320100" });
    const a = await charge(local, m, { ecode: await ecode(local, u), orderNo: orderNo(), amountFen: 10_000 });
    const b = await charge(local, m, { ecode: await ecode(local, u), orderNo: orderNo(), amountFen: 2_000 });
    await refund(local, m, a.body.id, { refundNo: orderNo("rf"), amountFen: 3_000 });
    local.clock.set(new Date("2026-11-25T00:10:00+08:00"));
    await charge(local, m, { ecode: await ecode(local, u), orderNo: orderNo(), amountFen: 500 });
    await refund(local, m, b.body.id, { refundNo: orderNo("rf"), amountFen: 2_000 });

    const day1 = await signedGet(local, m, "/v1/merchant/statements?date=2026-11-24");
    expect(day1.status).toBe(200);
    expect(day1.body.totals).toEqual({ settlementCount: 2, settledFen: 12_000, refundCount: 1, refundedFen: 3_000, netFen: 9_000 });
    const day2 = await signedGet(local, m, "/v1/merchant/statements?date=2026-11-25");
    expect(day2.body.totals).toEqual({ settlementCount: 1, settledFen: 500, refundCount: 1, refundedFen: 2_000, netFen: -1_500 });

    for (const [day, body] of [
      ["2026-11-24", day1.body],
      ["2026-11-25", day2.body],
    ] as const) {
      const from = new Date(`${day}T00:00:00+08:00`);
      const to = new Date(from.getTime() + 86_400_000);
      const [row] = rowsOf<{ s: string }>(
        await local.db.execute(sql`select coalesce(sum(amount), 0)::text as s from journal_entries
          where account_id = ${pools.merchantSettlement(m.merchantId)} and business_at >= ${from.toISOString()}::timestamptz and business_at < ${to.toISOString()}::timestamptz`),
      );
      expect(body.totals.netFen).toBe(Number(row!.s));
      expect(body.ledger).toEqual({ accountId: pools.merchantSettlement(m.merchantId), netFen: Number(row!.s), reconciled: true });
    }
    expect(day1.body.settlements.map((s: { id: string }) => s.id)).toEqual([a.body.id, b.body.id]);
    expect(day1.body.settlements[0].patientMaskedName).toContain("*");
    expect((await signedGet(local, m, "/v1/merchant/statements?date=2026-02-30")).status).toBe(400);
    expect((await signedGet(local, m, "/v1/merchant/statements?date=20261124")).status).toBe(400);
    const other = await newMerchant(local);
    expect((await signedGet(local, other, "/v1/merchant/statements?date=2026-11-24")).body.totals.settlementCount).toBe(0);
  });
});
