import { describe, expect, it } from "vitest";
import { createTestApp } from "./support/app";
import { login, verifiedUser } from "./support/people";
import { regionKey, signedCall } from "./support/signed";
import { AGREEMENT, balances, ledgerOk, openWallet, PIN, walletUser } from "./support/wallets";

const t = await createTestApp();

describe("opening a wallet", () => {
  it("books an employee's personal-account balance as own funds from the region fund", async () => {
    const u = await verifiedUser(t, { insurance: "employee", personalAccountFen: 523_000 });
    const r = await t.api("POST", "/v1/wallet", {
      token: u.token,
      body: { agreementVersion: AGREEMENT, faceToken: `face-ok:${u.idNumber}`, paymentPassword: PIN, phone: "13912345678" },
    });
    expect(r.status).toBe(201);
    expect(r.body.wallet).toMatchObject({
      status: "active",
      regionCode: "320500",
      usageRegionCode: "320500",
      hasOwnFunds: true,
      openedBy: "self",
    });
    expect(r.body.wallet.balances).toEqual({ ownFen: 523_000, receivedFen: 0, heldFen: 0, totalFen: 523_000 });
    const me = await t.api("GET", "/v1/me", { token: u.token });
    expect(me.body.wallet.id).toBe(r.body.wallet.id);
    const entries = await t.api("GET", "/v1/wallet/entries", { token: u.token });
    expect(entries.body.items).toEqual([
      expect.objectContaining({ kind: "wallet_opening", amountFen: 523_000, balanceKind: "own", counterparty: "个人账户" }),
    ]);
    expect((await ledgerOk(t)).ok).toBe(true);
  });

  it("opens a resident's wallet with no own funds", async () => {
    const u = await verifiedUser(t, { insurance: "resident" });
    await openWallet(t, u);
    const w = await t.api("GET", "/v1/wallet", { token: u.token });
    expect(w.body).toMatchObject({ hasOwnFunds: false, balances: { ownFen: 0, receivedFen: 0, heldFen: 0, totalFen: 0 } });
  });

  it("accepts a usage region and refuses an unknown one", async () => {
    const u = await verifiedUser(t);
    const bad = await t.api("POST", "/v1/wallet", {
      token: u.token,
      body: { agreementVersion: AGREEMENT, faceToken: `face-ok:${u.idNumber}`, paymentPassword: PIN, usageRegionCode: "999999" },
    });
    expect(bad.body.code).toBe("REGION_UNKNOWN");
    const ok = await t.api("POST", "/v1/wallet", {
      token: u.token,
      body: { agreementVersion: AGREEMENT, faceToken: `face-ok:${u.idNumber}`, paymentPassword: PIN, usageRegionCode: "320100" },
    });
    expect(ok.body.wallet.usageRegionCode).toBe("320100");
  });

  it("requires real-name verification first", async () => {
    const r = await t.api("POST", "/v1/wallet", {
      token: await login(t),
      body: { agreementVersion: AGREEMENT, faceToken: "x", paymentPassword: PIN },
    });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe("REAL_NAME_REQUIRED");
  });

  it("a closed wallet is not opened again online (409 WALLET_CLOSED, said as closed, not as open)", async () => {
    const u = await walletUser(t, { personalAccountFen: 0 });
    const closed = await t.api("POST", "/v1/wallet/close", { token: u.token, body: { paymentPassword: PIN } });
    expect(closed.status).toBe(200);
    const r = await t.api("POST", "/v1/wallet", {
      token: u.token,
      body: { agreementVersion: AGREEMENT, faceToken: `face-ok:${u.idNumber}`, paymentPassword: PIN },
    });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe("WALLET_CLOSED");
    expect(r.body.detail).toContain("已注销");
  });

  it("refuses a second wallet (409 WALLET_ALREADY_OPEN)", async () => {
    const u = await walletUser(t);
    const r = await t.api("POST", "/v1/wallet", {
      token: u.token,
      body: { agreementVersion: AGREEMENT, faceToken: `face-ok:${u.idNumber}`, paymentPassword: PIN },
    });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe("WALLET_ALREADY_OPEN");
  });

  it("refuses a failed face check, an old agreement and malformed PINs", async () => {
    const u = await verifiedUser(t);
    const face = await t.api("POST", "/v1/wallet", {
      token: u.token,
      body: { agreementVersion: AGREEMENT, faceToken: "face-bad", paymentPassword: PIN },
    });
    expect(face.body.code).toBe("FACE_CHECK_FAILED");
    const agr = await t.api("POST", "/v1/wallet", {
      token: u.token,
      body: { agreementVersion: "2020.01", faceToken: `face-ok:${u.idNumber}`, paymentPassword: PIN },
    });
    expect(agr.body.code).toBe("AGREEMENT_OUTDATED");
    const fmt = await t.api("POST", "/v1/wallet", {
      token: u.token,
      body: { agreementVersion: AGREEMENT, faceToken: `face-ok:${u.idNumber}`, paymentPassword: "12345" },
    });
    expect(fmt.status).toBe(400);
  });

  it.each([
    ["123456", "sequential"],
    ["987654", "sequential"],
    ["888888", "repeated"],
  ])("refuses the weak PIN %s (%s)", async (pin, reason) => {
    const u = await verifiedUser(t);
    const r = await t.api("POST", "/v1/wallet", {
      token: u.token,
      body: { agreementVersion: AGREEMENT, faceToken: `face-ok:${u.idNumber}`, paymentPassword: pin },
    });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ code: "PASSWORD_WEAK", reason });
  });

  it("refuses the birth date as PIN", async () => {
    const u = await verifiedUser(t, { birthDate: "1985-07-14" });
    const r = await t.api("POST", "/v1/wallet", {
      token: u.token,
      body: { agreementVersion: AGREEMENT, faceToken: `face-ok:${u.idNumber}`, paymentPassword: "850714" },
    });
    expect(r.body).toMatchObject({ code: "PASSWORD_WEAK", reason: "birth_date" });
  });

  it("answers 404 WALLET_NOT_OPEN before opening", async () => {
    const u = await verifiedUser(t);
    const r = await t.api("GET", "/v1/wallet", { token: u.token });
    expect(r.status).toBe(404);
    expect(r.body.code).toBe("WALLET_NOT_OPEN");
  });
});

describe("payment PIN", () => {
  it("counts wrong PINs, locks for 24 h after five and unlocks after", async () => {
    const u = await walletUser(t);
    for (let i = 1; i <= 4; i++) {
      const r = await t.api("PUT", "/v1/wallet/password", { token: u.token, body: { oldPassword: "147258", newPassword: "369147" } });
      expect(r.status).toBe(422);
      expect(r.body).toMatchObject({ code: "PASSWORD_WRONG", remainingAttempts: 5 - i });
    }
    const fifth = await t.api("PUT", "/v1/wallet/password", { token: u.token, body: { oldPassword: "147258", newPassword: "369147" } });
    expect(fifth.status).toBe(423);
    expect(fifth.body.code).toBe("PASSWORD_LOCKED");
    const lockedUntil = new Date(fifth.body.lockedUntil).getTime();
    expect(lockedUntil - t.clock.now().getTime()).toBe(24 * 3600_000);
    const right = await t.api("PUT", "/v1/wallet/password", { token: u.token, body: { oldPassword: PIN, newPassword: "369147" } });
    expect(right.status).toBe(423);
    t.clock.set(new Date(lockedUntil + 1000));
    const after = await t.api("PUT", "/v1/wallet/password", { token: u.token, body: { oldPassword: PIN, newPassword: "369147" } });
    expect(after.status).toBe(204);
    const again = await t.api("PUT", "/v1/wallet/password", { token: u.token, body: { oldPassword: "369147", newPassword: "502816" } });
    expect(again.status).toBe(204);
  });

  it("stores the PIN as a salted hash keyed by PIN_KEY", async () => {
    const u = await walletUser(t);
    const w = await t.db.query.wallets.findFirst({ where: (w, { eq }) => eq(w.id, u.walletId) });
    expect(w!.passwordHash).toMatch(/^pin-hmac-sha256\$1\$[\w-]{22}\$[0-9a-f]{64}$/);
    expect(w!.passwordHash).not.toContain(PIN);
  });
});

describe("personal-account credits (signed)", () => {
  it("credits own funds once per reference and replays the first result", async () => {
    const u = await walletUser(t, { personalAccountFen: 10_000 });
    const key = await regionKey(t, "320500");
    const body = { idNumber: u.idNumber, amountFen: 35_000, period: "2026-11", reference: `c-${u.walletId}` };
    const first = await signedCall(t, key, "POST", "/v1/integration/personal-account-credits", body);
    expect(first.status).toBe(201);
    const again = await signedCall(t, key, "POST", "/v1/integration/personal-account-credits", body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect((await balances(t, u)).ownFen).toBe(45_000);
    const changed = await signedCall(t, key, "POST", "/v1/integration/personal-account-credits", { ...body, amountFen: 1 });
    expect(changed.status).toBe(422);
    expect(changed.body.code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect((await ledgerOk(t)).ok).toBe(true);
  });

  it("refuses bad signatures, stale timestamps, reused nonces and other regions' keys, writing nothing", async () => {
    const u = await walletUser(t, { personalAccountFen: 0 });
    const key = await regionKey(t, "320500");
    const body = { idNumber: u.idNumber, amountFen: 100, period: "2026-11", reference: `sec-${u.walletId}` };
    const path = "/v1/integration/personal-account-credits";
    const bad = await signedCall(t, key, "POST", path, body, (h) => (h["x-signature"] = "0".repeat(64)));
    expect(bad.status).toBe(401);
    expect(bad.body.code).toBe("SIGNATURE_INVALID");
    const stale = await signedCall(
      t,
      { ...key },
      "POST",
      path,
      body,
      (h) => (h["x-timestamp"] = String(Math.floor(Date.now() / 1000) - 301)),
    );
    expect(stale.status).toBe(401);
    const noKey = await signedCall(t, { keyId: "rk_nope", secret: key.secret }, "POST", path, body);
    expect(noKey.status).toBe(401);
    let nonce = "";
    const ok = await signedCall(t, key, "POST", path, body, (h) => (nonce = h["x-nonce"]!));
    expect(ok.status).toBe(201);
    const replay = await signedCall(t, key, "POST", path, body, (h) => (h["x-nonce"] = nonce));
    expect(replay.status).toBe(401); // the signature covers the nonce, so a swapped nonce fails first
    const other = await regionKey(t, "130100");
    const foreign = await signedCall(t, other, "POST", path, { ...body, reference: `f-${u.walletId}` });
    expect(foreign.status).toBe(403);
    expect((await balances(t, u)).ownFen).toBe(100);
  });

  it("refuses a replayed nonce with the same signature (409 REPLAYED_NONCE)", async () => {
    const u = await walletUser(t, { personalAccountFen: 0 });
    const key = await regionKey(t, "320500");
    const raw = JSON.stringify({ idNumber: u.idNumber, amountFen: 100, period: "2026-11", reference: `n-${u.walletId}` });
    const { signedHeaders } = await import("../src/lib/signing");
    const headers = await signedHeaders(key.keyId, key.secret, "POST", "/v1/integration/personal-account-credits", raw);
    const a = await t.api("POST", "/v1/integration/personal-account-credits", { raw, headers });
    const b = await t.api("POST", "/v1/integration/personal-account-credits", { raw, headers });
    expect(a.status).toBe(201);
    expect(b.status).toBe(409);
    expect(b.body.code).toBe("REPLAYED_NONCE");
  });
});

describe("statement", () => {
  it("pages newest first with a cursor and filters by month", async () => {
    const u = await walletUser(t, { personalAccountFen: 1_000 });
    const key = await regionKey(t, "320500");
    for (let i = 0; i < 5; i++) {
      await signedCall(t, key, "POST", "/v1/integration/personal-account-credits", {
        idNumber: u.idNumber,
        amountFen: 100 + i,
        period: "2026-11",
        reference: `s-${u.walletId}-${i}`,
      });
    }
    const p1 = await t.api("GET", "/v1/wallet/entries?limit=4", { token: u.token });
    expect(p1.body.items.map((e: { amountFen: number }) => e.amountFen)).toEqual([104, 103, 102, 101]);
    const p2 = await t.api("GET", `/v1/wallet/entries?limit=4&cursor=${p1.body.nextCursor}`, { token: u.token });
    expect(p2.body.items.map((e: { amountFen: number }) => e.amountFen)).toEqual([100, 1_000]);
    expect(p2.body.nextCursor).toBeNull();
    const other = await t.api("GET", "/v1/wallet/entries?month=2026-10", { token: u.token });
    expect(other.body.items).toEqual([]);
    const bad = await t.api("GET", "/v1/wallet/entries?month=2026-13", { token: u.token });
    expect(bad.status).toBe(400);
  });
});

describe("usage region and closing", () => {
  it("changes the usage region", async () => {
    const u = await walletUser(t);
    const r = await t.api("PUT", "/v1/wallet/usage-region", { token: u.token, body: { usageRegionCode: "320100" } });
    expect(r.body.usageRegionCode).toBe("320100");
    expect((await t.api("PUT", "/v1/wallet/usage-region", { token: u.token, body: { usageRegionCode: "000000" } })).body.code).toBe(
      "REGION_UNKNOWN",
    );
  });

  it("closes a wallet once, its own funds going back to the personal account (test/wallet-closing.test.ts has the rest)", async () => {
    const full = await walletUser(t, { personalAccountFen: 100 });
    const closedFull = await t.api("POST", "/v1/wallet/close", { token: full.token, body: { paymentPassword: PIN } });
    expect(closedFull.status).toBe(200);
    expect(closedFull.body.closure.personalAccount).toMatchObject({ amountFen: 100, status: "confirmed" });
    const empty = await walletUser(t, { insurance: "resident", personalAccountFen: 0 });
    const closed = await t.api("POST", "/v1/wallet/close", { token: empty.token, body: { paymentPassword: PIN } });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe("closed");
    expect((await t.api("POST", "/v1/wallet/close", { token: empty.token, body: { paymentPassword: PIN } })).body.code).toBe(
      "WALLET_NOT_ACTIVE",
    );
  });
});
