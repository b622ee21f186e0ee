import { describe, expect, it } from "vitest";
import { createTestApp } from "./support/app";
import { regionKey, signedCall } from "./support/signed";
import { newKey, pair, send } from "./support/transfers";
import { balances, ledgerOk } from "./support/wallets";
import { post } from "../src/modules/ledger/ledger.service";
import { pools } from "../src/modules/ledger/ledger.accounts";

// Meaningful on the real PostgreSQL (TEST_DATABASE_URL), where requests truly run in parallel;
// on PGlite the same tests prove the rules hold when requests interleave one statement at a time.
const t = await createTestApp();

describe("concurrency", () => {
  it("100 concurrent transfers from one sender create exactly one pending transfer", async () => {
    const { sender, bindingId } = await pair(t);
    const results = await Promise.all(Array.from({ length: 100 }, () => send(t, sender.token, bindingId, 100)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    for (const r of results.filter((r) => r.status !== 201)) expect(["TRANSFER_PENDING", "BUSY"]).toContain(r.body.code);
    expect(await balances(t, sender)).toMatchObject({ heldFen: 100, ownFen: 99_900 });
    expect((await ledgerOk(t)).ok).toBe(true);
  });

  it("100 racing accepts, declines and expiries settle one transfer exactly once", async () => {
    const { sender, recipient, bindingId } = await pair(t);
    const r = await send(t, sender.token, bindingId, 5_000);
    const ops = Array.from({ length: 100 }, (_, i) =>
      i % 3 === 0
        ? t.api("POST", `/v1/transfers/${r.body.id}/accept`, { token: recipient.token })
        : i % 3 === 1
          ? t.api("POST", `/v1/transfers/${r.body.id}/decline`, { token: recipient.token })
          : t.api("POST", "/v1/sandbox/jobs/run"),
    );
    const results = await Promise.all(ops);
    const decided = results.filter((x) => x.status === 200 && x.body.status);
    expect(decided).toHaveLength(1);
    const total = (await balances(t, sender)).totalFen + (await balances(t, recipient)).totalFen;
    expect(total).toBe(100_000);
    const events = (await t.api("GET", `/v1/transfers/${r.body.id}`, { token: sender.token })).body.history;
    expect(events).toHaveLength(2);
    expect((await ledgerOk(t)).ok).toBe(true);
  });

  it("a request sent twice at once with one key moves money once", async () => {
    const { sender, bindingId } = await pair(t);
    const key = newKey();
    const [a, b] = await Promise.all([send(t, sender.token, bindingId, 300, { key }), send(t, sender.token, bindingId, 300, { key })]);
    const ok = [a, b].filter((x) => x.status === 201);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const x of [a, b]) expect([201, 409]).toContain(x.status);
    if (ok.length === 2) expect(ok[0]!.body).toEqual(ok[1]!.body);
    expect((await balances(t, sender)).heldFen).toBe(300);
    const retry = await send(t, sender.token, bindingId, 300, { key });
    expect(retry.body.id).toBe(ok[0]!.body.id);
  });

  it("200 concurrent credits and debits on one wallet leave exactly the expected balance", async () => {
    const { sender } = await pair(t, { userFen: 35_000 });
    const key = await regionKey(t, "320500");
    const w = await t.db.query.wallets.findFirst({ where: (x, { eq }) => eq(x.id, sender.walletId) });
    const debit = (amount: number) =>
      t.db
        .transaction((tx) =>
          post(tx, { kind: "test_debit", businessAt: t.clock.now() }, [
            { accountId: w!.ownAccountId, amount: -amount },
            { accountId: pools.medicalSettlement("320500"), amount },
          ]),
        )
        .then(() => "ok" as const)
        .catch((e: { code?: string }) => (e.code === "INSUFFICIENT_FUNDS" ? ("refused" as const) : Promise.reject(e)));
    const credit = (i: number) =>
      signedCall(t, key, "POST", "/v1/integration/personal-account-credits", {
        idNumber: sender.idNumber,
        amountFen: 1_000,
        period: "2026-11",
        reference: `cc-${sender.walletId}-${i}`,
      });
    const ops: Promise<unknown>[] = [];
    for (let i = 0; i < 100; i++) ops.push(credit(i), debit(700));
    const results = await Promise.all(ops);
    const credits = results.filter((r): r is { status: number } => typeof r === "object" && r !== null && "status" in r);
    expect(credits.every((c) => c.status === 201)).toBe(true);
    const debits = results.filter((r) => r === "ok").length;
    expect((await balances(t, sender)).ownFen).toBe(35_000 + 100 * 1_000 - debits * 700);
    expect(debits).toBeGreaterThanOrEqual(50);
    expect((await ledgerOk(t)).ok).toBe(true);
  });
});
