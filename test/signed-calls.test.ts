import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { signRequest, signedHeaders } from "../src/lib/signing";
import { apiKeys } from "../src/modules/platform/platform.schema";
import { countDiff, problemShapeErrors, tableCounts } from "./reliability/api-support";
import { createTestApp } from "./support/app";
import { charge, ecode, newMerchant, orderNo, type Merchant } from "./support/merchants";
import { regionKey, type Key } from "./support/signed";
import { balances, walletUser, type WalletUser } from "./support/wallets";

// Merchants and region systems: every refused call is 401/404/409 problem+json and writes nothing.
const t = await createTestApp();
let patient: WalletUser;
let hospital: Merchant;
let otherHospital: Merchant;
let region: Key;
let otherRegion: Key;
let settlementId: string;

beforeAll(async () => {
  patient = await walletUser(t, { personalAccountFen: 100_000 });
  hospital = await newMerchant(t);
  otherHospital = await newMerchant(t);
  region = await regionKey(t, "320500");
  otherRegion = await regionKey(t, "130100");
  const r = await charge(t, hospital, { ecode: await ecode(t, patient), orderNo: orderNo("sg"), amountFen: 5_000 });
  expect(r.status).toBe(201);
  settlementId = r.body.id;
}, 60_000);

const SETTLE = "/v1/merchant/settlements";
const CREDIT = "/v1/integration/personal-account-credits";
// Abuse counters may move on a refusal; nothing else may.
const COUNTERS = ["rate_limit_buckets"];

async function send(path: string, raw: string, headers: Record<string, string>, method = "POST") {
  return t.api(method, path, { raw: method === "GET" ? undefined : raw, headers });
}

async function refusedWithoutWrites(
  what: string,
  status: number,
  code: string,
  run: () => Promise<{ status: number; body: any; headers: Headers }>,
  ignore = COUNTERS,
) {
  const before = await tableCounts(t);
  const money = await balances(t, patient);
  const r = await run();
  expect(r.status, `${what}: ${JSON.stringify(r.body)}`).toBe(status);
  expect(r.body.code, what).toBe(code);
  expect(problemShapeErrors(r), what).toEqual([]);
  expect(countDiff(before, await tableCounts(t), ignore), `${what} wrote`).toEqual([]);
  expect(await balances(t, patient), what).toEqual(money);
}

async function settleBody(amountFen = 1_000) {
  return JSON.stringify({ ecode: await ecode(t, patient), orderNo: orderNo("sg"), amountFen });
}

describe("signed server-to-server calls", () => {
  it("a wrong signature is refused and spends nothing, not even the nonce", async () => {
    const raw = await settleBody();
    const h = await signedHeaders(hospital.keyId, hospital.secret, "POST", SETTLE, raw);
    const flipped = { ...h, "x-signature": h["x-signature"]!.replace(/^./, (c) => (c === "0" ? "1" : "0")) };
    await refusedWithoutWrites("flipped signature", 401, "SIGNATURE_INVALID", () => send(SETTLE, raw, flipped));
    await refusedWithoutWrites("signature by another merchant's secret", 401, "SIGNATURE_INVALID", async () =>
      send(SETTLE, raw, {
        ...h,
        "x-signature": await signRequest(otherHospital.secret, {
          method: "POST",
          path: SETTLE,
          timestamp: h["x-timestamp"]!,
          nonce: h["x-nonce"]!,
          body: raw,
        }),
      }),
    );
    await refusedWithoutWrites("unknown key id", 401, "SIGNATURE_INVALID", () => send(SETTLE, raw, { ...h, "x-key-id": "mk_nosuchkey" }));
    for (const name of ["x-key-id", "x-timestamp", "x-nonce", "x-signature"]) {
      const { [name]: _, ...missing } = h;
      await refusedWithoutWrites(`without ${name}`, 401, "SIGNATURE_INVALID", () => send(SETTLE, raw, missing));
    }
    // The forged attempts did not burn the nonce: the genuine request with it still goes through.
    const ok = await send(SETTLE, raw, h);
    expect(ok.status).toBe(201);
  });

  it("the signature covers the body, the path and the method", async () => {
    const raw = await settleBody(1_000);
    const h = await signedHeaders(hospital.keyId, hospital.secret, "POST", SETTLE, raw);
    const bigger = raw.replace('"amountFen":1000', '"amountFen":99999');
    await refusedWithoutWrites("body changed after signing", 401, "SIGNATURE_INVALID", () => send(SETTLE, bigger, h));
    await refusedWithoutWrites("another path", 401, "SIGNATURE_INVALID", () =>
      send(`${SETTLE}/${settlementId}/refunds`, JSON.stringify({ refundNo: "r-x", amountFen: 1 }), h),
    );
    const g = await signedHeaders(hospital.keyId, hospital.secret, "GET", `${SETTLE}/${settlementId}`, "");
    await refusedWithoutWrites("another method", 401, "SIGNATURE_INVALID", () => send(`${SETTLE}/${settlementId}/refunds`, "", g, "POST"));
  });

  it("a stale or future timestamp (beyond ±300 s) is refused; inside the window it passes", async () => {
    for (const [label, offset] of [
      ["305 s old", -305_000],
      ["305 s ahead", 305_000],
      ["a day old", -86_400_000],
      ["year 2100", 4_102_444_800_000 - Date.now()],
    ] as const) {
      const raw = await settleBody();
      const h = await signedHeaders(hospital.keyId, hospital.secret, "POST", SETTLE, raw, Date.now() + offset);
      await refusedWithoutWrites(`timestamp ${label}`, 401, "SIGNATURE_INVALID", () => send(SETTLE, raw, h));
    }
    for (const bad of ["-5", "1.5e9", "abc", "", "9".repeat(13)]) {
      const raw = await settleBody();
      const h = await signedHeaders(hospital.keyId, hospital.secret, "POST", SETTLE, raw);
      await refusedWithoutWrites(`timestamp ${JSON.stringify(bad)}`, 401, "SIGNATURE_INVALID", () =>
        send(SETTLE, raw, { ...h, "x-timestamp": bad }),
      );
    }
    const raw = await settleBody();
    const ok = await send(SETTLE, raw, await signedHeaders(hospital.keyId, hospital.secret, "POST", SETTLE, raw, Date.now() - 290_000));
    expect(ok.status).toBe(201);
  });

  it("a reused nonce is refused with 409 and the replay writes nothing", async () => {
    const raw = await settleBody();
    const h = await signedHeaders(hospital.keyId, hospital.secret, "POST", SETTLE, raw);
    expect((await send(SETTLE, raw, h)).status).toBe(201);
    await refusedWithoutWrites("the same signed request again", 409, "REPLAYED_NONCE", () => send(SETTLE, raw, h));
    // A new request (new order) signed with the spent nonce is refused too.
    const raw2 = await settleBody();
    const h2 = {
      ...h,
      "x-signature": await signRequest(hospital.secret, {
        method: "POST",
        path: SETTLE,
        timestamp: h["x-timestamp"]!,
        nonce: h["x-nonce"]!,
        body: raw2,
      }),
    };
    await refusedWithoutWrites("a new body with a spent nonce", 409, "REPLAYED_NONCE", () => send(SETTLE, raw2, h2));
  });

  it("another merchant's settlement does not exist for them: reading and refunding are 404", async () => {
    const path = `${SETTLE}/${settlementId}`;
    await refusedWithoutWrites(
      "read another merchant's settlement",
      404,
      "NOT_FOUND",
      async () => send(path, "", await signedHeaders(otherHospital.keyId, otherHospital.secret, "GET", path, ""), "GET"),
      [...COUNTERS, "request_nonces"],
    );
    const raw = JSON.stringify({ refundNo: orderNo("rf"), amountFen: 100 });
    const rpath = `${path}/refunds`;
    await refusedWithoutWrites(
      "refund another merchant's settlement",
      404,
      "NOT_FOUND",
      async () => send(rpath, raw, await signedHeaders(otherHospital.keyId, otherHospital.secret, "POST", rpath, raw)),
      [...COUNTERS, "request_nonces"],
    );
    const own = await send(path, "", await signedHeaders(hospital.keyId, hospital.secret, "GET", path, ""), "GET");
    expect(own.status).toBe(200);
  });

  it("a revoked key is refused", async () => {
    const m = await newMerchant(t);
    await t.db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.keyId, m.keyId));
    const raw = await settleBody();
    await refusedWithoutWrites("revoked key", 401, "SIGNATURE_INVALID", async () =>
      send(SETTLE, raw, await signedHeaders(m.keyId, m.secret, "POST", SETTLE, raw)),
    );
  });

  it("region systems: a bad signature credits nothing; a region cannot credit another region's insured", async () => {
    const body = { idNumber: patient.idNumber, amountFen: 10_000, period: "2026-11", reference: orderNo("cr") };
    const raw = JSON.stringify(body);
    const h = await signedHeaders(region.keyId, region.secret, "POST", CREDIT, raw);
    await refusedWithoutWrites("credit with a wrong signature", 401, "SIGNATURE_INVALID", () =>
      send(CREDIT, raw, { ...h, "x-signature": "0".repeat(64) }),
    );
    await refusedWithoutWrites("credit signed by a merchant key", 401, "SIGNATURE_INVALID", async () =>
      send(CREDIT, raw, await signedHeaders(hospital.keyId, hospital.secret, "POST", CREDIT, raw)),
    );
    await refusedWithoutWrites(
      "credit from another region",
      403,
      "FORBIDDEN",
      async () => send(CREDIT, raw, await signedHeaders(otherRegion.keyId, otherRegion.secret, "POST", CREDIT, raw)),
      [...COUNTERS, "request_nonces"],
    );
    const ev = "/v1/integration/insurance-events";
    const evRaw = JSON.stringify({
      idNumber: patient.idNumber,
      event: "terminated",
      effectiveDate: "2026-11-24",
      reference: orderNo("ev"),
    });
    await refusedWithoutWrites(
      "insurance event from another region",
      403,
      "FORBIDDEN",
      async () => send(ev, evRaw, await signedHeaders(otherRegion.keyId, otherRegion.secret, "POST", ev, evRaw)),
      [...COUNTERS, "request_nonces"],
    );
    expect((await send(CREDIT, raw, h)).status).toBe(201);
  });
});
