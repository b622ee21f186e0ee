import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { pgCode } from "../../src/lib/pg-errors";
import { createTestApp } from "../support/app";
import { pair, send } from "../support/transfers";
import { balances, ledgerOk } from "../support/wallets";

// migrations/0001_immutable_ledger.sql: journal rows can be inserted, never changed.
const t = await createTestApp();

describe("the append-only ledger trigger", () => {
  it("lets money move as before", async () => {
    const { sender, recipient, bindingId } = await pair(t);
    const r = await send(t, sender.token, bindingId, 1_000);
    expect(r.status).toBe(201);
    expect((await t.api("POST", `/v1/transfers/${r.body.id}/accept`, { token: recipient.token })).status).toBe(200);
    expect((await balances(t, recipient)).receivedFen).toBe(1_000);
    expect((await ledgerOk(t)).ok).toBe(true);
  });

  it.each([
    ["update an entry", "update journal_entries set amount = amount + 1 where id = (select min(id) from journal_entries)"],
    ["update a transaction", "update journal_transactions set memo = 'edited' where id = (select min(id) from journal_transactions)"],
    ["delete an entry", "delete from journal_entries where id = (select min(id) from journal_entries)"],
    ["delete a transaction", "delete from journal_transactions where id = (select max(id) from journal_transactions)"],
    ["truncate the entries", "truncate journal_entries"],
    ["truncate the transactions", "truncate journal_transactions cascade"],
  ])("refuses to %s", async (_, stmt) => {
    const before = await t.db.execute(sql`select count(*)::int as n, coalesce(sum(amount), 0)::text as s from journal_entries`);
    const err = await t.db.execute(sql.raw(stmt)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(pgCode(err)).toBe("P0001");
    expect(String((err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message)).toMatch(/append-only/);
    const after = await t.db.execute(sql`select count(*)::int as n, coalesce(sum(amount), 0)::text as s from journal_entries`);
    expect(after).toEqual(before);
  });
});
