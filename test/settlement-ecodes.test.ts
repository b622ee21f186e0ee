import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "../src/lib/rows";
import { setWalletStatus } from "../src/modules/wallet/wallet.repo";
import { createTestApp } from "./support/app";
import { family } from "./support/family";
import { verifiedUser } from "./support/people";
import { charge, ecode, newMerchant, orderNo } from "./support/merchants";
import { balances, walletUser } from "./support/wallets";

const t = await createTestApp();

describe("e-codes", () => {
  it("issues a one-time code valid for 60 s of business time; needs a session and an open wallet", async () => {
    const u = await walletUser(t);
    const r = await t.api("POST", "/v1/ecodes", { token: u.token });
    expect(r.status).toBe(201);
    expect(r.body.code).toMatch(/^[2-9A-HJKMNP-Z]{24}$/);
    expect(r.body.walletId).toBe(u.walletId);
    expect(new Date(r.body.expiresAt).getTime() - t.clock.now().getTime()).toBe(60_000);
    expect((await t.api("POST", "/v1/ecodes")).status).toBe(401);
    const noWallet = await verifiedUser(t);
    expect((await t.api("POST", "/v1/ecodes", { token: noWallet.token })).body.code).toBe("WALLET_NOT_OPEN");
  });

  it("stores only a keyed hash of the code", async () => {
    const u = await walletUser(t);
    const code = await ecode(t, u);
    const rows = rowsOf<{ code_hash: string }>(await t.db.execute(sql`select code_hash from ecodes where wallet_id = ${u.walletId}`));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.code_hash).not.toContain(code);
    expect(rows[0]!.code_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("a guardian gets a code for the ward's wallet; anyone else gets 404", async () => {
    const { user, relative: child } = await family(t, "child", { relativeBirth: "2015-04-20", relativeInsurance: "resident" });
    const bound = await t.api("POST", "/v1/relatives/minors", {
      token: user.token,
      body: { relation: "child", name: child.name, idNumber: child.idNumber },
    });
    const ward = await t.api("POST", `/v1/relatives/${bound.body.binding.bindingId}/wallet`, {
      token: user.token,
      body: { agreementVersion: "2024.12", commitmentVersion: "2024.12", faceToken: `face-ok:${user.idNumber}`, paymentPassword: "258036" },
    });
    expect(ward.status).toBe(201);
    const wardWalletId = ward.body.wallet.id;
    const r = await t.api("POST", "/v1/ecodes", { token: user.token, body: { walletId: wardWalletId } });
    expect(r.status).toBe(201);
    expect(r.body.walletId).toBe(wardWalletId);
    const m = await newMerchant(t);
    const paid = await charge(t, m, { ecode: r.body.code, orderNo: orderNo(), amountFen: 100 });
    expect(paid.body.code).toBe("INSUFFICIENT_FUNDS"); // the ward's empty wallet, not the guardian's
    const stranger = await walletUser(t);
    const other = await t.api("POST", "/v1/ecodes", { token: stranger.token, body: { walletId: wardWalletId } });
    expect(other.status).toBe(404);
  });

  it("refuses a frozen wallet (WALLET_NOT_ACTIVE)", async () => {
    const u = await walletUser(t);
    await setWalletStatus(t.db, u.walletId, "active", "frozen", "test");
    const r = await t.api("POST", "/v1/ecodes", { token: u.token });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe("WALLET_NOT_ACTIVE");
  });

  it("expires after 60 s (ECODE_INVALID) and the job marks it expired", async () => {
    const local = await createTestApp();
    const u = await walletUser(local);
    const m = await newMerchant(local);
    const code = await ecode(local, u);
    local.clock.set(new Date(local.clock.now().getTime() + 60_000));
    const late = await charge(local, m, { ecode: code, orderNo: orderNo(), amountFen: 100 });
    expect(late.status).toBe(422);
    expect(late.body.code).toBe("ECODE_INVALID");
    const jobs = await local.api("POST", "/v1/sandbox/jobs/run");
    expect(jobs.body.ran).toContainEqual({ name: "ecode-expiry", processed: 1 });
    expect((await balances(local, u)).ownFen).toBe(100_000);
  });
});

describe("merchant directory", () => {
  it("lists seeded institutions by region, name and acceptance, without a session", async () => {
    const all = await t.api("GET", "/v1/merchants?regionCode=320500");
    expect(all.status).toBe(200);
    expect(all.body.items).toContainEqual(
      expect.objectContaining({ name: "苏州大学附属第一医院", regionCode: "320500", kind: "hospital", acceptsWallet: true }),
    );
    const q = await t.api("GET", `/v1/merchants?regionCode=320500&q=${encodeURIComponent("药")}`);
    expect(q.body.items.length).toBeGreaterThan(0);
    expect(q.body.items.every((m: { name: string }) => m.name.includes("药"))).toBe(true);
    const not = await t.api("GET", "/v1/merchants?regionCode=440300&acceptsWallet=false");
    expect(not.body.items.length).toBeGreaterThan(0);
    expect(not.body.items.every((m: { acceptsWallet: boolean }) => !m.acceptsWallet)).toBe(true);
    const accepting = await t.api("GET", "/v1/merchants?regionCode=440300&acceptsWallet=true");
    expect(accepting.body.items).toEqual([]);
    const wildcard = await t.api("GET", `/v1/merchants?q=${encodeURIComponent("%")}`);
    expect(wildcard.body.items).toEqual([]);
    expect((await t.api("GET", "/v1/merchants?regionCode=32")).status).toBe(400);
  });

  it("registers sandbox merchants and refuses unknown regions", async () => {
    const m = await newMerchant(t, { regionCode: "510100", kind: "pharmacy", name: `成都测试药房${Date.now()}` });
    expect(m.keyId).toMatch(/^mk_/);
    const found = await t.api("GET", `/v1/merchants?regionCode=510100&q=${encodeURIComponent(m.name)}`);
    expect(found.body.items).toEqual([{ id: m.merchantId, name: m.name, regionCode: "510100", kind: "pharmacy", acceptsWallet: true }]);
    const bad = await t.api("POST", "/v1/sandbox/merchants", { body: { name: "某医院", regionCode: "999999" } });
    expect(bad.body.code).toBe("REGION_UNKNOWN");
  });

  it("has no sandbox merchant route when sandbox mode is off", async () => {
    const prod = await createTestApp({ config: { SANDBOX: "0" } });
    const r = await prod.api("POST", "/v1/sandbox/merchants", { body: { name: "某医院", regionCode: "320500" } });
    expect(r.status).toBe(404);
    expect((await prod.api("GET", "/v1/merchants?regionCode=320500")).status).toBe(200);
  });
});
