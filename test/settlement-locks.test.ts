import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import { describe, expect, it } from "vitest";
import type { Db } from "../src/db/client";
import { preparing } from "../src/db/node";
import * as schema from "../src/db/schema";
import { connectPostgres } from "../src/db/url";
import { backgroundCtx } from "../src/entry/build";
import { rowsOf } from "../src/lib/rows";
import { settle } from "../src/modules/settlement/settlement.service";
import { createTestApp } from "./support/app";
import { blockedBy } from "./support/db";
import { loginAs } from "./support/family";
import { ecode, newMerchant, orderNo } from "./support/merchants";
import { newPerson, relate, verifiedUser } from "./support/people";
import { balances, ledgerOk, openWallet, PIN, walletUser } from "./support/wallets";

// A settlement's read locks the payer's sub-balances (FOR UPDATE). When another transaction changed
// such a row meanwhile (another payment of the same patient), PostgreSQL waits for it and then
// re-checks the row's new version (EvalPlanQual). The bench once answered a single false 422
// INSUFFICIENT_FUNDS to a patient holding ¥100,000: the read must return the locked row's new
// balance there, never lose the row (a lost row reads as a balance of 0). The app prepares its
// statements, so after a few runs a connection may use PostgreSQL's generic plan: both are tried.
const t = await createTestApp();
// The re-check's outcome depended on where the new row version landed: several rounds per case.
const ROUNDS = 5;

async function accountsOf(walletId: string) {
  const [w] = rowsOf<{ own: string; received: string }>(
    await t.db.execute(sql`select own_account_id as own, received_account_id as received from wallets where id = ${walletId}`),
  );
  return w!;
}

describe.runIf(t.handle.kind === "postgres")("a settlement waiting for the payer's account lock", () => {
  const url = (t.handle as { url?: string }).url!;
  // Plan shapes the bench's statistics may lead to, forced here on a small database.
  const plans: Record<string, Record<string, string>> = {
    custom: { plan_cache_mode: "force_custom_plan" },
    generic: { plan_cache_mode: "force_generic_plan" },
    "generic, nested loops over indexes": {
      plan_cache_mode: "force_generic_plan",
      enable_seqscan: "off",
      enable_hashjoin: "off",
      enable_mergejoin: "off",
      enable_bitmapscan: "off",
    },
    "generic, hash joins": { plan_cache_mode: "force_generic_plan", enable_nestloop: "off", enable_mergejoin: "off" },
  };
  for (const [plan, settings] of Object.entries(plans))
    for (const which of ["own", "received"] as const)
      it(`pays once the transaction holding the payer's accounts commits a change to ${which} (${plan} plan, 5 rounds; no false INSUFFICIENT_FUNDS)`, async () => {
        const u = await walletUser(t, { personalAccountFen: 100_000 });
        const acc = await accountsOf(u.walletId);
        const m = await newMerchant(t);
        const client = connectPostgres(url, { max: 1, onnotice: () => {}, connection: settings });
        const holder = connectPostgres(url, { max: 1, onnotice: () => {} });
        const watcher = connectPostgres(url, { max: 1, onnotice: () => {} });
        const ctx = backgroundCtx(t.config, drizzle(preparing(client), { schema }) as unknown as Db, t.clock, t.log);
        const pay = async () => settle(ctx, m.merchantId, { ecode: await ecode(t, u), orderNo: orderNo(), amountFen: 1_000 });
        let paying: Promise<unknown> | undefined;
        try {
          // The same statement a few times first, as a busy connection runs it.
          for (let i = 0; i < 6; i++) expect((await pay()).status).toBe(201);
          // Each round: connection 1 locks the payer's accounts and changes one (a new row version), as another
          // payment of the patient does, and keeps its transaction open.
          for (let round = 0; round < ROUNDS; round++) {
            const reserved = await holder.reserve();
            await reserved`begin`;
            await reserved`select 1 from ledger_accounts where id in (${acc.own}, ${acc.received}) order by id for update`;
            await reserved`update ledger_accounts set balance = balance, version = version where id = ${acc[which]}`;
            const holderPid = Number((await reserved`select pg_backend_pid() as p`)[0]!.p);
            paying = settle(ctx, m.merchantId, { ecode: await ecode(t, u), orderNo: orderNo(), amountFen: 2_500 });
            // The settlement queues behind that row lock (a condition, not a delay)...
            expect(await blockedBy(watcher, holderPid)).toBeDefined();
            // ...until connection 1 commits.
            await reserved`commit`;
            reserved.release();
            const r = (await paying) as Awaited<ReturnType<typeof settle>>;
            expect(r.status).toBe(201);
            expect(r.body).toMatchObject({ amountFen: 2_500, paidFrom: { ownFen: 2_500, receivedFen: 0 } });
          }
        } finally {
          await paying?.catch(() => {});
          await client.end({ timeout: 5 });
          await holder.end({ timeout: 5 });
          await watcher.end({ timeout: 5 });
        }
        expect(await balances(t, u)).toMatchObject({ ownFen: 100_000 - 6 * 1_000 - ROUNDS * 2_500, receivedFen: 0 });
        expect((await ledgerOk(t)).ok).toBe(true);
      });

  // The same for a payment drawn from a relative's quota: the quota row (locked before the accounts)
  // and the giver's own account changed by another payment meanwhile.
  for (const [plan, settings] of Object.entries(plans))
    for (const which of ["quota", "giver's own account"] as const)
      it(`a quota pays once the transaction holding the ${which} commits a change to it (${plan} plan, ${ROUNDS} rounds)`, async () => {
        const payerP = await newPerson(t, { birthDate: "1950-03-03", insurance: "employee", personalAccountFen: 0 });
        const giver = await verifiedUser(t, { birthDate: "1980-05-01", insurance: "employee", personalAccountFen: 100_000 });
        await relate(t, giver, payerP, "parent");
        const inv = await t.api("POST", "/v1/invitations", {
          token: giver.token,
          body: { relation: "parent", name: payerP.name, idNumber: payerP.idNumber },
        });
        expect(inv.status).toBe(201);
        const payer = { ...payerP, token: await loginAs(t, payerP) };
        await openWallet(t, payer);
        const accepted = await t.api("POST", `/v1/invitations/${inv.body.code}/accept`, {
          token: payer.token,
          body: { faceToken: `face-ok:${payerP.idNumber}` },
        });
        expect(accepted.status).toBe(200);
        const giverWallet = await openWallet(t, giver);
        const bindingId = accepted.body.binding.bindingId as string;
        const q = await t.api("PUT", `/v1/relatives/${bindingId}/quota`, {
          token: giver.token,
          body: { annualFen: 50_000, paymentPassword: PIN },
        });
        expect(q.status, JSON.stringify(q.body)).toBe(200);
        const [quota] = rowsOf<{ id: string }>(await t.db.execute(sql`select id from family_quotas where binding_id = ${bindingId}`));
        const giverOwn = (await accountsOf(giverWallet)).own;
        const m = await newMerchant(t);
        const client = connectPostgres(url, { max: 1, onnotice: () => {}, connection: settings });
        const holder = connectPostgres(url, { max: 1, onnotice: () => {} });
        const watcher = connectPostgres(url, { max: 1, onnotice: () => {} });
        const ctx = backgroundCtx(t.config, drizzle(preparing(client), { schema }) as unknown as Db, t.clock, t.log);
        const pay = async () => settle(ctx, m.merchantId, { ecode: await ecode(t, payer), orderNo: orderNo(), amountFen: 1_000 });
        let paying: Promise<unknown> | undefined;
        try {
          for (let i = 0; i < 6; i++) expect((await pay()).status).toBe(201);
          for (let round = 0; round < ROUNDS; round++) {
            const reserved = await holder.reserve();
            await reserved`begin`;
            if (which === "quota") await reserved`update family_quotas set used_fen = used_fen where id = ${quota!.id}`;
            else await reserved`update ledger_accounts set balance = balance, version = version where id = ${giverOwn}`;
            const holderPid = Number((await reserved`select pg_backend_pid() as p`)[0]!.p);
            paying = settle(ctx, m.merchantId, { ecode: await ecode(t, payer), orderNo: orderNo(), amountFen: 2_500 });
            expect(await blockedBy(watcher, holderPid)).toBeDefined();
            await reserved`commit`;
            reserved.release();
            const r = (await paying) as Awaited<ReturnType<typeof settle>>;
            expect(r.status).toBe(201);
            expect(r.body).toMatchObject({ amountFen: 2_500, paidFrom: { ownFen: 0, receivedFen: 0, quotaFen: 2_500 } });
          }
        } finally {
          await paying?.catch(() => {});
          await client.end({ timeout: 5 });
          await holder.end({ timeout: 5 });
          await watcher.end({ timeout: 5 });
        }
        expect((await ledgerOk(t)).ok).toBe(true);
      });
});
