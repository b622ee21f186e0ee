import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { hashPassword } from "../src/lib/crypto";
import { rowsOf } from "../src/lib/rows";
import { checkLedger } from "../src/modules/ledger/ledger.check";
import { post } from "../src/modules/ledger/ledger.service";
import { pools } from "../src/modules/ledger/ledger.accounts";
import { wallets } from "../src/modules/wallet/wallet.schema";
import { createTestApp } from "./support/app";
import { pair, send } from "./support/transfers";
import { balances, PIN } from "./support/wallets";

// The PIN check as one atomic step (issue #24) under a key kept outside the database (#17), and no
// movement that credits a wallet reaching a closed one.
const t = await createTestApp();

async function walletRow(id: string) {
  const [w] = await t.db.select().from(wallets).where(eq(wallets.id, id));
  return w!;
}

describe("payment PIN", () => {
  it("stores a keyed, versioned hash", async () => {
    const { sender } = await pair(t);
    const w = await walletRow(sender.walletId);
    expect(w.passwordHash).toMatch(/^pin-hmac-sha256\$1\$[\w-]{22}\$[0-9a-f]{64}$/);
    expect(w.passwordHash).not.toContain(PIN);
  });

  it("100 parallel wrong PINs: exactly five are evaluated; then the right PIN is refused until the lock ends", async () => {
    const { sender, bindingId } = await pair(t);
    const burst = await Promise.all(Array.from({ length: 100 }, () => send(t, sender.token, bindingId, 100, { pin: "147258" })));
    const wrong = burst.filter((r) => r.body.code === "PASSWORD_WRONG");
    const locked = burst.filter((r) => r.body.code === "PASSWORD_LOCKED");
    // Four answered "wrong, n left", the fifth locked, every other one was refused without a look at its PIN.
    expect(wrong.map((r) => r.body.remainingAttempts).sort()).toEqual([1, 2, 3, 4]);
    // (Admission control may shed some of the burst with 503 BUSY before any check: nothing evaluated either.)
    const busy = burst.filter((r) => r.body.code === "BUSY");
    expect(locked.length + busy.length).toBe(96);
    const w = await walletRow(sender.walletId);
    expect(w.passwordFailures).toBe(5);
    const right = await send(t, sender.token, bindingId, 100);
    expect([right.status, right.body.code]).toEqual([423, "PASSWORD_LOCKED"]);
    expect(await balances(t, sender)).toMatchObject({ ownFen: 100_000, heldFen: 0 });

    const at = t.clock.now();
    t.clock.set(new Date(w.passwordLockedUntil!.getTime() + 1000));
    try {
      const after = await send(t, sender.token, bindingId, 100);
      expect(after.status).toBe(201);
      expect((await walletRow(sender.walletId)).passwordFailures).toBe(0);
    } finally {
      t.clock.set(at);
    }
  });

  it("an old PBKDF2 hash is verified the old way once, then re-hashed under the key; its failures count too", async () => {
    const { sender, bindingId } = await pair(t);
    const old = await hashPassword(PIN, t.config.secrets.passwordPepper, 2000);
    await t.db.update(wallets).set({ passwordHash: old }).where(eq(wallets.id, sender.walletId));
    const wrong = await send(t, sender.token, bindingId, 100, { pin: "147258" });
    expect(wrong.body).toMatchObject({ code: "PASSWORD_WRONG", remainingAttempts: 4 });
    expect((await walletRow(sender.walletId)).passwordHash).toBe(old);
    const ok = await send(t, sender.token, bindingId, 100);
    expect(ok.status).toBe(201);
    const w = await walletRow(sender.walletId);
    expect(w.passwordHash).toMatch(/^pin-hmac-sha256\$1\$/);
    expect(w.passwordFailures).toBe(0);
  });
});

describe("closed wallets receive nothing", () => {
  it("accepting into a closed wallet is refused, and nothing moves", async () => {
    const { sender, recipient, bindingId } = await pair(t);
    const r = await send(t, sender.token, bindingId, 1_500);
    expect(r.status).toBe(201);
    await t.db.update(wallets).set({ status: "closed" }).where(eq(wallets.id, recipient.walletId));
    const acc = await t.api("POST", `/v1/transfers/${r.body.id}/accept`, { token: recipient.token });
    expect([acc.status, acc.body.code]).toEqual([422, "WALLET_NOT_ACTIVE"]);
    const again = await t.api("GET", `/v1/transfers/${r.body.id}`, { token: sender.token });
    expect(again.body.status).toBe("pending");
    expect((await checkLedger(t.db)).ok).toBe(true);
  });

  it("the ledger refuses any credit to a closed wallet's account, with or without a lock", async () => {
    const { sender } = await pair(t);
    const w = await walletRow(sender.walletId);
    await t.db.update(wallets).set({ status: "closed" }).where(eq(wallets.id, sender.walletId));
    const credit = post(t.db, { kind: "test_credit", businessAt: t.clock.now() }, [
      { accountId: pools.personalAccountFund("320500"), amount: -100 },
      { accountId: w.ownAccountId, amount: 100 },
    ]);
    await expect(credit).rejects.toMatchObject({ code: "WALLET_NOT_ACTIVE" });
    // A movement that debits one account and credits the closed one (a reversal's shape) takes the locked path.
    const { wallet: other } = { wallet: await walletRow((await pair(t)).sender.walletId) };
    const moved = t.db.transaction((tx) =>
      post(tx, { kind: "test_move", businessAt: t.clock.now() }, [
        { accountId: other.ownAccountId, amount: -100 },
        { accountId: w.receivedAccountId, amount: 100 },
      ]),
    );
    await expect(moved).rejects.toMatchObject({ code: "WALLET_NOT_ACTIVE" });
    const [n] = rowsOf<{ n: number }>(
      await t.db.execute(sql`select count(*)::int as n from journal_transactions where kind in ('test_credit', 'test_move')`),
    );
    expect(n!.n).toBe(0);
  });

  it("the ledger check names a closed wallet that holds money", async () => {
    const { sender } = await pair(t);
    await t.db.update(wallets).set({ status: "closed" }).where(eq(wallets.id, sender.walletId));
    try {
      const check = await checkLedger(t.db);
      expect(check.problems).toContainEqual(expect.objectContaining({ kind: "closed_wallet_holds_money" }));
    } finally {
      await t.db.update(wallets).set({ status: "active" }).where(eq(wallets.id, sender.walletId));
    }
  });
});
