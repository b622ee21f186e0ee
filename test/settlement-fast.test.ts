import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { encryptText, hmacHex } from "../src/lib/crypto";
import { rowsOf } from "../src/lib/rows";
import { signedHeaders } from "../src/lib/signing";
import { apiKeys } from "../src/modules/platform/platform.schema";
import { canonicalJson } from "../src/modules/platform/idempotency";
import { ecodeHash } from "../src/modules/settlement/ecode.service";
import { settle } from "../src/modules/settlement/settlement.service";
import { creditPersonalAccount } from "../src/modules/wallet/credits.service";
import { createTestApp, type TestApp } from "./support/app";
import { charge, ecode, giveReceivedFunds, newMerchant, orderNo, type Merchant } from "./support/merchants";
import { regionKey, signedCall } from "./support/signed";
import { balances, ledgerOk, walletUser, type WalletUser } from "./support/wallets";

// Settlement and credit, each written once: what they write, their replays and refusals, and the
// signature check with a cached secret keeps revocation, rotation and the nonce rule.
const t = await createTestApp();

type Row = Record<string, unknown>;

async function rows(q: ReturnType<typeof sql>): Promise<Row[]> {
  return rowsOf<Row>(await t.db.execute(q));
}

/** Everything one settlement wrote, with its own ids replaced by names so two can be compared. */
async function settlementFootprint(settlementId: string, u: WalletUser) {
  const [s] = await rows(sql`select * from settlements where id = ${settlementId}`);
  const w = (await rows(sql`select own_account_id, received_account_id from wallets where id = ${u.walletId}`))[0]!;
  const names: [unknown, string][] = [
    [s!.id, "SETTLEMENT"],
    [s!.journal_transaction_id, "TX"],
    [s!.ecode_id, "ECODE"],
    [s!.order_no, "ORDER"],
    [s!.request_hash, "HASH"],
    [s!.patient_masked_name, "NAME"],
    [u.walletId, "WALLET"],
    [w.own_account_id, "OWN"],
    [w.received_account_id, "RECEIVED"],
  ];
  const tx = await rows(
    sql`select kind, reference, reverses_id, business_at, memo, metadata from journal_transactions where id = ${s!.journal_transaction_id}`,
  );
  const entries = await rows(sql`
    select account_id, amount::text, balance_before::text, balance_after::text, account_version::text, business_at
    from journal_entries where transaction_id = ${s!.journal_transaction_id} order by id`);
  const audit = await rows(
    sql`select at, actor_type, actor_id, action, subject_type, subject_id, details from audit_log where subject_id = ${settlementId}`,
  );
  const code = await rows(sql`select status, used_at, settlement_id, wallet_id from ecodes where id = ${s!.ecode_id}`);
  const accounts = await rows(
    sql`select id, balance::text, version::text from ledger_accounts where id in (${w.own_account_id}, ${w.received_account_id}) order by kind`,
  );
  const { id: _id, ...settlement } = s!;
  let text = JSON.stringify({ settlement, tx, entries, audit, code, accounts });
  for (const [v, name] of names) text = text.split(String(v)).join(name);
  return JSON.parse(text);
}

async function settlementHashes(t: TestApp, input: { ecode: string; orderNo: string; amountFen: number }) {
  const ctx = t.ctx();
  return [
    await hmacHex(ctx.config.secrets.lookupHmac, canonicalJson({ ...input, ecode: input.ecode.trim().toUpperCase() })),
    await ecodeHash(ctx, input.ecode),
  ] as const;
}

describe("settlement (one implementation)", () => {
  it("own funds first, then received, across regions: one posting with the clearing pair, the e-code spent, one audit row", async () => {
    const m = await newMerchant(t, { regionCode: "110000" });
    const u = await walletUser(t, { personalAccountFen: 5_000 });
    await giveReceivedFunds(t, u, 3_000);
    const input = { ecode: await ecode(t, u), orderNo: orderNo("eq"), amountFen: 6_500 };
    const r = await settle(t.ctx(), m.merchantId, input);
    expect(r.status).toBe(201);
    expect(r.body.paidFrom).toEqual({ receivedFen: 1_500, ownFen: 5_000, quotaFen: 0 });
    const fp = await settlementFootprint(r.body.id, u);
    expect(fp.tx).toMatchObject([{ kind: "medical_settlement", reference: "ORDER" }]);
    expect(fp.entries.map((e: Row) => [e.account_id, e.amount, e.balance_before, e.balance_after])).toEqual([
      ["OWN", "-5000", "5000", "0"],
      ["RECEIVED", "-1500", "3000", "1500"],
      [`pool:merchant_settlement:${m.merchantId}`, "6500", null, null],
      ["pool:clearing:320500:110000", "6500", null, null],
      ["pool:clearing:110000:320500", "-6500", null, null],
    ]);
    expect(fp.audit).toHaveLength(1);
    expect(fp.code).toMatchObject([{ status: "used", settlement_id: "SETTLEMENT", wallet_id: "WALLET" }]);
    expect((await ledgerOk(t)).ok).toBe(true);
  });

  it("replays an order, and answers every refusal with its code, writing nothing", async () => {
    const u = await walletUser(t, { personalAccountFen: 1_000 });
    const m = await newMerchant(t);
    const input = { ecode: await ecode(t, u), orderNo: orderNo("rp"), amountFen: 400 };
    const first = await settle(t.ctx(), m.merchantId, input);
    expect(first.status).toBe(201);
    expect(await settle(t.ctx(), m.merchantId, input)).toEqual({ status: 200, body: first.body });
    await expect(settle(t.ctx(), m.merchantId, { ...input, amountFen: 401 })).rejects.toMatchObject({ code: "IDEMPOTENCY_KEY_REUSED" });
    const before = await balances(t, u);
    await expect(settle(t.ctx(), m.merchantId, { ...input, orderNo: orderNo("rp") })).rejects.toMatchObject({ code: "ECODE_INVALID" });
    const fresh = { ecode: await ecode(t, u), orderNo: orderNo("rp"), amountFen: 601 };
    await expect(settle(t.ctx(), m.merchantId, fresh)).rejects.toMatchObject({ code: "INSUFFICIENT_FUNDS" });
    await expect(settle(t.ctx(), "no-such-merchant", fresh)).rejects.toMatchObject({ code: "FORBIDDEN" });
    const closed = await newMerchant(t, { acceptsWallet: false });
    await expect(settle(t.ctx(), closed.merchantId, fresh)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await balances(t, u)).toEqual(before);
    const [, c2] = await settlementHashes(t, fresh);
    const [code] = await rows(sql`select status from ecodes where code_hash = ${c2}`);
    expect(code!.status).toBe("active");
  });

  it("concurrent settlements with one e-code pay once; with one order number, once", async () => {
    const u = await walletUser(t, { personalAccountFen: 10_000 });
    const m = await newMerchant(t);
    const code = await ecode(t, u);
    const sameCode = await Promise.all(
      Array.from({ length: 10 }, () => charge(t, m, { ecode: code, orderNo: orderNo("sc"), amountFen: 100 })),
    );
    expect(sameCode.map((r) => r.status).sort()).toEqual([201, ...Array(9).fill(422)]);
    expect(sameCode.filter((r) => r.status === 422).every((r) => r.body.code === "ECODE_INVALID")).toBe(true);

    const no = orderNo("so");
    const codes = await Promise.all(Array.from({ length: 10 }, () => ecode(t, u)));
    const sameOrder = await Promise.all(codes.map((c) => charge(t, m, { ecode: c, orderNo: no, amountFen: 100 })));
    expect(sameOrder.map((r) => r.status).sort()).toEqual([201, ...Array(9).fill(422)]);
    expect(sameOrder.filter((r) => r.status === 422).every((r) => r.body.code === "IDEMPOTENCY_KEY_REUSED")).toBe(true);

    const body = { ecode: await ecode(t, u), orderNo: orderNo("sr"), amountFen: 100 };
    const retries = await Promise.all(Array.from({ length: 10 }, () => charge(t, m, body)));
    expect(retries.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(retries.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect((await balances(t, u)).ownFen).toBe(9_700);
    expect((await ledgerOk(t)).ok).toBe(true);
  });
});

describe("one-statement credit", () => {
  async function creditFootprint(walletId: string, reference: string) {
    const [c] = await rows(sql`select * from personal_account_credits where reference = ${reference}`);
    const [w] = await rows(sql`select own_account_id from wallets where id = ${walletId}`);
    const tx = await rows(
      sql`select kind, reference, reverses_id, business_at, memo, metadata from journal_transactions where id = ${c!.journal_transaction_id}`,
    );
    const entries = await rows(sql`
      select account_id, amount::text, balance_before::text, balance_after::text, account_version::text, business_at
      from journal_entries where transaction_id = ${c!.journal_transaction_id} order by id`);
    const audit = await rows(
      sql`select at, actor_type, actor_id, action, subject_type, details from audit_log where action = 'wallet.credit' and subject_id = ${walletId}`,
    );
    const { id: _id, ...credit } = c!;
    let text = JSON.stringify({ credit, tx, entries, audit });
    for (const [v, name] of [
      [c!.journal_transaction_id, "TX"],
      [reference, "REF"],
      [c!.request_hash, "HASH"],
      [walletId, "WALLET"],
      [w!.own_account_id, "OWN"],
    ]) {
      text = text.split(String(v)).join(String(name));
    }
    return JSON.parse(text);
  }

  it("credits own funds in one posting with one audit row, replays, and refuses with exact codes", async () => {
    const u = await walletUser(t, { personalAccountFen: 2_000 });
    const input = { idNumber: u.idNumber, amountFen: 12_345, period: "2026-11", reference: orderNo("cr") };
    const ctx = t.ctx();
    const r = await creditPersonalAccount(ctx, "320500", input);
    expect(r.status).toBe(201);
    expect(await creditPersonalAccount(ctx, "320500", input)).toEqual({ status: 200, body: r.body });
    await expect(creditPersonalAccount(ctx, "320500", { ...input, amountFen: 1 })).rejects.toMatchObject({
      code: "IDEMPOTENCY_KEY_REUSED",
    });
    await expect(creditPersonalAccount(ctx, "130100", { ...input, reference: orderNo("cr") })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await balances(t, u)).ownFen).toBe(14_345);
    const fp = await creditFootprint(u.walletId, input.reference);
    expect(fp.tx).toMatchObject([{ kind: "personal_account_credit", reference: "REF" }]);
    expect(fp.entries.map((e: Row) => [e.account_id, e.amount, e.balance_before, e.balance_after, e.account_version])).toEqual([
      ["pool:personal_account_fund:320500", "-12345", null, null, null],
      ["OWN", "12345", "2000", "14345", "2"],
    ]);
    expect(fp.audit).toHaveLength(1);
    expect((await ledgerOk(t)).ok).toBe(true);
  });

  it("concurrent credits with one reference credit once; credits and settlements on one wallet add up", async () => {
    const u = await walletUser(t, { personalAccountFen: 1_000 });
    const key = await regionKey(t, "320500");
    const path = "/v1/integration/personal-account-credits";
    const body = { idNumber: u.idNumber, amountFen: 500, period: "2026-11", reference: orderNo("cc") };
    const same = await Promise.all(Array.from({ length: 10 }, () => signedCall(t, key, "POST", path, body)));
    expect(same.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(same.map((r) => JSON.stringify(r.body))).size).toBe(1);

    const m = await newMerchant(t);
    const codes = await Promise.all(Array.from({ length: 20 }, () => ecode(t, u)));
    const ops: Promise<{ status: number }>[] = [];
    for (let i = 0; i < 20; i++) {
      ops.push(signedCall(t, key, "POST", path, { ...body, amountFen: 100, reference: orderNo("cm") }));
      ops.push(charge(t, m, { ecode: codes[i]!, orderNo: orderNo("cm"), amountFen: 150 }));
    }
    const results = await Promise.all(ops);
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect((await balances(t, u)).ownFen).toBe(1_000 + 500 + 20 * 100 - 20 * 150);
    expect((await ledgerOk(t)).ok).toBe(true);
  });
});

describe("signature check with a cached secret", () => {
  const SETTLE = "/v1/merchant/settlements";

  async function warm(m: Merchant, u: WalletUser) {
    const r = await charge(t, m, { ecode: await ecode(t, u), orderNo: orderNo("w"), amountFen: 1 });
    expect(r.status).toBe(201);
  }

  async function nonces(keyId: string) {
    return Number((await rows(sql`select count(*)::int as n from request_nonces where key_id = ${keyId}`))[0]!.n);
  }

  it("a revoked key is refused at once, a forged signature burns no nonce, a replayed nonce is 409", async () => {
    const u = await walletUser(t);
    const m = await newMerchant(t);
    await warm(m, u);
    const raw = JSON.stringify({ ecode: await ecode(t, u), orderNo: orderNo("f"), amountFen: 1 });
    const h = await signedHeaders(m.keyId, m.secret, "POST", SETTLE, raw);
    const n0 = await nonces(m.keyId);
    const forged = await t.api("POST", SETTLE, { raw, headers: { ...h, "x-signature": "0".repeat(64) } });
    expect(forged.body.code).toBe("SIGNATURE_INVALID");
    expect(await nonces(m.keyId)).toBe(n0);
    expect((await t.api("POST", SETTLE, { raw, headers: h })).status).toBe(201);
    const replayed = await t.api("POST", SETTLE, { raw, headers: h });
    expect([replayed.status, replayed.body.code]).toEqual([409, "REPLAYED_NONCE"]);

    // A region's key on a merchant route is unknown there, cached or not.
    const rk = await regionKey(t, "320500");
    const credit = await signedCall(t, rk, "POST", "/v1/integration/personal-account-credits", {
      idNumber: u.idNumber,
      amountFen: 1,
      period: "2026-11",
      reference: orderNo("k"),
    });
    expect(credit.status).toBe(201);
    const wrongKind = await signedCall(t, rk, "POST", SETTLE, { ecode: await ecode(t, u), orderNo: orderNo("k"), amountFen: 1 });
    expect([wrongKind.status, wrongKind.body.code]).toEqual([401, "SIGNATURE_INVALID"]);

    await t.db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.keyId, m.keyId));
    const n1 = await nonces(m.keyId);
    const revoked = await charge(t, m, { ecode: await ecode(t, u), orderNo: orderNo("r"), amountFen: 1 });
    expect([revoked.status, revoked.body.code]).toEqual([401, "SIGNATURE_INVALID"]);
    expect(await nonces(m.keyId)).toBe(n1);
  });

  it("a rotated secret is a miss: the old secret is refused, the new one accepted", async () => {
    const u = await walletUser(t);
    const m = await newMerchant(t);
    await warm(m, u);
    const secret = "rotated-secret-0123456789abcdefghijklmnop";
    await t.db
      .update(apiKeys)
      .set({ secretEnc: await encryptText(t.config.secrets.encryption, secret) })
      .where(eq(apiKeys.keyId, m.keyId));
    const n0 = await nonces(m.keyId);
    const old = await charge(t, m, { ecode: await ecode(t, u), orderNo: orderNo("o"), amountFen: 1 });
    expect([old.status, old.body.code]).toEqual([401, "SIGNATURE_INVALID"]);
    expect(await nonces(m.keyId)).toBe(n0);
    const fresh = await charge(t, { ...m, secret }, { ecode: await ecode(t, u), orderNo: orderNo("n"), amountFen: 1 });
    expect(fresh.status).toBe(201);
    expect(await nonces(m.keyId)).toBe(n0 + 1);
  });
});
