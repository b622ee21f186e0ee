import { randomBytes, randomUUID, createHash, createHmac } from "node:crypto";
import { drizzle } from "drizzle-orm/postgres-js";
import { connectPostgres } from "../../src/db/url";
import { createApp } from "../../src/app";
import { parseConfig } from "../../src/config";
import type { Db } from "../../src/db/client";
import { migrateDatabase } from "../../src/db/node";
import * as schema from "../../src/db/schema";
import { backgroundCtx } from "../../src/entry/build";
import { hmacHex } from "../../src/lib/crypto";
import { randomCode } from "../../src/lib/ids";
import { SandboxClock } from "../../src/lib/clock";
import { silentLogger } from "../../src/lib/logger";
import "../../src/modules";
import { seedReferenceData, seedSandbox } from "../../src/modules/sandbox/seed";
import type { Http, HttpResult } from "./loadgen";
import { PIN, REGION, serviceCohort } from "./seed";

/**
 * Database round trips per request, counted at the driver (postgres.js `debug` sees every statement
 * sent, BEGIN and COMMIT included): the server's app runs in this process on a counting client.
 */
export async function countRoundTrips(url: string, fixedNow: string): Promise<Record<string, number>> {
  let count = 0;
  const client = connectPostgres(url, { max: 4, onnotice: () => {}, debug: () => void count++ });
  const db = drizzle(client, { schema }) as unknown as Db;
  await migrateDatabase({ db, kind: "postgres", close: async () => {} });
  const config = parseConfig({
    DATABASE_URL: url,
    SANDBOX: "1",
    FIXED_NOW: fixedNow,
    TOKEN_SECRET: randomBytes(32).toString("base64url"),
    ENCRYPTION_KEY: randomBytes(32).toString("base64url"),
    LOOKUP_HMAC_KEY: randomBytes(32).toString("base64url"),
    PASSWORD_PEPPER: randomBytes(24).toString("base64url"),
    LOG_LEVEL: "error",
    RATE_LOGIN_PER_IP_PER_MINUTE: "100000",
  });
  const clock = new SandboxClock(new Date(fixedNow));
  await seedReferenceData(db);
  await seedSandbox(backgroundCtx(config, db, clock, silentLogger));
  const app = createApp({ config, clock, log: silentLogger, db });
  const http = {
    async request(method: string, path: string, opts: { headers?: Record<string, string>; body?: string } = {}): Promise<HttpResult> {
      const res = await app.request(path, { method, headers: opts.headers, body: opts.body });
      const text = await res.text();
      return {
        status: res.status,
        headers: {
          "idempotent-replayed": res.headers.get("idempotent-replayed") ?? undefined,
          "retry-after": res.headers.get("retry-after") ?? undefined,
        },
        body: text ? JSON.parse(text) : null,
      };
    },
  } as unknown as Http;
  const pairs = await serviceCohort(http, client, 2, `rt${Date.now().toString(36)}`);
  await client`update region_policies set max_daily_transfers = 1000000000, quiet_start = '00:00', quiet_end = '00:00'`;
  const per: Record<string, number[]> = {};
  const measure = async (kind: string, f: () => Promise<HttpResult>, expect: number) => {
    const before = count;
    const r = await f();
    if (r.status !== expect) throw new Error(`round trips: ${kind} answered ${r.status} ${JSON.stringify(r.body)}`);
    per[kind] ??= [];
    per[kind].push(count - before);
    return r;
  };
  const m = await http.request("POST", "/v1/sandbox/merchants", {
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "往返计数医院", regionCode: REGION }),
  });
  const rk = await http.request("POST", "/v1/sandbox/region-keys", {
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ regionCode: REGION }),
  });
  const sign = (key: { keyId: string; secret: string }, path: string, body: string) => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomUUID();
    const h = createHash("sha256").update(body).digest("hex");
    return {
      "content-type": "application/json",
      "x-key-id": key.keyId,
      "x-timestamp": timestamp,
      "x-nonce": nonce,
      "x-signature": createHmac("sha256", key.secret).update(`POST\n${path}\n${timestamp}\n${nonce}\n${h}`).digest("hex"),
    };
  };
  for (let i = 0; i < 6; i++) {
    const p = pairs[i % pairs.length]!;
    const key = `rt-${i}-${randomUUID()}`;
    const body = JSON.stringify({ bindingId: p.bindingId, amountFen: 100 + i, paymentPassword: PIN });
    const headers = { authorization: `Bearer ${p.a.token}`, "content-type": "application/json", "idempotency-key": key };
    const created = await measure("transfer.create", () => http.request("POST", "/v1/transfers", { headers, body }), 201);
    await measure(
      "transfer.accept",
      () => http.request("POST", `/v1/transfers/${created.body.id}/accept`, { headers: { authorization: `Bearer ${p.b.token}` } }),
      200,
    );
    await measure("transfer.replay", () => http.request("POST", "/v1/transfers", { headers, body }), 201);
    await measure("wallet.get", () => http.request("GET", "/v1/wallet", { headers: { authorization: `Bearer ${p.a.token}` } }), 200);
    const code = randomCode(24);
    await client`insert into ecodes (id, code_hash, wallet_id, requested_by_user_id, status, created_at, expires_at)
      values (${randomUUID()}, ${await hmacHex(config.secrets.lookupHmac, `ecode:${code}`)}, ${p.a.walletId}, ${p.a.userId}, 'active', ${new Date(fixedNow).toISOString()}::timestamptz, ${new Date(new Date(fixedNow).getTime() + 60_000).toISOString()}::timestamptz)`;
    const sbody = JSON.stringify({ ecode: code, orderNo: `rt-${i}-${randomUUID().slice(0, 8)}`, amountFen: 100 });
    await measure(
      "settlement",
      () => http.request("POST", "/v1/merchant/settlements", { headers: sign(m.body, "/v1/merchant/settlements", sbody), body: sbody }),
      201,
    );
    const cpath = "/v1/integration/personal-account-credits";
    const cbody = JSON.stringify({
      idNumber: p.b.idNumber,
      amountFen: 100,
      period: "2026-03",
      reference: `rt-${i}-${randomUUID().slice(0, 8)}`,
    });
    await measure("credit", () => http.request("POST", cpath, { headers: sign(rk.body, cpath, cbody), body: cbody }), 201);
  }
  await client.end({ timeout: 5 });
  // The first request of a kind can pay for one-off work (a pool account's first use): report the median.
  return Object.fromEntries(Object.entries(per).map(([k, v]) => [k, [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!]));
}
