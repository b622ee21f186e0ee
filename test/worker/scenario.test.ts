/**
 * The product's flows over HTTP against the Worker (API.md): wallet, invitation, transfer, premium,
 * settlement, and the Cron Trigger returning an unaccepted transfer at 06:00 Beijing time.
 * Each test builds its own people through the sandbox. The one test that moves the sandbox clock
 * comes last: the clock belongs to the Worker isolate and only moves forward.
 */
import { beforeAll, describe, expect } from "vitest";
import {
  api,
  balances,
  BASE_URL,
  currentAgreement,
  ensureTransferHours,
  expectStatus,
  familyPair,
  idempotencyKey,
  itWithRoutes,
  newPerson,
  next0600Beijing,
  openWallet,
  PIN,
  relate,
  sandboxNow,
  setSandboxNow,
  signedPost,
  verifiedUser,
} from "./support";

const WALLET = ["/v1/wallet", "/v1/wallet/agreement"];
const INVITE = ["/v1/invitations", "/v1/invitations/{code}", "/v1/invitations/{code}/accept", "/v1/relatives"];
const TRANSFER = [...WALLET, ...INVITE, "/v1/transfers", "/v1/transfers/{id}", "/v1/transfers/{id}/accept", "/v1/transfers/{id}/decline"];
const PREMIUM = [...WALLET, ...INVITE, "/v1/premiums/quote", "/v1/premiums/payments"];
const SETTLE = [...WALLET, "/v1/sandbox/merchants", "/v1/ecodes", "/v1/merchant/settlements", "/v1/merchant/settlements/{id}/refunds"];

beforeAll(async () => {
  await ensureTransferHours();
});

function transfer(token: string, body: Record<string, unknown>, key: string | null = idempotencyKey()) {
  return api("POST", "/v1/transfers", { token, body, headers: key ? { "idempotency-key": key } : {} });
}

describe("wallet", () => {
  itWithRoutes(WALLET, "opens an employee's wallet with the personal-account balance as own funds", async () => {
    const u = await verifiedUser({ insurance: "employee", personalAccountFen: 3456_78 });
    const wallet = await openWallet(u);
    expect(wallet).toMatchObject({ status: "active", regionCode: "320500" });
    expect(await balances(u)).toEqual({ ownFen: 3456_78, receivedFen: 0, heldFen: 0, totalFen: 3456_78 });

    const again = await api("POST", "/v1/wallet", {
      token: u.token,
      body: { agreementVersion: await currentAgreement(), faceToken: `face-ok:${u.idNumber}`, paymentPassword: PIN },
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("WALLET_ALREADY_OPEN");

    const me = await api("GET", "/v1/me", { token: u.token });
    expect(me.body.wallet).toMatchObject({ id: wallet.id, status: "active" });
  });

  itWithRoutes(WALLET, "refuses a weak payment password and a user without real-name", async () => {
    const u = await verifiedUser({ insurance: "employee" });
    const weak = await api("POST", "/v1/wallet", {
      token: u.token,
      body: { agreementVersion: await currentAgreement(), faceToken: `face-ok:${u.idNumber}`, paymentPassword: "123456" },
    });
    expect([400, 422]).toContain(weak.status);
    const anon = await api("POST", "/v1/auth/sessions", { body: { provider: "sandbox", code: `worker-no-rn-${Date.now()}` } });
    const r = await api("POST", "/v1/wallet", {
      token: anon.body.token,
      body: { agreementVersion: await currentAgreement(), faceToken: "face-ok:x", paymentPassword: PIN },
    });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe("REAL_NAME_REQUIRED");
  });
});

describe("invitation", () => {
  itWithRoutes(INVITE, "invites a parent confirmed by the registry, who accepts as that same person", async () => {
    const childPerson = await newPerson({ birthDate: "1992-05-17" });
    const parentPerson = await newPerson({ birthDate: "1963-02-08", insurance: "resident" });
    await relate(childPerson, parentPerson, "parent");
    const child = await verifiedUser(childPerson);
    const parent = await verifiedUser(parentPerson);

    const inv = await api("POST", "/v1/invitations", {
      token: child.token,
      body: { relation: "parent", name: parent.name, idNumber: parent.idNumber },
    });
    expect(inv.status).toBe(201);
    expect(inv.body).toMatchObject({ status: "pending", relation: "parent" });
    expect(inv.body.code).toBeTruthy();
    const validMs = new Date(inv.body.expiresAt).getTime() - (await sandboxNow()).getTime();
    expect(validMs).toBeGreaterThan(7 * 24 * 3600_000 - 60_000); // valid 7 days
    expect(validMs).toBeLessThanOrEqual(8 * 24 * 3600_000);

    const seen = await api("GET", `/v1/invitations/${inv.body.code}`, { token: parent.token });
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ code: inv.body.code, status: "pending", relation: "parent", inverseRelation: "child" });
    expect(seen.body.inviter.maskedName).toBe(`${child.name[0]}*${child.name.slice(2)}`);

    // Someone else cannot accept it.
    const stranger = await verifiedUser();
    const wrong = await api("POST", `/v1/invitations/${inv.body.code}/accept`, {
      token: stranger.token,
      body: { faceToken: `face-ok:${stranger.idNumber}` },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.code).toBe("INVITATION_NOT_FOR_YOU");

    const acc = await api("POST", `/v1/invitations/${inv.body.code}/accept`, {
      token: parent.token,
      body: { faceToken: `face-ok:${parent.idNumber}` },
    });
    expect(acc.status).toBe(200);
    expect(acc.body.binding).toBeTruthy();

    const mine = await api("GET", "/v1/relatives", { token: child.token });
    expect(mine.status).toBe(200);
    expect(mine.body.items).toEqual([
      expect.objectContaining({
        relation: "parent",
        relative: expect.objectContaining({ personId: parent.personId, regionCode: "320500" }),
      }),
    ]);
    const theirs = await api("GET", "/v1/relatives", { token: parent.token });
    expect(theirs.body.items).toEqual([expect.objectContaining({ relation: "child", bindingId: mine.body.items[0].bindingId })]);
    expect(JSON.stringify(mine.body)).not.toContain(parent.idNumber);
  });

  itWithRoutes(INVITE, "refuses a relation the registry does not confirm", async () => {
    const a = await verifiedUser({ birthDate: "1990-01-01" });
    const b = await newPerson({ birthDate: "1960-01-01" });
    const r = await api("POST", "/v1/invitations", { token: a.token, body: { relation: "parent", name: b.name, idNumber: b.idNumber } });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe("RELATION_NOT_VERIFIED");
  });
});

describe("transfer", () => {
  itWithRoutes(TRANSFER, "holds, then credits on accept; a retry with the same Idempotency-Key replays", async () => {
    const { giver, parent, bindingId } = await familyPair({ giverFundsFen: 5000_00 });
    const body = { bindingId, amountFen: 200_00, paymentPassword: PIN, memo: "给妈妈买药" };

    const noKey = await transfer(giver.token, body, null);
    expect(noKey.status).toBe(400);
    expect(noKey.body.code).toBe("IDEMPOTENCY_KEY_REQUIRED");

    const key = idempotencyKey();
    const t = expectStatus(await transfer(giver.token, body, key), 201, "POST /v1/transfers");
    expect(t.body).toMatchObject({ status: "pending", amountFen: 200_00, crossProvince: false });
    expect(t.body.receiptNo).toBeTruthy();
    expect(new Date(t.body.expiresAt).toISOString()).toBe(next0600Beijing(await sandboxNow()).toISOString());
    expect(await balances(giver)).toMatchObject({ ownFen: 4800_00, heldFen: 200_00, totalFen: 5000_00 });

    const replay = await transfer(giver.token, body, key);
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body).toEqual(t.body);
    const reused = await transfer(giver.token, { ...body, amountFen: 300_00 }, key);
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe("IDEMPOTENCY_KEY_REUSED");

    const second = await transfer(giver.token, { ...body, amountFen: 1_00 });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe("TRANSFER_PENDING");

    const stranger = await verifiedUser();
    expect((await api("GET", `/v1/transfers/${t.body.id}`, { token: stranger.token })).status).toBe(404);

    const acc = await api("POST", `/v1/transfers/${t.body.id}/accept`, { token: parent.token });
    expect(acc.status).toBe(200);
    expect(acc.body).toMatchObject({ id: t.body.id, status: "succeeded" });
    expect(await balances(giver)).toEqual({ ownFen: 4800_00, receivedFen: 0, heldFen: 0, totalFen: 4800_00 });
    expect(await balances(parent)).toEqual({ ownFen: 0, receivedFen: 200_00, heldFen: 0, totalFen: 200_00 });
    const seen = await api("GET", `/v1/transfers/${t.body.id}`, { token: giver.token });
    expect(seen.body.status).toBe("succeeded");
  });

  itWithRoutes(TRANSFER, "returns the money on decline and refuses a wrong password or too much", async () => {
    const { giver, parent, bindingId } = await familyPair({ giverFundsFen: 1000_00 });

    const wrongPin = await transfer(giver.token, { bindingId, amountFen: 10_00, paymentPassword: "975318" });
    expect(wrongPin.status).toBe(422);
    expect(wrongPin.body.code).toBe("PASSWORD_WRONG");
    expect(wrongPin.body.remainingAttempts).toBe(4);

    const tooMuch = await transfer(giver.token, { bindingId, amountFen: 2000_01, paymentPassword: PIN });
    expect(tooMuch.status).toBe(422);
    expect(["LIMIT_EXCEEDED", "INSUFFICIENT_FUNDS"]).toContain(tooMuch.body.code);

    const t = expectStatus(await transfer(giver.token, { bindingId, amountFen: 300_00, paymentPassword: PIN }), 201, "POST /v1/transfers");
    const dec = await api("POST", `/v1/transfers/${t.body.id}/decline`, { token: parent.token });
    expect(dec.status).toBe(200);
    expect(dec.body.status).toBe("declined");
    expect(await balances(giver)).toMatchObject({ ownFen: 1000_00, heldFen: 0 });
    expect(await balances(parent)).toMatchObject({ receivedFen: 0 });
    const again = await api("POST", `/v1/transfers/${t.body.id}/accept`, { token: parent.token });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("TRANSFER_NOT_PENDING");
  });
});

describe("resident premium", () => {
  itWithRoutes(PREMIUM, "pays a bound parent's premium from own funds, once per year", async () => {
    const { giver, bindingId } = await familyPair({ giverFundsFen: 2000_00, relativeWallet: false });
    const year = Number(new Date((await sandboxNow()).getTime() + 8 * 3600_000).getUTCFullYear()) + 1;

    const quote = await api("GET", `/v1/premiums/quote?beneficiary=${bindingId}&year=${year}`, { token: giver.token });
    expect(quote.status).toBe(200);
    expect(quote.body).toMatchObject({ kind: "resident_medical", year, regionCode: "320500", open: true, alreadyPaid: false });
    const amount: number = quote.body.amountFen;
    expect(amount).toBeGreaterThan(0);

    const body = { beneficiary: bindingId, year, paymentPassword: PIN };
    const paid = await api("POST", "/v1/premiums/payments", { token: giver.token, body, headers: { "idempotency-key": idempotencyKey() } });
    expect(paid.status).toBe(201);
    expect(paid.body).toMatchObject({ year, amountFen: amount, paidFrom: { ownFen: amount, receivedFen: 0 } });
    expect(paid.body.receiptNo).toBeTruthy();
    expect(await balances(giver)).toMatchObject({ ownFen: 2000_00 - amount });

    const twice = await api("POST", "/v1/premiums/payments", {
      token: giver.token,
      body,
      headers: { "idempotency-key": idempotencyKey() },
    });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe("PREMIUM_ALREADY_PAID");
    expect(twice.body.receipt).toBeTruthy();
    const after = await api("GET", `/v1/premiums/quote?beneficiary=${bindingId}&year=${year}`, { token: giver.token });
    expect(after.body.alreadyPaid).toBe(true);
  });
});

describe("medical settlement", () => {
  itWithRoutes(SETTLE, "charges an e-code by signed request, idempotent by orderNo, and refunds", async () => {
    const u = await verifiedUser({ insurance: "employee", personalAccountFen: 1000_00 });
    await openWallet(u);
    const m = await api("POST", "/v1/sandbox/merchants", {
      body: { name: `苏州工业园区测试药房${Date.now() % 10000}`, regionCode: "320500" },
    });
    expectStatus(m, 201, "POST /v1/sandbox/merchants");
    const key = { keyId: m.body.keyId as string, secret: m.body.secret as string };

    const ecode = await api("POST", "/v1/ecodes", { token: u.token });
    expect(ecode.status).toBe(201);
    expect(new Date(ecode.body.expiresAt).getTime() - (await sandboxNow()).getTime()).toBeLessThanOrEqual(60_000);

    const orderNo = `ORD-${Date.now()}`;
    const charge = { ecode: ecode.body.code, orderNo, amountFen: 123_45 };
    const forged = await signedPost({ ...key, secret: `${key.secret}x` }, "/v1/merchant/settlements", charge);
    expect(forged.status).toBe(401);
    expect(forged.body.code).toBe("SIGNATURE_INVALID");

    const paid = await signedPost(key, "/v1/merchant/settlements", charge);
    expect(paid.status).toBe(201);
    expect(paid.body).toMatchObject({ status: "paid", amountFen: 123_45, paidFrom: { ownFen: 123_45, receivedFen: 0 } });
    const retry = await signedPost(key, "/v1/merchant/settlements", charge);
    expect(retry.status).toBe(200);
    expect(retry.body.id).toBe(paid.body.id);
    const reuse = await signedPost(key, "/v1/merchant/settlements", { ...charge, orderNo: `${orderNo}-2` });
    expect(reuse.status).toBe(422);
    expect(reuse.body.code).toBe("ECODE_INVALID");
    expect(await balances(u)).toMatchObject({ ownFen: 1000_00 - 123_45 });

    const refundPath = `/v1/merchant/settlements/${paid.body.id}/refunds`;
    const refund = await signedPost(key, refundPath, { refundNo: `RF-${Date.now()}`, amountFen: 23_45 });
    expect(refund.status).toBe(201);
    expect(refund.body.amountFen).toBe(23_45);
    const over = await signedPost(key, refundPath, { refundNo: `RF-${Date.now()}-2`, amountFen: 100_01 });
    expect(over.status).toBe(422);
    expect(over.body.code).toBe("REFUND_EXCEEDS_CHARGE");
    expect(await balances(u)).toMatchObject({ ownFen: 1000_00 - 100_00 });
  });
});

// Last: moves the isolate's sandbox clock to the next morning.
describe("scheduled return of unaccepted transfers", () => {
  itWithRoutes(
    [...TRANSFER, "/v1/sandbox/jobs/run"],
    "the Cron Trigger returns a transfer nobody accepted by 06:00 Beijing time",
    async () => {
      const { giver, bindingId } = await familyPair({ giverFundsFen: 800_00 });
      const t = expectStatus(await transfer(giver.token, { bindingId, amountFen: 50_00, paymentPassword: PIN }), 201, "POST /v1/transfers");
      expect(await balances(giver)).toMatchObject({ ownFen: 750_00, heldFen: 50_00 });

      await setSandboxNow(new Date(new Date(t.body.expiresAt).getTime() + 60_000));
      const cron = await fetch(`${BASE_URL}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent("* * * * *")}`);
      expect(cron.status).toBe(200);
      await cron.text();

      // The Cron run already returned it: running the jobs again finds no transfer to return.
      const jobs = await api("POST", "/v1/sandbox/jobs/run");
      expect(jobs.status).toBe(200);
      const returning = (jobs.body.ran as { name: string; processed: number }[]).filter((j) => /transfer/i.test(j.name));
      expect(returning.length).toBeGreaterThan(0);
      for (const j of returning) expect(j.processed).toBe(0);

      const seen = await api("GET", `/v1/transfers/${t.body.id}`, { token: giver.token });
      expect(seen.body.status).toBe("returned");
      expect(await balances(giver)).toMatchObject({ ownFen: 800_00, heldFen: 0 });
    },
  );
});
