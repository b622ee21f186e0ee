import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sandboxRegionCore } from "../src/adapters/region-core";
import { sandboxRegistry } from "../src/adapters/registry";
import { AdapterError, type PersonalAccountReturn, type RegionCoreAdapter } from "../src/adapters/types";
import { rowsOf } from "../src/lib/rows";
import { personalAccountReturns } from "../src/modules/wallet/closing.schema";
import { allocateReceived } from "../src/modules/wallet/closing.service";
import { agentToken } from "./support/admin";
import { createTestApp, type TestApp } from "./support/app";
import { bind } from "./support/family";
import { charge, ecode, newMerchant, orderNo } from "./support/merchants";
import { newPerson, relate, type User } from "./support/people";
import { regionKey, signedCall } from "./support/signed";
import { send } from "./support/transfers";
import { balances, ledgerOk, openWallet, PIN, walletUser } from "./support/wallets";

/**
 * The region core the app talks to: the sandbox core behind a switch, so a test can make it fail, time
 * out after applying (the ambiguous case), or refuse.
 */
const core = {
  mode: "ok" as "ok" | "down" | "applied-then-lost" | "refuse",
  inner: null as RegionCoreAdapter | null,
  calls: [] as PersonalAccountReturn[],
  async returnToPersonalAccount(r: PersonalAccountReturn) {
    this.calls.push(r);
    if (this.mode === "down") throw new AdapterError("region-core", "AbortError");
    if (this.mode === "refuse") throw new AdapterError("region-core", "refused: HTTP 422 ACCOUNT_CLOSED", "rejected");
    const answer = await this.inner!.returnToPersonalAccount(r);
    if (this.mode === "applied-then-lost") throw new AdapterError("region-core", "AbortError");
    return answer;
  },
};

const t = await createTestApp({ now: "2026-11-24T10:00:00+08:00", adapters: { regionCore: core } });
const keys = { lookup: t.config.secrets.lookupHmac, encryption: t.config.secrets.encryption };
core.inner = sandboxRegionCore(t.db, sandboxRegistry(t.db, keys), keys);

const MIN = 60_000;
const DAY = 86_400_000;
const advance = (ms: number) => t.clock.set(new Date(t.clock.now().getTime() + ms));

/** A new spouse of `u` with a wallet of `ownFen`, who sends `fen` that `u` accepts. */
async function giver(t: TestApp, u: User, fen: number, ownFen: number) {
  const g = await newPerson(t, { insurance: "employee", personalAccountFen: ownFen, regionCode: u.regionCode, birthDate: "1975-06-06" });
  await relate(t, u, g, "spouse");
  const { bindingId, relativeToken } = await bind(t, u, g, "spouse");
  const walletId = await openWallet(t, { ...g, token: relativeToken });
  const tr = await send(t, relativeToken, bindingId, fen);
  if (tr.status !== 201) throw new Error(`transfer: ${tr.status} ${JSON.stringify(tr.body)}`);
  const acc = await t.api("POST", `/v1/transfers/${tr.body.id}/accept`, { token: u.token });
  if (acc.status !== 200) throw new Error(`accept: ${acc.status} ${JSON.stringify(acc.body)}`);
  return { token: relativeToken, walletId, bindingId, receiptNo: tr.body.receiptNo as string, transferId: tr.body.id as string };
}

const close = (u: { token: string }, pin = PIN) => t.api("POST", "/v1/wallet/close", { token: u.token, body: { paymentPassword: pin } });

async function coreBook() {
  return rowsOf<{ return_id: string; amount_fen: string }>(
    await t.db.execute(sql`select return_id, amount_fen from sandbox_region_core_returns`),
  );
}

async function poolSum(id: string) {
  const [r] = rowsOf<{ s: string | null }>(await t.db.execute(sql`select sum(amount) as s from journal_entries where account_id = ${id}`));
  return Number(r?.s ?? 0);
}

async function journalCount(kind: string, reference?: string) {
  const [r] = rowsOf<{ n: string }>(
    await t.db.execute(
      sql`select count(*) as n from journal_transactions where kind = ${kind} ${reference ? sql`and reference = ${reference}` : sql``}`,
    ),
  );
  return Number(r!.n);
}

const runJobs = () => t.api("POST", "/v1/sandbox/jobs/run");

describe("the rule for received funds", () => {
  const tr = (id: string, sender: string, amountFen: number, fromOwnFen: number) => ({
    transferId: id,
    receiptNo: id,
    amountFen,
    fromOwnFen,
    senderWalletId: sender,
    senderPersonId: `p-${sender}`,
    senderOwnAccountId: `o-${sender}`,
    senderReceivedAccountId: `r-${sender}`,
    senderManagerUserId: `u-${sender}`,
    senderRegionCode: "320500",
    senderMaskedName: sender,
  });

  it("gives back to the oldest accepted transfer first, own part first, and stops when nothing is left", () => {
    const { senders, unattributedFen } = allocateReceived(
      250,
      [tr("t1", "A", 100, 30), tr("t2", "B", 120, 120), tr("t3", "A", 50, 0), tr("t4", "C", 500, 500)],
      new Set(["B"]),
    );
    expect(unattributedFen).toBe(0);
    expect(senders.map((s) => [s.senderWalletId, s.amountFen, s.toOwnFen, s.toReceivedFen, s.via, s.receiptNos])).toEqual([
      ["A", 130, 30, 100, "wallet", ["t1", "t3"]],
      ["B", 120, 120, 0, "personal_account", ["t2"]],
    ]);
    expect(allocateReceived(300, [tr("t1", "A", 100, 100)], new Set()).unattributedFen).toBe(200);
  });
});

describe("closing a wallet that holds money", () => {
  it("sends own funds to the personal account and received funds back to their senders, oldest first, once", async () => {
    core.mode = "ok";
    const holder = await walletUser(t, { personalAccountFen: 5_000 });
    const a = await giver(t, holder, 10_000, 30_000);
    advance(MIN);
    const b = await giver(t, holder, 15_000, 15_000);
    // ¥100 at a hospital: ¥50 own, ¥50 received → ¥200 received left.
    const m = await newMerchant(t);
    const paid = await charge(t, m, { ecode: await ecode(t, holder), orderNo: orderNo(), amountFen: 10_000 });
    expect(paid.status).toBe(201);
    const key = await regionKey(t, holder.regionCode);
    const credit = { idNumber: holder.idNumber, amountFen: 7_000, period: "2026-11", reference: `c-${holder.walletId}` };
    expect((await signedCall(t, key, "POST", "/v1/integration/personal-account-credits", credit)).status).toBe(201);
    expect(await balances(t, holder)).toMatchObject({ ownFen: 7_000, receivedFen: 20_000 });

    // The payment may still be refunded: closing waits for the refund window.
    const blocked = await close(holder);
    expect(blocked.status).toBe(422);
    expect(blocked.body).toMatchObject({ code: "WALLET_CLOSE_BLOCKED", reasons: ["open_settlements"] });
    expect(blocked.body.detail).toContain("退款");
    expect(blocked.body.detailEn).toContain("refunded");
    expect((await t.api("GET", "/v1/wallet", { token: holder.token })).body.status).toBe("active");

    advance(31 * DAY);
    expect((await close(holder, "000000")).body.code).toBe("PASSWORD_WRONG");
    const closed = await close(holder);
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe("closed");
    expect(closed.body.balances).toMatchObject({ ownFen: 0, receivedFen: 0, heldFen: 0, totalFen: 0 });
    expect(closed.body.closure).toMatchObject({
      ownFen: 7_000,
      receivedFen: 20_000,
      personalAccount: { amountFen: 7_000, regionCode: holder.regionCode, status: "confirmed" },
      senders: [
        { amountFen: 10_000, via: "wallet", receiptNos: [a.receiptNo], status: "confirmed" },
        { amountFen: 10_000, via: "wallet", receiptNos: [b.receiptNo], status: "confirmed" },
      ],
    });
    expect(closed.body.closure.personalAccount.regionName).not.toMatch(/^\d+$/);
    // Back where it came from: A sent ¥100 of own funds and gets ¥100; B gets ¥100 of its ¥150.
    expect(await balances(t, { token: a.token })).toMatchObject({ ownFen: 30_000, receivedFen: 0 });
    expect(await balances(t, { token: b.token })).toMatchObject({ ownFen: 10_000, receivedFen: 0 });
    const notice = await t.api("GET", "/v1/notifications", { token: b.token });
    expect(notice.body.items[0]).toMatchObject({ kind: "wallet.closing_return" });
    expect(notice.body.items[0].body).toContain("¥100.00");

    // The core credited the personal account once; the in-transit account is empty again.
    const book = (await coreBook()).filter((r) => core.calls.some((c) => c.returnId === r.return_id && c.idNumber === holder.idNumber));
    expect(book.map((r) => Number(r.amount_fen))).toEqual([7_000]);
    expect(await poolSum(`pool:personal_account_returns:${holder.regionCode}`)).toBe(0);
    expect(await journalCount("wallet_closing", closed.body.closure.id)).toBe(1);

    // Closing happens once; the outcome stays readable; the retry job pays nothing more.
    expect((await close(holder)).body.code).toBe("WALLET_NOT_ACTIVE");
    const view = await t.api("GET", "/v1/wallet/closure", { token: holder.token });
    expect(view.status).toBe(200);
    expect(view.body).toEqual(closed.body.closure);
    advance(2 * DAY);
    expect((await runJobs()).status).toBe(200);
    expect((await coreBook()).filter((r) => r.return_id === core.calls.at(-1)!.returnId)).toHaveLength(1);
    expect((await ledgerOk(t)).problems).toEqual([]);
    const audit = rowsOf<{ details: unknown }>(
      await t.db.execute(sql`select details from audit_log where action = 'wallet.close' and subject_id = ${holder.walletId}`),
    );
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.details)).not.toContain(holder.idNumber);
  });

  it("an open wallet has no closure to show", async () => {
    const u = await walletUser(t);
    expect((await t.api("GET", "/v1/wallet/closure", { token: u.token })).status).toBe(404);
  });

  it("a sender whose wallet is closed gets the part on their personal account", async () => {
    core.mode = "ok";
    const holder = await walletUser(t, { insurance: "resident", personalAccountFen: 0 });
    const a = await giver(t, holder, 4_000, 4_000);
    // A's wallet is now empty: A closes it first.
    expect((await close({ token: a.token })).status).toBe(200);
    const closed = await close(holder);
    expect(closed.status).toBe(200);
    expect(closed.body.closure).toMatchObject({
      ownFen: 0,
      receivedFen: 4_000,
      personalAccount: null,
      senders: [{ amountFen: 4_000, via: "personal_account", status: "confirmed" }],
    });
    const last = core.calls.at(-1)!;
    expect(last).toMatchObject({ amountFen: 4_000, reason: "received_return", regionCode: holder.regionCode });
    expect((await ledgerOk(t)).problems).toEqual([]);
  });
});

describe("closing is refused while something is pending", () => {
  it("a transfer waiting either way, and a reversal awaiting approval", async () => {
    core.mode = "ok";
    const holder = await walletUser(t, { personalAccountFen: 10_000 });
    const a = await giver(t, holder, 1_000, 5_000);
    const pending = await send(t, a.token, a.bindingId, 500);
    expect(pending.status).toBe(201);
    const r1 = await close(holder);
    expect(r1.body).toMatchObject({ code: "WALLET_CLOSE_BLOCKED", reasons: ["pending_transfers"] });
    expect((await close({ token: a.token })).body).toMatchObject({ code: "WALLET_CLOSE_BLOCKED", reasons: ["pending_transfers"] });
    expect((await t.api("POST", `/v1/transfers/${pending.body.id}/decline`, { token: holder.token })).status).toBe(200);

    const sup = await agentToken(t);
    const proposed = await t.api("POST", "/v1/agent/reversals", {
      token: sup,
      body: { transferId: a.transferId, reason: "误转，双方同意退回" },
    });
    expect(proposed.status).toBe(201);
    const r2 = await close(holder);
    expect(r2.body).toMatchObject({ code: "WALLET_CLOSE_BLOCKED", reasons: ["pending_reversals"] });
    expect(await balances(t, holder)).toMatchObject({ ownFen: 10_000, receivedFen: 1_000 });
    expect((await ledgerOk(t)).problems).toEqual([]);
  });

  it("two closings at once: one closes, the other is told it is closed, the money moves once", async () => {
    core.mode = "ok";
    const holder = await walletUser(t, { personalAccountFen: 3_000 });
    const a = await giver(t, holder, 2_000, 2_000);
    const both = await Promise.all([close(holder), close(holder)]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 422]);
    expect(both.find((r) => r.status === 422)!.body.code).toBe("WALLET_NOT_ACTIVE");
    expect(await balances(t, { token: a.token })).toMatchObject({ ownFen: 2_000 });
    expect((await ledgerOk(t)).problems).toEqual([]);
  });
});

describe("closing under races and freezes", () => {
  it("a frozen wallet cannot be closed", async () => {
    core.mode = "ok";
    const u = await walletUser(t, { personalAccountFen: 500 });
    const sup = await agentToken(t);
    expect((await t.api("POST", `/v1/agent/wallets/${u.walletId}/freeze`, { token: sup, body: { reason: "疑似账户被盗" } })).status).toBe(
      200,
    );
    const r = await close(u);
    expect(r.body).toMatchObject({ code: "WALLET_NOT_ACTIVE", frozen: true });
    expect(await balances(t, u)).toMatchObject({ ownFen: 500 });
  });

  it("closing while a relative sends and the holder accepts, at once: no money is left in a closed wallet, none twice", async () => {
    core.mode = "ok";
    for (let round = 0; round < 5; round++) {
      const holder = await walletUser(t, { personalAccountFen: 1_000 });
      const a = await giver(t, holder, 300, 5_000);
      const incoming = await send(t, a.token, a.bindingId, 200);
      expect(incoming.status).toBe(201);
      // The pending transfer blocks closing; accept it and close at the same moment.
      const [acc, cl] = await Promise.all([
        t.api("POST", `/v1/transfers/${incoming.body.id}/accept`, { token: holder.token }),
        close(holder),
      ]);
      expect([200, 422, 503]).toContain(acc.status);
      expect([200, 422, 503]).toContain(cl.status);
      const w = await t.api("GET", "/v1/wallet", { token: holder.token });
      if (w.body.status === "closed") expect(w.body.balances.totalFen).toBe(0);
      if (cl.status === 200) {
        // Whatever was received went back to A: A holds 5,000 − 300 − 200 + what came back.
        const back = cl.body.closure.senders.reduce((n: number, s: { amountFen: number }) => n + s.amountFen, 0);
        const aNow = await balances(t, { token: a.token });
        expect(aNow.totalFen).toBe(5_000 - 500 + back + (acc.status === 200 ? 0 : 200));
      }
      expect((await ledgerOk(t)).problems).toEqual([]);
    }
  });
});

describe("the region core failing", () => {
  it("down, then applied with the answer lost, then up: the wallet closes at once, the core is paid once", async () => {
    const holder = await walletUser(t, { personalAccountFen: 6_000 });
    core.mode = "down";
    const closed = await close(holder);
    expect(closed.status).toBe(200);
    expect(closed.body.closure.personalAccount).toMatchObject({ amountFen: 6_000, status: "pending", confirmedAt: null });
    const pool = `pool:personal_account_returns:${holder.regionCode}`;
    const before = await poolSum(pool);
    expect(before).toBeGreaterThanOrEqual(6_000);
    const [ret] = await t.db.select().from(personalAccountReturns).where(eq(personalAccountReturns.closureId, closed.body.closure.id));
    expect(ret).toMatchObject({ status: "pending", attempts: 1 });

    // Not yet due: the job leaves it alone.
    await runJobs();
    expect((await t.db.select().from(personalAccountReturns).where(eq(personalAccountReturns.id, ret!.id)))[0]!.attempts).toBe(1);
    advance(MIN);
    await runJobs();
    const [r2] = await t.db.select().from(personalAccountReturns).where(eq(personalAccountReturns.id, ret!.id));
    expect(r2).toMatchObject({ status: "pending", attempts: 2 });
    expect(r2!.nextAttemptAt.getTime()).toBe(t.clock.now().getTime() + 2 * MIN);

    core.mode = "applied-then-lost";
    advance(2 * MIN);
    await runJobs();
    expect((await coreBook()).filter((r) => r.return_id === ret!.id)).toHaveLength(1);
    expect((await t.db.select().from(personalAccountReturns).where(eq(personalAccountReturns.id, ret!.id)))[0]!.status).toBe("pending");

    core.mode = "ok";
    advance(4 * MIN);
    await runJobs();
    const [r3] = await t.db.select().from(personalAccountReturns).where(eq(personalAccountReturns.id, ret!.id));
    expect(r3).toMatchObject({ status: "confirmed", attempts: 4 });
    expect((await coreBook()).filter((r) => r.return_id === ret!.id).map((r) => Number(r.amount_fen))).toEqual([6_000]);
    expect(core.calls.filter((c) => c.returnId === ret!.id)).toHaveLength(4);
    expect(await journalCount("personal_account_return", ret!.id)).toBe(1);
    expect(await poolSum(pool)).toBe(before - 6_000);
    const view = await t.api("GET", "/v1/wallet/closure", { token: holder.token });
    expect(view.body.personalAccount).toMatchObject({ status: "confirmed" });
    expect(view.body.personalAccount.confirmedAt).toBe(t.clock.now().toISOString());
    expect((await ledgerOk(t)).problems).toEqual([]);
  });

  it("a refusal stops the retries and is audited; the money waits in transit for an agent", async () => {
    const holder = await walletUser(t, { personalAccountFen: 1_234 });
    core.mode = "refuse";
    const closed = await close(holder);
    expect(closed.status).toBe(200);
    expect(closed.body.closure.personalAccount).toMatchObject({ amountFen: 1_234, status: "rejected" });
    const n = core.calls.length;
    advance(DAY);
    core.mode = "ok";
    await runJobs();
    expect(core.calls.length).toBe(n);
    const audit = rowsOf(await t.db.execute(sql`select 1 from audit_log where action = 'personal_account_return.rejected'`));
    expect(audit.length).toBeGreaterThanOrEqual(1);
    expect((await ledgerOk(t)).problems).toEqual([]);
  });
});
