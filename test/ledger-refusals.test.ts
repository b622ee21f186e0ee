import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { connectPostgres } from "../src/db/url";
import { DomainError } from "../src/lib/problem";
import { pgCode } from "../src/lib/pg-errors";
import { rowsOf } from "../src/lib/rows";
import { pools } from "../src/modules/ledger/ledger.accounts";
import { post } from "../src/modules/ledger/ledger.service";
import { createTestApp } from "./support/app";
import { blockedBy } from "./support/db";
import { pair, send } from "./support/transfers";
import { balances, ledgerOk } from "./support/wallets";

// A posting statement refuses by failing a cast whose text carries a marker (LEDGER_REFUSED:…). The
// markers are bound parameters, and drizzle's error message lists the parameters ("Failed query: …
// params: …"): any other failure of a credit statement (a lost connection, a cancel, a lock timeout, a
// unique violation) used to be read as the first marker in that list, WALLET_CLOSED, and answered a
// false 422 WALLET_NOT_ACTIVE for an open wallet — even when the statement had committed and only its
// reply was lost (the chaos smoke: "every attempt was refused but it was applied").
const t = await createTestApp();

async function receivedAccount(walletId: string): Promise<string> {
  const [w] = rowsOf<{ id: string }>(await t.db.execute(sql`select received_account_id as id from wallets where id = ${walletId}`));
  return w!.id;
}

describe("a credit statement's refusals come from the database's own error only", () => {
  it("a credit statement failing for another reason (a unique violation) is that error, not WALLET_NOT_ACTIVE", async () => {
    const { recipient } = await pair(t);
    const account = await receivedAccount(recipient.walletId);
    const credit = (transactionId: string) =>
      post(
        t.db,
        { kind: "test_credit", businessAt: new Date() },
        [
          { accountId: pools.personalAccountFund("110100"), amount: -100 },
          { accountId: account, amount: 100 },
        ],
        { transactionId },
      );
    const first = await credit("01TESTREFUSALS000000000001");
    expect(first.posted).toBe(true);
    // The same journal transaction id again: the insert fails on its primary key.
    const err = await credit("01TESTREFUSALS000000000001").then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).not.toBeNull();
    expect(err).not.toBeInstanceOf(DomainError);
    expect(pgCode(err)).toBe("23505");
    expect((await balances(t, recipient)).receivedFen).toBe(100);
    expect((await ledgerOk(t)).ok).toBe(true);
  });

  it.runIf(t.handle.kind === "postgres")(
    "an accept cancelled while it waits for the recipient's account lock answers 503 BUSY (nothing applied), never 422 WALLET_NOT_ACTIVE",
    async () => {
      const { sender, recipient, bindingId } = await pair(t);
      const created = await send(t, sender.token, bindingId, 1_234);
      expect(created.status).toBe(201);
      const account = await receivedAccount(recipient.walletId);
      const holder = connectPostgres((t.handle as { url?: string }).url!, { max: 1, onnotice: () => {} });
      const watcher = connectPostgres((t.handle as { url?: string }).url!, { max: 1, onnotice: () => {} });
      try {
        // Connection 1 holds the recipient's account row lock in an open transaction.
        const reserved = await holder.reserve();
        await reserved`begin`;
        await reserved`select 1 from ledger_accounts where id = ${account} for update`;
        const holderPid = Number((await reserved`select pg_backend_pid() as p`)[0]!.p);
        // The accept (on the app's pool) queues behind that lock...
        const accepting = t.api("POST", `/v1/transfers/${created.body.id}/accept`, { token: recipient.token });
        // ...until PostgreSQL shows it blocked by connection 1 (a condition, not a delay)...
        const blocked = await blockedBy(watcher, holderPid);
        expect(blocked).toBeDefined();
        // ...and is cancelled there (as a lost connection or a statement timeout would end it).
        const [c] = await watcher`select pg_cancel_backend(${blocked!}) as ok`;
        expect(c!.ok).toBe(true);
        const r = await accepting;
        expect(r.status).toBe(503);
        expect(r.body.code).toBe("BUSY");
        await reserved`rollback`;
        reserved.release();
      } finally {
        await holder.end({ timeout: 5 });
        await watcher.end({ timeout: 5 });
      }
      // Nothing was applied: the transfer is still pending, and accepting it now succeeds.
      expect((await balances(t, recipient)).receivedFen).toBe(0);
      const again = await t.api("POST", `/v1/transfers/${created.body.id}/accept`, { token: recipient.token });
      expect(again.status).toBe(200);
      expect((await balances(t, recipient)).receivedFen).toBe(1_234);
      expect((await ledgerOk(t)).ok).toBe(true);
    },
  );
});
