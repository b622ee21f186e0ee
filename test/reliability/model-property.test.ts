import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkLedger } from "../../src/modules/ledger/ledger.check";
import { createTestApp } from "../support/app";
import { charge, ecode, newMerchant, orderNo, refund, type Merchant } from "../support/merchants";
import { regionKey, signedCall, type Key } from "../support/signed";
import { pair, send } from "../support/transfers";
import { balances, PIN } from "../support/wallets";

// The money engine against a pure in-memory model (issue #17): random sequences of every money
// operation a wallet sees (transfer hold, accept, decline, settlement, refund, personal-account
// credit, and a yearly allowance (共济额度, issue #18) that `a` gives `b`, drawn on when `b` pays
// more than their own and received funds), run as concurrent batches — one operation per family at once, families sharing the
// merchant, the region fund and the in-flight account — and every balance and every refusal code
// compared with the model. On PGlite and, with TEST_DATABASE_URL, on PostgreSQL.
const t = await createTestApp();

type Side = "a" | "b";
type Op =
  | { kind: "transfer"; from: Side; amount: number }
  | { kind: "decide"; from: Side; accept: boolean }
  | { kind: "settle"; who: Side; amount: number }
  | { kind: "refund"; pick: number; amount: number }
  | { kind: "credit"; who: Side; amount: number }
  | { kind: "quota"; annual: number; per: number | null };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant("transfer" as const),
    from: fc.constantFrom<Side>("a", "b"),
    amount: fc.integer({ min: 1, max: 250_000 }),
  }),
  fc.record({ kind: fc.constant("decide" as const), from: fc.constantFrom<Side>("a", "b"), accept: fc.boolean() }),
  fc.record({ kind: fc.constant("settle" as const), who: fc.constantFrom<Side>("a", "b"), amount: fc.integer({ min: 1, max: 150_000 }) }),
  fc.record({ kind: fc.constant("refund" as const), pick: fc.nat(), amount: fc.integer({ min: 1, max: 60_000 }) }),
  fc.record({ kind: fc.constant("credit" as const), who: fc.constantFrom<Side>("a", "b"), amount: fc.integer({ min: 1, max: 50_000 }) }),
  fc.record({
    kind: fc.constant("quota" as const),
    annual: fc.integer({ min: 1, max: 300_000 }),
    per: fc.option(fc.integer({ min: 1, max: 300_000 }), { nil: null }),
  }),
);

/** Where a settlement's money came from, in the order charged: a refund gives it back last first. */
type Part = { to: "payerOwn" | "payerReceived" | "giverOwn" | "giverReceived"; amount: number; refunded: number };

interface Wallet {
  own: number;
  received: number;
  sentToday: number;
  pending: { id: string; amount: number; own: number; received: number } | null;
}

interface Family {
  model: Record<Side, Wallet>;
  users: Record<Side, { token: string; idNumber: string }>;
  bindingId: string;
  settlements: { id: string; who: Side; parts: Part[] }[];
  /** The allowance `a` gives `b` this year. */
  quota: { annual: number; per: number | null; used: number } | null;
}

/** One operation on one family: the model's expected answer, the API's, and the model moved on. */
async function run(f: Family, op: Op, m: Merchant, key: Key): Promise<{ op: Op; expected: string; got: string }> {
  const other = (s: Side): Side => (s === "a" ? "b" : "a");
  switch (op.kind) {
    case "transfer": {
      const w = f.model[op.from];
      const expected =
        op.amount > 200_000
          ? "LIMIT_EXCEEDED"
          : w.pending
            ? "TRANSFER_PENDING"
            : w.sentToday >= 3
              ? "LIMIT_EXCEEDED"
              : op.amount > w.own + w.received
                ? "INSUFFICIENT_FUNDS"
                : "201";
      const r = await send(t, f.users[op.from].token, f.bindingId, op.amount);
      const got = r.status === 201 ? "201" : String(r.body.code);
      if (got === "201" && expected === "201") {
        const own = Math.min(op.amount, w.own);
        w.pending = { id: r.body.id, amount: op.amount, own, received: op.amount - own };
        expect(r.body.paidFrom).toEqual({ ownFen: own, receivedFen: op.amount - own });
        w.own -= own;
        w.received -= op.amount - own;
        w.sentToday += 1;
      }
      return { op, expected, got };
    }
    case "decide": {
      const w = f.model[op.from];
      if (!w.pending) return { op, expected: "skip", got: "skip" };
      const p = w.pending;
      const r = await t.api("POST", `/v1/transfers/${p.id}/${op.accept ? "accept" : "decline"}`, { token: f.users[other(op.from)].token });
      const got = r.status === 200 ? "200" : String(r.body.code);
      if (got === "200") {
        w.pending = null;
        if (op.accept) f.model[other(op.from)].received += p.amount;
        else {
          w.own += p.own;
          w.received += p.received;
        }
      }
      return { op, expected: "200", got };
    }
    case "settle": {
      const w = f.model[op.who];
      const giver = f.model.a;
      const q = op.who === "b" ? f.quota : null;
      const room = q ? Math.min(Math.max(0, q.annual - q.used), q.per ?? Number.MAX_SAFE_INTEGER, giver.own + giver.received) : 0;
      const expected = op.amount > w.own + w.received + room ? "INSUFFICIENT_FUNDS" : "201";
      const r = await charge(t, m, { ecode: await ecode(t, f.users[op.who]), orderNo: orderNo("pt"), amountFen: op.amount });
      const got = r.status === 201 ? "201" : String(r.body.code);
      if (got === "201" && expected === "201") {
        // Own funds, then received funds, then the allowance: the giver's own, then their received funds.
        const own = Math.min(op.amount, w.own);
        const received = Math.min(op.amount - own, w.received);
        const fromQuota = op.amount - own - received;
        const giverOwn = Math.min(fromQuota, giver.own);
        expect(r.body.paidFrom).toEqual({ ownFen: own, receivedFen: received, quotaFen: fromQuota });
        w.own -= own;
        w.received -= received;
        giver.own -= giverOwn;
        giver.received -= fromQuota - giverOwn;
        if (q) q.used += fromQuota;
        const parts: Part[] = [
          { to: "payerOwn", amount: own, refunded: 0 },
          { to: "payerReceived", amount: received, refunded: 0 },
          { to: "giverOwn", amount: giverOwn, refunded: 0 },
          { to: "giverReceived", amount: fromQuota - giverOwn, refunded: 0 },
        ];
        f.settlements.push({ id: r.body.id, who: op.who, parts: parts.filter((p) => p.amount > 0) });
      }
      return { op, expected, got };
    }
    case "refund": {
      if (f.settlements.length === 0) return { op, expected: "skip", got: "skip" };
      const s = f.settlements[op.pick % f.settlements.length]!;
      const left = s.parts.reduce((a, p) => a + p.amount - p.refunded, 0);
      const expected = op.amount > left ? "REFUND_EXCEEDS_CHARGE" : "201";
      const r = await refund(t, m, s.id, { refundNo: orderNo("rf"), amountFen: op.amount });
      const got = r.status === 201 ? "201" : String(r.body.code);
      if (got === "201" && expected === "201") {
        const back = { payerOwn: 0, payerReceived: 0, giverOwn: 0, giverReceived: 0 };
        let rest = op.amount;
        for (const p of [...s.parts].reverse()) {
          const x = Math.min(rest, p.amount - p.refunded);
          p.refunded += x;
          back[p.to] += x;
          rest -= x;
        }
        const toQuota = back.giverOwn + back.giverReceived;
        expect(r.body.returnedTo).toEqual({ receivedFen: back.payerReceived, ownFen: back.payerOwn, quotaFen: toQuota });
        f.model[s.who].received += back.payerReceived;
        f.model[s.who].own += back.payerOwn;
        f.model.a.own += back.giverOwn;
        f.model.a.received += back.giverReceived;
        if (f.quota) f.quota.used -= toQuota;
      }
      return { op, expected, got };
    }
    case "quota": {
      // The request schema refuses a cap above the yearly amount (400, field perPaymentFen).
      const expected = op.per !== null && op.per > op.annual ? "VALIDATION_FAILED" : "200";
      const r = await t.api("PUT", `/v1/relatives/${f.bindingId}/quota`, {
        token: f.users.a.token,
        body: { annualFen: op.annual, perPaymentFen: op.per, paymentPassword: PIN },
      });
      const got = r.status === 200 ? "200" : String(r.body.code);
      // A changed allowance keeps what was used this year.
      if (got === "200") f.quota = { annual: op.annual, per: op.per, used: f.quota?.used ?? 0 };
      return { op, expected, got };
    }
    case "credit": {
      const body = { idNumber: f.users[op.who].idNumber, amountFen: op.amount, period: "2026-11", reference: orderNo("pc") };
      const r = await signedCall(t, key, "POST", "/v1/integration/personal-account-credits", body);
      const got = r.status === 201 ? "201" : String(r.body.code);
      if (got === "201") f.model[op.who].own += op.amount;
      return { op, expected: "201", got };
    }
  }
}

async function newFamily(): Promise<Family> {
  const { sender, recipient, bindingId } = await pair(t, { userFen: 300_000, relativeInsurance: "employee" });
  const users = { a: sender, b: recipient };
  const model = {} as Record<Side, Wallet>;
  for (const s of ["a", "b"] as const) {
    const b = await balances(t, users[s]);
    model[s] = { own: b.ownFen, received: b.receivedFen, sentToday: 0, pending: null };
  }
  return { model, users, bindingId, settlements: [], quota: null };
}

describe("money engine against the model", () => {
  it("random concurrent sequences of every money operation: same balances, same refusal codes", async () => {
    const m = await newMerchant(t);
    const key = await regionKey(t, "320500");
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(opArb, opArb), { minLength: 4, maxLength: 10 }), async (batches) => {
        const families = [await newFamily(), await newFamily()];
        for (const [x, y] of batches) {
          // One operation per family, at the same time.
          const out = await Promise.all([run(families[0]!, x, m, key), run(families[1]!, y, m, key)]);
          for (const o of out) expect(o.got, JSON.stringify(o.op)).toBe(o.expected);
        }
        for (const f of families) {
          for (const s of ["a", "b"] as const) {
            const w = f.model[s];
            const held = w.pending ? w.pending.amount : 0;
            expect(await balances(t, f.users[s])).toEqual({
              ownFen: w.own,
              receivedFen: w.received,
              heldFen: held,
              totalFen: w.own + w.received + held,
            });
          }
        }
        const check = await checkLedger(t.db);
        expect(check.problems).toEqual([]);
      }),
      {
        numRuns: 4,
        endOnFailure: true,
        // Always once: b (no money of their own) pays with a's allowance, over the per-payment cap and
        // within it, a refund gives the allowance back first, and a changed allowance keeps its use.
        examples: [
          [
            [
              [
                { kind: "quota", annual: 100_000, per: 50_000 },
                { kind: "quota", annual: 1_000, per: null },
              ],
              [
                { kind: "settle", who: "b", amount: 60_000 },
                { kind: "settle", who: "b", amount: 500 },
              ],
              [
                { kind: "settle", who: "b", amount: 40_000 },
                { kind: "settle", who: "b", amount: 600 },
              ],
              [
                { kind: "refund", pick: 0, amount: 30_000 },
                { kind: "refund", pick: 0, amount: 200 },
              ],
              [
                { kind: "quota", annual: 50_000, per: null },
                { kind: "settle", who: "b", amount: 400 },
              ],
              [
                { kind: "settle", who: "b", amount: 45_000 },
                { kind: "credit", who: "b", amount: 100 },
              ],
            ],
          ],
        ],
      },
    );
  });
});
