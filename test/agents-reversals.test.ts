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
  const r = await t.api("POST", "/v1/agent/sessions", {
    body: { username, password: "Sandbox#2026" },
    headers: { "x-real-ip": `10.8.0.${ip++}` },
  });
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
    const proposed = await t.api("POST", "/v1/agent/reversals", {
      token: agent,
      body: { transferId: x.transferId, reason: "用户转错人，双方同意退回" },
    });
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

describe("reversals by receipt number, listed for the checker, told to both users", () => {
  const inbox = async (token: string) =>
    (await t.api("GET", "/v1/notifications?limit=50", { token })).body.items as {
      kind: string;
      title: string;
      body: string;
      data: Record<string, unknown>;
    }[];

  it("finds the transfer by its receipt number (回单号), as typed with spaces or a lower-case t", async () => {
    const x = await succeeded(4_200);
    const receiptNo: string = (await t.api("GET", `/v1/transfers/${x.transferId}`, { token: x.sender.token })).body.receiptNo;
    expect(receiptNo).toMatch(/^T2026\d{14}$/);
    const typed = `t${receiptNo.slice(1, 9)} ${receiptNo.slice(9)}`;
    const p = await t.api("POST", "/v1/agent/reversals", {
      token: agent,
      body: { receiptNo: typed, reason: "用户来电，报回单号要求退回" },
    });
    expect(p.status).toBe(201);
    expect(p.body).toMatchObject({ transferId: x.transferId, receiptNo, status: "pending", amountFen: 4_200 });
    const unknown = await t.api("POST", "/v1/agent/reversals", {
      token: agent,
      body: { receiptNo: "T202611240000000000", reason: "不存在的回单" },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toContain("T202611240000000000");
    const neither = await t.api("POST", "/v1/agent/reversals", { token: agent, body: { reason: "没有转账" } });
    expect(neither.status).toBe(400);
    // Both given but naming different transfers: refused rather than guessing.
    const y = await succeeded(300);
    const mixed = await t.api("POST", "/v1/agent/reversals", {
      token: agent,
      body: { transferId: y.transferId, receiptNo, reason: "两个号码不一致" },
    });
    expect(mixed.status).toBe(400);
  });

  it("lists payer, payee (masked), amount, date, receipt number, proposer and reason", async () => {
    const x = await succeeded(6_600);
    const tr = (await t.api("GET", `/v1/transfers/${x.transferId}`, { token: x.sender.token })).body;
    const p = await t.api("POST", "/v1/agent/reversals", { token: agent, body: { transferId: x.transferId, reason: "收款方同意退回" } });
    const list = await t.api("GET", "/v1/agent/reversals?status=pending", { token: sup1 });
    const row = list.body.items.find((r: { id: string }) => r.id === p.body.id);
    expect(row).toMatchObject({
      receiptNo: tr.receiptNo,
      amountFen: 6_600,
      reason: "收款方同意退回",
      proposerUsername: "agent01",
      transfer: {
        receiptNo: tr.receiptNo,
        status: "succeeded",
        payer: { personId: x.sender.personId },
        payee: { personId: x.recipient.personId },
      },
    });
    expect(row.transfer.payer.maskedName).toMatch(/\*/);
    expect(row.transfer.payee.maskedName).toMatch(/\*/);
    expect(new Date(row.transfer.createdAt).getTime()).toBeGreaterThan(0);
    expect((await t.api("GET", `/v1/agent/reversals/${p.body.id}`, { token: agent })).body.transfer.receiptNo).toBe(tr.receiptNo);
  });

  it("notifies both users (transfer.reversed) when a reversal is approved, and neither when it is rejected", async () => {
    const x = await succeeded(2_500);
    const receiptNo: string = (await t.api("GET", `/v1/transfers/${x.transferId}`, { token: x.sender.token })).body.receiptNo;
    const p = await t.api("POST", "/v1/agent/reversals", { token: agent, body: { receiptNo, reason: "误转，双方同意" } });
    expect((await inbox(x.sender.token)).filter((n) => n.kind === "transfer.reversed")).toHaveLength(0);
    expect((await t.api("POST", `/v1/agent/reversals/${p.body.id}/approve`, { token: sup1 })).status).toBe(200);
    const payer = (await inbox(x.sender.token)).filter((n) => n.kind === "transfer.reversed");
    const payee = (await inbox(x.recipient.token)).filter((n) => n.kind === "transfer.reversed");
    expect(payer).toHaveLength(1);
    expect(payee).toHaveLength(1);
    expect(payer[0]).toMatchObject({
      title: "共济转账已冲正",
      data: { transferId: x.transferId, receiptNo, amountFen: 2_500, side: "payer" },
    });
    expect(payer[0]!.body).toContain("¥25.00");
    expect(payer[0]!.body).toContain("退回您的医保钱包");
    expect(payee[0]).toMatchObject({ data: { receiptNo, side: "payee" } });
    expect(payee[0]!.body).toContain(receiptNo);
    // The bills of both show the reversal line.
    const bills = async (token: string) =>
      (await t.api("GET", "/v1/wallet/entries?limit=20", { token })).body.items as { kind: string; amountFen: number }[];
    expect((await bills(x.sender.token)).find((e) => e.kind === "transfer_reversal")).toMatchObject({ amountFen: 2_500 });
    expect((await bills(x.recipient.token)).find((e) => e.kind === "transfer_reversal")).toMatchObject({ amountFen: -2_500 });

    const z = await succeeded(700);
    const q = await t.api("POST", "/v1/agent/reversals", { token: agent, body: { transferId: z.transferId, reason: "驳回的申请" } });
    await t.api("POST", `/v1/agent/reversals/${q.body.id}/reject`, { token: sup1 });
    expect((await inbox(z.sender.token)).some((n) => n.kind === "transfer.reversed")).toBe(false);
    expect((await inbox(z.recipient.token)).some((n) => n.kind === "transfer.reversed")).toBe(false);
  });

  it("writes no notification when the approval fails (same transaction)", async () => {
    const x = await succeeded(5_000);
    const p = await t.api("POST", "/v1/agent/reversals", { token: agent, body: { transferId: x.transferId, reason: "随后资金被用掉" } });
    const w = (await walletById(t.db, x.recipient.walletId))!;
    await t.db.transaction((tx) =>
      post(tx, { kind: "test_spend", businessAt: t.clock.now() }, [
        { accountId: w.receivedAccountId, amount: -1_000 },
        { accountId: pools.medicalSettlement("320500"), amount: 1_000 },
      ]),
    );
    expect((await t.api("POST", `/v1/agent/reversals/${p.body.id}/approve`, { token: sup1 })).status).toBe(422);
    expect((await inbox(x.sender.token)).some((n) => n.kind === "transfer.reversed")).toBe(false);
    expect((await inbox(x.recipient.token)).some((n) => n.kind === "transfer.reversed")).toBe(false);
  });
});

describe("freeze and unfreeze tell the user why", () => {
  it("writes wallet.frozen and wallet.unfrozen with the reason into the manager's inbox", async () => {
    const p = await pair(t);
    await t.api("POST", `/v1/agent/wallets/${p.sender.walletId}/freeze`, { token: agent, body: { reason: "用户报告手机丢失" } });
    await t.api("POST", `/v1/agent/wallets/${p.sender.walletId}/unfreeze`, { token: sup1, body: { reason: "用户已找回手机" } });
    const items = (await t.api("GET", "/v1/notifications?limit=50", { token: p.sender.token })).body.items as {
      kind: string;
      body: string;
      data: Record<string, unknown>;
    }[];
    const frozen = items.find((n) => n.kind === "wallet.frozen");
    const unfrozen = items.find((n) => n.kind === "wallet.unfrozen");
    expect(frozen).toMatchObject({ data: { walletId: p.sender.walletId, reason: "用户报告手机丢失" } });
    expect(frozen!.body).toContain("用户报告手机丢失");
    expect(unfrozen).toMatchObject({ data: { walletId: p.sender.walletId, reason: "用户已找回手机" } });
    // A refused change (already active) tells nobody.
    await t.api("POST", `/v1/agent/wallets/${p.sender.walletId}/unfreeze`, { token: sup1, body: { reason: "重复解冻" } });
    const after = (await t.api("GET", "/v1/notifications?limit=50", { token: p.sender.token })).body.items as { kind: string }[];
    expect(after.filter((n) => n.kind === "wallet.unfrozen")).toHaveLength(1);
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
