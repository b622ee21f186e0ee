import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { journalEntries, journalTransactions } from "../src/modules/ledger/ledger.schema";
import { pools } from "../src/modules/ledger/ledger.accounts";
import { post } from "../src/modules/ledger/ledger.service";
import { transferEvents } from "../src/modules/transfers/transfers.schema";
import { walletById } from "../src/modules/wallet/wallet.repo";
import { createTestApp } from "./support/app";
import { pair, send } from "./support/transfers";
import { balances, ledgerOk } from "./support/wallets";

const t = await createTestApp({ now: "2026-11-24T10:00:00+08:00" });

let ip = 0;
async function tokenOf(username: string): Promise<string> {
  const r = await t.api("POST", "/v1/agent/sessions", { body: { username, password: "Sandbox#2026" }, headers: { "x-real-ip": `10.8.0.${ip++}` } });
  if (r.status !== 201) throw new Error(`agent login: ${r.status}`);
  return r.body.token;
}
const agent = await tokenOf("agent01");
const sup1 = await tokenOf("supervisor01");
const sup2 = await tokenOf("supervisor02");

/** A succeeded transfer of `amountFen` through the real transfer API. */
async function succeeded(amountFen: number, opts: Parameters<typeof pair>[1] = {}) {
  const p = await pair(t, opts);
  const r = await send(t, p.sender.token, p.bindingId, amountFen);
  expect(r.status).toBe(201);
  const acc = await t.api("POST", `/v1/transfers/${r.body.id}/accept`, { token: p.recipient.token });
  expect(acc.body.status).toBe("succeeded");
  return { ...p, transferId: r.body.id as string };
}

describe("maker-checker reversal", () => {
  it("needs a proposal and a different supervisor, then posts a reversing transaction", async () => {
    const x = await succeeded(25_000);
    const before = await balances(t, x.sender);
    const proposed = await t.api("POST", "/v1/agent/reversals", { token: agent, body: { transferId: x.transferId, reason: "用户转错人，双方同意退回" } });
    expect(proposed.status).toBe(201);
    expect(proposed.body).toMatchObject({ status: "pending", transferId: x.transferId, amountFen: 25_000 });
    const id = proposed.body.id;
    expect((await t.api("POST", `/v1/agent/reversals/${id}/approve`, { token: agent })).status).toBe(403);
    const dup = await t.api("POST", "/v1/agent/reversals", { token: sup1, body: { transferId: x.transferId, reason: "重复申请" } });
    expect(dup.body.code).toBe("REVERSAL_EXISTS");

    const ok = await t.api("POST", `/v1/agent/reversals/${id}/approve`, { token: sup1 });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ id, status: "approved" });
    expect(await balances(t, x.sender)).toEqual({ ...before, ownFen: before.ownFen + 25_000, totalFen: before.totalFen + 25_000 });
    expect((await balances(t, x.recipient)).receivedFen).toBe(0);
    const tr = await t.api("GET", `/v1/transfers/${x.transferId}`, { token: x.sender.token });
    expect(tr.body.status).toBe("reversed");

    // A new transaction that names the accept transaction it reverses; the old rows are untouched.
    const events = await t.db.select().from(transferEvents).where(eq(transferEvents.transferId, x.transferId));
    const acceptTx = events.find((e) => e.status === "succeeded")!.journalTransactionId!;
    const [rev] = await t.db.select().from(journalTransactions).where(eq(journalTransactions.id, ok.body.journalTransactionId));
    expect(rev).toMatchObject({ kind: "transfer_reversal", reversesId: acceptTx, reference: x.transferId });
    expect((await ledgerOk(t)).ok).toBe(true);

    const again = await t.api("POST", `/v1/agent/reversals/${id}/approve`, { token: sup2 });
    expect(again.body.code).toBe("REVERSAL_NOT_PENDING");
    const twice = await t.api("POST", "/v1/agent/reversals", { token: agent, body: { transferId: x.transferId, reason: "再次冲正" } });
    expect(twice.body.code).toBe("TRANSFER_NOT_SUCCEEDED");
  });

  it("refuses the proposer as checker (403) even when a supervisor", async () => {
    const x = await succeeded(1_000);
    const p = await t.api("POST", "/v1/agent/reversals", { token: sup1, body: { transferId: x.transferId, reason: "主管自提" } });
    const self = await t.api("POST", `/v1/agent/reversals/${p.body.id}/approve`, { token: sup1 });
    expect(self.status).toBe(403);
    expect((await t.api("POST", `/v1/agent/reversals/${p.body.id}/reject`, { token: sup1 })).status).toBe(403);
    const rejected = await t.api("POST", `/v1/agent/reversals/${p.body.id}/reject`, { token: sup2 });
    expect(rejected.body).toMatchObject({ status: "rejected" });
    expect((await balances(t, x.recipient)).receivedFen).toBe(1_000);
    const list = await t.api("GET", "/v1/agent/reversals?status=rejected", { token: agent });
    expect(list.body.items.map((r: { id: string }) => r.id)).toContain(p.body.id);
  });

  it("only reverses a succeeded transfer", async () => {
    const p = await pair(t);
    const r = await send(t, p.sender.token, p.bindingId, 500);
    const res = await t.api("POST", "/v1/agent/reversals", { token: agent, body: { transferId: r.body.id, reason: "尚未到账" } });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: "TRANSFER_NOT_SUCCEEDED", transferStatus: "pending" });
    expect((await t.api("POST", "/v1/agent/reversals", { token: agent, body: { transferId: "NOPE", reason: "不存在" } })).status).toBe(404);
  });

  it("refuses when the recipient's received funds no longer cover it (INSUFFICIENT_FUNDS), at proposal and at approval", async () => {
    const x = await succeeded(8_000);
    const p = await t.api("POST", "/v1/agent/reversals", { token: agent, body: { transferId: x.transferId, reason: "转错人" } });
    expect(p.status).toBe(201);
    // The recipient spends part of the money meanwhile (booked straight to a settlement pool here).
    const w = (await walletById(t.db, x.recipient.walletId))!;
    await t.db.transaction((tx) =>
      post(tx, { kind: "test_spend", businessAt: t.clock.now() }, [
        { accountId: w.receivedAccountId, amount: -3_000 },
        { accountId: pools.medicalSettlement("320500"), amount: 3_000 },
      ]),
    );
    const approve = await t.api("POST", `/v1/agent/reversals/${p.body.id}/approve`, { token: sup2 });
    expect(approve.status).toBe(422);
    expect(approve.body.code).toBe("INSUFFICIENT_FUNDS");
    expect((await t.api("GET", `/v1/agent/reversals/${p.body.id}`, { token: agent })).body.status).toBe("pending");
    expect((await t.api("POST", `/v1/agent/reversals/${p.body.id}/reject`, { token: sup2 })).status).toBe(200);
    const fresh = await t.api("POST", "/v1/agent/reversals", { token: agent, body: { transferId: x.transferId, reason: "再试" } });
    expect(fresh.status).toBe(422);
    expect(fresh.body.code).toBe("INSUFFICIENT_FUNDS");
    expect((await ledgerOk(t)).ok).toBe(true);
  });

  it("undoes the clearing pair of a cross-province transfer", async () => {
    const x = await succeeded(12_000, { relativeRegion: "130100" });
    const p = await t.api("POST", "/v1/agent/reversals", { token: agent, body: { transferId: x.transferId, reason: "跨省转错" } });
    const ok = await t.api("POST", `/v1/agent/reversals/${p.body.id}/approve`, { token: sup2 });
    expect(ok.status).toBe(200);
    const events = await t.db.select().from(transferEvents).where(eq(transferEvents.transferId, x.transferId));
    const acceptTx = events.find((e) => e.status === "succeeded")!.journalTransactionId!;
    const clearingOf = async (txId: string) =>
      (await t.db.select().from(journalEntries).where(eq(journalEntries.transactionId, txId)))
        .filter((e) => e.accountId.startsWith("pool:clearing:"))
        .map((e) => `${e.accountId} ${e.amount}`)
        .sort();
    const accepted = await clearingOf(acceptTx);
    expect(accepted).toHaveLength(2);
    const negated = accepted.map((l) => l.replace(/ (-?)(\d+)$/, (_m, sign: string, n: string) => ` ${sign ? "" : "-"}${n}`)).sort();
    expect(await clearingOf(ok.body.journalTransactionId)).toEqual(negated);
    expect((await ledgerOk(t)).ok).toBe(true);
  });
});

describe("freeze blocks paying out", () => {
  it("refuses a transfer from a frozen wallet until a supervisor unfreezes it", async () => {
    const p = await pair(t);
    await t.api("POST", `/v1/agent/wallets/${p.sender.walletId}/freeze`, { token: agent, body: { reason: "风险排查" } });
    expect((await t.api("GET", "/v1/wallet", { token: p.sender.token })).body.status).toBe("frozen");
    const blocked = await send(t, p.sender.token, p.bindingId, 100);
    expect(blocked.status).toBe(422);
    expect(blocked.body.code).toBe("WALLET_NOT_ACTIVE");
    await t.api("POST", `/v1/agent/wallets/${p.sender.walletId}/unfreeze`, { token: sup1, body: { reason: "排查完毕" } });
    expect((await send(t, p.sender.token, p.bindingId, 100)).status).toBe(201);
  });
});
