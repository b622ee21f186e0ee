import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { journalEntries, premiumPayments } from "../src/db/schema";
import { rowsOf } from "../src/lib/rows";
import { pools } from "../src/modules/ledger/ledger.accounts";
import { setWalletStatus } from "../src/modules/wallet/wallet.repo";
import { createTestApp } from "./support/app";
import { enrolments, pay, resident } from "./support/premiums";
import { balances, ledgerOk, PIN, walletUser } from "./support/wallets";

const t = await createTestApp();

describe("quote", () => {
  it("gives the region's amount and window for the year being collected, and whether it is paid", async () => {
    const u = await resident(t, 0);
    const q = await t.api("GET", "/v1/premiums/quote?beneficiary=self", { token: u.token });
    expect(q.status).toBe(200);
    expect(q.body).toMatchObject({
      kind: "resident_medical",
      year: 2027,
      regionCode: "320500",
      amountFen: 40_000,
      window: { start: "2026-09-01", end: "2026-12-31" },
      open: true,
      alreadyPaid: false,
      receipt: null,
    });
    expect(q.body.beneficiary.maskedName).toContain("*");
    const past = await t.api("GET", "/v1/premiums/quote?year=2026", { token: u.token });
    expect(past.body).toMatchObject({ year: 2026, open: false, window: { start: "2025-09-01", end: "2026-02-28" } });
    const ltc = await t.api("GET", "/v1/premiums/quote?kind=long_term_care&year=2027", { token: u.token });
    expect(ltc.body).toMatchObject({ kind: "long_term_care", amountFen: 5_000, open: true });
    expect((await t.api("GET", "/v1/premiums/quote?year=2031", { token: u.token })).body.code).toBe("PREMIUM_NOT_OFFERED");
    expect((await t.api("GET", "/v1/premiums/quote?beneficiary=me", { token: u.token })).status).toBe(400);
    expect((await t.api("GET", "/v1/premiums/quote")).status).toBe(401);
  });

  it("offers long-term care only where a region has it; employees are not quoted", async () => {
    const nanjing = await resident(t, 0, { regionCode: "320100" });
    const r = await t.api("GET", "/v1/premiums/quote?kind=long_term_care", { token: nanjing.token });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe("PREMIUM_NOT_OFFERED");
    const baoding = await resident(t, 0, { regionCode: "130600" });
    expect((await t.api("GET", "/v1/premiums/quote?kind=long_term_care", { token: baoding.token })).body.amountFen).toBe(5_000);
    const emp = await walletUser(t);
    const e = await t.api("GET", "/v1/premiums/quote", { token: emp.token });
    expect(e.body.code).toBe("PREMIUM_NOT_APPLICABLE");
  });
});

describe("paying for oneself", () => {
  it("pays from received funds, issues a receipt, books the region's collection and tells the registry", async () => {
    const u = await resident(t, 50_000);
    const r = await pay(t, u.token, { beneficiary: "self", year: 2027 });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      kind: "resident_medical",
      year: 2027,
      regionCode: "320500",
      amountFen: 40_000,
      paidFrom: { receivedFen: 40_000, ownFen: 0 },
    });
    expect(r.body.receiptNo).toMatch(/^PM20261124\d{10}$/);
    expect(r.body.beneficiary.maskedName).toContain("*");
    expect(JSON.stringify(r.body)).not.toContain(u.name);
    expect(await balances(t, u)).toMatchObject({ receivedFen: 10_000 });
    const q = await t.api("GET", "/v1/premiums/quote", { token: u.token });
    expect(q.body).toMatchObject({ alreadyPaid: true, receipt: { receiptNo: r.body.receiptNo, amountFen: 40_000 } });
    expect((await enrolments(t, u.idNumber)).map((e) => [e.kind, e.year, e.receiptNo])).toEqual([
      ["resident_medical", 2027, r.body.receiptNo],
    ]);
    const [row] = await t.db.select().from(premiumPayments).where(eq(premiumPayments.id, r.body.id));
    expect(row!.registryRecordedAt).not.toBeNull();
    const entries = await t.db.select().from(journalEntries).where(eq(journalEntries.transactionId, row!.journalTransactionId));
    expect(entries.find((e) => e.accountId === pools.premiumCollection("320500"))?.amount).toBe(40_000);
    const audit = rowsOf<{ action: string }>(await t.db.execute(sql`select action from audit_log where subject_id = ${r.body.id}`));
    expect(audit.map((a) => a.action)).toEqual(["premium.pay"]);
    expect((await ledgerOk(t)).ok).toBe(true);
  });

  it("replays the same Idempotency-Key, refuses it with another body, and refuses a second payment with the first receipt", async () => {
    const u = await resident(t, 50_000);
    const key = `same-${u.personId}`;
    const first = await pay(t, u.token, { beneficiary: "self", year: 2027 }, key);
    const again = await pay(t, u.token, { beneficiary: "self", year: 2027 }, key);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const other = await pay(t, u.token, { beneficiary: "self", year: 2027, kind: "long_term_care" }, key);
    expect(other.body.code).toBe("IDEMPOTENCY_KEY_REUSED");
    const second = await pay(t, u.token, { beneficiary: "self", year: 2027 });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({
      code: "PREMIUM_ALREADY_PAID",
      receipt: {
        receiptNo: first.body.receiptNo,
        amountFen: 40_000,
        paidAt: first.body.paidAt,
        payer: { maskedName: first.body.payer.maskedName },
      },
    });
    const noKey = await t.api("POST", "/v1/premiums/payments", {
      token: u.token,
      body: { beneficiary: "self", year: 2027, paymentPassword: PIN },
    });
    expect(noKey.status).toBe(400);
    expect(noKey.body.code).toBe("IDEMPOTENCY_KEY_REQUIRED");
    expect((await balances(t, u)).receivedFen).toBe(10_000);
  });

  it("long-term care is a separate premium with its own schedule", async () => {
    const u = await resident(t, 50_000);
    expect((await pay(t, u.token, { beneficiary: "self", year: 2027 })).status).toBe(201);
    const ltc = await pay(t, u.token, { beneficiary: "self", year: 2027, kind: "long_term_care" });
    expect(ltc.status).toBe(201);
    expect(ltc.body).toMatchObject({ kind: "long_term_care", amountFen: 5_000 });
    expect((await balances(t, u)).receivedFen).toBe(5_000);
    const nanjing = await resident(t, 10_000, { regionCode: "320100" });
    expect((await pay(t, nanjing.token, { beneficiary: "self", year: 2027, kind: "long_term_care" })).body.code).toBe(
      "PREMIUM_NOT_OFFERED",
    );
  });

  it("refuses outside the collection window (PREMIUM_WINDOW_CLOSED) and for employees (PREMIUM_NOT_APPLICABLE)", async () => {
    const u = await resident(t, 50_000);
    const closed = await pay(t, u.token, { beneficiary: "self", year: 2026 });
    expect(closed.status).toBe(422);
    expect(closed.body).toMatchObject({ code: "PREMIUM_WINDOW_CLOSED", window: { start: "2025-09-01", end: "2026-02-28" } });
    const emp = await walletUser(t);
    expect((await pay(t, emp.token, { beneficiary: "self", year: 2027 })).body.code).toBe("PREMIUM_NOT_APPLICABLE");
    const later = await createTestApp({ now: "2027-01-05T10:00:00+08:00" });
    const v = await resident(later, 50_000);
    expect((await pay(later, v.token, { beneficiary: "self", year: 2027 })).body.code).toBe("PREMIUM_WINDOW_CLOSED");
  });

  it("refuses a wrong PIN, a frozen wallet and too little money, paying nothing", async () => {
    const u = await resident(t, 50_000);
    const wrong = await pay(t, u.token, { beneficiary: "self", year: 2027, paymentPassword: "147036" });
    expect(wrong.body).toMatchObject({ code: "PASSWORD_WRONG", remainingAttempts: 4 });
    const poor = await resident(t, 39_999);
    expect((await pay(t, poor.token, { beneficiary: "self", year: 2027 })).body.code).toBe("INSUFFICIENT_FUNDS");
    await setWalletStatus(t.db, u.walletId, "active", "frozen", "test");
    const frozen = await pay(t, u.token, { beneficiary: "self", year: 2027 });
    expect(frozen.status).toBe(422);
    expect(frozen.body.code).toBe("WALLET_NOT_ACTIVE");
    for (const p of [u, poor]) expect((await t.api("GET", "/v1/premiums/quote", { token: p.token })).body.alreadyPaid).toBe(false);
  });
});
