import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import type { Db } from "../src/db/client";
import { preparing } from "../src/db/node";
import * as schema from "../src/db/schema";
import { connectPostgres } from "../src/db/url";
import { silentLogger } from "../src/lib/logger";
import { rowsOf } from "../src/lib/rows";
import { pools } from "../src/modules/ledger/ledger.accounts";
import { post } from "../src/modules/ledger/ledger.service";
import { createTestApp, type ApiResult, type TestApp } from "./support/app";
import { blockedBy } from "./support/db";
import { charge, ecode, giveReceivedFunds, newMerchant, orderNo } from "./support/merchants";
import { regionKey, signedCall } from "./support/signed";
import { newKey, pair, send } from "./support/transfers";
import { balances, ledgerOk, PIN } from "./support/wallets";

// Database round trips per request, counted at the driver: postgres.js's `debug` hook sees every
// statement sent (BEGIN and COMMIT included). The app under count is a second app on the same
// database and settings, on a counting client; the test's own app prepares the data.
//
// #17's target is at most 2 per request; EXPECTED below holds today's figures so none can grow unseen.
const t = await createTestApp();
const pg = t.handle.kind === "postgres";

let count = 0;
const sent: string[] = [];
const client = pg
  ? connectPostgres((t.handle as { url?: string }).url!, {
      max: 4,
      onnotice: () => {},
      debug: (_c, query) => {
        count++;
        if (process.env.RT_LOG) sent.push(query.replace(/\s+/g, " ").slice(0, 160));
      },
    })
  : null;
// The driver's one-off type query on its first connection is not a request's.
if (client) await client`select 1`;
afterAll(async () => {
  await client?.end({ timeout: 5 });
});
const counted: TestApp | null = client
  ? (() => {
      const db = drizzle(preparing(client), { schema }) as unknown as Db;
      const app = createApp({ config: t.config, clock: t.clock, log: silentLogger, db });
      return {
        ...t,
        app,
        db,
        async api(method, path, init = {}) {
          const headers: Record<string, string> = { ...init.headers };
          if (init.token) headers.authorization = `Bearer ${init.token}`;
          let body: string | undefined = init.raw;
          if (init.body !== undefined) {
            body = JSON.stringify(init.body);
            headers["content-type"] ??= "application/json";
          }
          const res = await app.request(path, { method, headers, body });
          const text = await res.text();
          return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers } as ApiResult;
        },
      } as TestApp;
    })()
  : null;

/** Runs one request on the counting app: its answer and its round trips. */
async function trips(f: (c: TestApp) => Promise<ApiResult>): Promise<{ r: ApiResult; n: number }> {
  const before = count;
  sent.length = 0;
  const r = await f(counted!);
  if (process.env.RT_LOG) console.log(sent.join("\n"));
  return { r, n: count - before };
}

describe.runIf(pg)("database round trips per request (PostgreSQL)", () => {
  it("a transfer: create, replay, accept and decline", async () => {
    const { sender, recipient, bindingId } = await pair(t);
    const key = newKey();
    const send = (c: TestApp) =>
      c.api("POST", "/v1/transfers", {
        token: sender.token,
        headers: { "idempotency-key": key },
        body: { bindingId, amountFen: 1_000, paymentPassword: PIN },
      });
    // Warm: the pool account's first use and the prepared statements.
    const warm = await send(t);
    expect(warm.status).toBe(201);
    expect((await t.api("POST", `/v1/transfers/${warm.body.id}/accept`, { token: recipient.token })).status).toBe(200);

    const key2 = newKey();
    const created = await trips((c) =>
      c.api("POST", "/v1/transfers", {
        token: sender.token,
        headers: { "idempotency-key": key2 },
        body: { bindingId, amountFen: 1_000, paymentPassword: PIN },
      }),
    );
    expect(created.r.status).toBe(201);
    const replay = await trips((c) =>
      c.api("POST", "/v1/transfers", {
        token: sender.token,
        headers: { "idempotency-key": key2 },
        body: { bindingId, amountFen: 1_000, paymentPassword: PIN },
      }),
    );
    expect(replay.r.status).toBe(201);
    const accepted = await trips((c) => c.api("POST", `/v1/transfers/${created.r.body.id}/accept`, { token: recipient.token }));
    expect(accepted.r.status).toBe(200);

    const declinedTransfer = await t.api("POST", "/v1/transfers", {
      token: sender.token,
      headers: { "idempotency-key": newKey() },
      body: { bindingId, amountFen: 500, paymentPassword: PIN },
    });
    expect(declinedTransfer.status).toBe(201);
    const declined = await trips((c) => c.api("POST", `/v1/transfers/${declinedTransfer.body.id}/decline`, { token: recipient.token }));
    expect(declined.r.status).toBe(200);

    const figures = { create: created.n, replay: replay.n, accept: accepted.n, decline: declined.n };
    console.log(`round trips: ${JSON.stringify(figures)}`);
    expect(figures).toEqual(EXPECTED.transfer);
  });

  it("a create whose sender's sub-balance moves between its read and its lock reads again and decides again", async () => {
    const { sender, bindingId } = await pair(t);
    const [w] = rowsOf<{ own: string }>(await t.db.execute(sql`select own_account_id as own from wallets where id = ${sender.walletId}`));
    const other = connectPostgres((t.handle as { url?: string }).url!, { max: 1, onnotice: () => {} });
    const watcher = connectPostgres((t.handle as { url?: string }).url!, { max: 1, onnotice: () => {} });
    try {
      const db1 = drizzle(other, { schema }) as unknown as Db;
      let holderPid = 0;
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      let ready!: () => void;
      const holding = new Promise<void>((r) => (ready = r));
      // Connection 1 credits the sender's own funds (¥1.00) and keeps its transaction open.
      const credit = db1.transaction(async (tx) => {
        holderPid = Number(rowsOf<{ p: number }>(await tx.execute(sql`select pg_backend_pid() as p`))[0]!.p);
        await post(tx, { kind: "test_credit", businessAt: t.clock.now() }, [
          { accountId: pools.personalAccountFund(sender.regionCode), amount: -100 },
          { accountId: w!.own, amount: 100 },
        ]);
        ready();
        await released;
      });
      await holding;
      // The create reads the sender's balances (without the uncommitted credit), then waits for the lock...
      const creating = trips((c) =>
        c.api("POST", "/v1/transfers", {
          token: sender.token,
          headers: { "idempotency-key": newKey() },
          body: { bindingId, amountFen: 1_000, paymentPassword: PIN },
        }),
      );
      expect(await blockedBy(watcher, holderPid)).toBeDefined();
      // ...the credit commits: the version read is gone, so the statement writes nothing and the create
      // reads again (4 round trips instead of 2) and holds from the new balances.
      release();
      await credit;
      const { r, n } = await creating;
      expect(r.status).toBe(201);
      expect(n).toBe(4);
      expect(r.body.paidFrom).toEqual({ ownFen: 1_000, receivedFen: 0 });
      expect((await balances(t, sender)).ownFen).toBe(100_000 + 100 - 1_000);
      expect((await ledgerOk(t)).ok).toBe(true);
    } finally {
      await other.end({ timeout: 5 });
      await watcher.end({ timeout: 5 });
    }
  });

  it("row writes of a transfer (create + accept), counted by table", async () => {
    const { sender, recipient, bindingId } = await pair(t);
    const tables = rowsOf<{ t: string }>(
      await t.db.execute(sql`select relname as t from pg_stat_user_tables where schemaname = 'public' order by relname`),
    ).map((r) => r.t);
    // Row versions written after a marker transaction id: every insert and every update (a new version).
    const writesSince = async (xid: bigint) => {
      const out: Record<string, number> = {};
      for (const table of tables) {
        const [r] = rowsOf<{ n: number }>(
          await t.db.execute(
            sql`select count(*)::int as n from ${sql.identifier(table)} x where x.xmin::text::bigint > ${String(xid)}::bigint`,
          ),
        );
        if (r!.n) out[table] = r!.n;
      }
      return out;
    };
    // Warm: the in-flight pool account comes into being on its first use.
    const warm = await send(t, sender.token, bindingId, 100);
    expect((await t.api("POST", `/v1/transfers/${warm.body.id}/accept`, { token: recipient.token })).status).toBe(200);
    const marker = async () => BigInt(rowsOf<{ x: string }>(await t.db.execute(sql`select txid_current()::text as x`))[0]!.x);
    const before = await marker();
    const created = await counted!.api("POST", "/v1/transfers", {
      token: sender.token,
      headers: { "idempotency-key": newKey() },
      body: { bindingId, amountFen: 1_000, paymentPassword: PIN },
    });
    expect(created.status).toBe(201);
    const mid = await marker();
    const createWrites = await writesSince(before);
    expect((await counted!.api("POST", `/v1/transfers/${created.body.id}/accept`, { token: recipient.token })).status).toBe(200);
    const acceptWrites = await writesSince(mid);
    // (A row written by both, the transfer, counts twice: two writes.)
    const total = [...Object.values(createWrites), ...Object.values(acceptWrites)].reduce((a, b) => a + b, 0);
    console.log(`row writes: create ${JSON.stringify(createWrites)}; accept ${JSON.stringify(acceptWrites)}; total ${total}`);
    expect({ create: createWrites, accept: acceptWrites, total }).toEqual(EXPECTED.rowWrites);
  });

  it("a settlement and a personal-account credit", async () => {
    const { recipient } = await pair(t, { relativeInsurance: "employee" });
    await giveReceivedFunds(t, recipient, 5_000);
    const m = await newMerchant(t);
    const key = await regionKey(t);
    // Warm.
    expect((await charge(t, m, { ecode: await ecode(t, recipient), orderNo: orderNo(), amountFen: 100 })).status).toBe(201);
    const settled = await trips(async (c) => charge(c, m, { ecode: await ecode(t, recipient), orderNo: orderNo(), amountFen: 100 }));
    expect(settled.r.status).toBe(201);
    const credit = (c: TestApp) =>
      signedCall(c, key, "POST", "/v1/integration/personal-account-credits", {
        idNumber: recipient.idNumber,
        amountFen: 100,
        period: "2026-10",
        reference: orderNo("cr"),
      });
    expect((await credit(t)).status).toBe(201);
    const credited = await trips(credit);
    expect(credited.r.status).toBe(201);
    const figures = { settlement: settled.n, credit: credited.n };
    console.log(`round trips: ${JSON.stringify(figures)}`);
    expect(figures).toEqual(EXPECTED.other);
  });
});

// Exact, so that a change in either direction is seen (lower them as the paths get shorter).
const EXPECTED = {
  transfer: { create: 2, replay: 1, accept: 2, decline: 2 },
  other: { settlement: 5, credit: 3 },
  // #17's target is ≤ 8 in all; each movement today writes its own event, audit row and notice, and the
  // key's stored answer (an outbox row and the key on the transfer's own row would save 5).
  rowWrites: {
    create: {
      audit_log: 1,
      idempotency_keys: 1,
      journal_entries: 2,
      journal_transactions: 1,
      ledger_accounts: 1,
      notifications: 1,
      transfer_events: 1,
      transfers: 1,
    },
    accept: {
      audit_log: 1,
      journal_entries: 2,
      journal_transactions: 1,
      ledger_accounts: 1,
      notifications: 1,
      transfer_events: 1,
      transfers: 1,
    },
    total: 17,
  },
};
