import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkLedger } from "../../src/modules/ledger/ledger.check";
import { createTestApp } from "../support/app";
import { charge, ecode, newMerchant, orderNo, refund, type Merchant } from "../support/merchants";
import { regionKey, signedCall, type Key } from "../support/signed";
import { pair, send } from "../support/transfers";
import { balances } from "../support/wallets";

// The money engine against a pure in-memory model (issue #17): random sequences of every money
// operation a wallet sees (transfer hold, accept, decline, settlement, refund, personal-account
// credit), run as concurrent batches — one operation per family at once, families sharing the
// merchant, the region fund and the in-flight account — and every balance and every refusal code
// compared with the model. On PGlite and, with TEST_DATABASE_URL, on PostgreSQL.
const t = await createTestApp();

type Side = "a" | "b";
type Op =
  | { kind: "transfer"; from: Side; amount: number }
  | { kind: "decide"; from: Side; accept: boolean }
  | { kind: "settle"; who: Side; amount: number }
  | { kind: "refund"; pick: number; amount: number }
  | { kind: "credit"; who: Side; amount: number };

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
);

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
  settlements: { id: string; who: Side; own: number; received: number; refundedOwn: number; refundedReceived: number }[];
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
      const expected = op.amount > w.own + w.received ? "INSUFFICIENT_FUNDS" : "201";
      const r = await charge(t, m, { ecode: await ecode(t, f.users[op.who]), orderNo: orderNo("pt"), amountFen: op.amount });
      const got = r.status === 201 ? "201" : String(r.body.code);
      if (got === "201" && expected === "201") {
        const own = Math.min(op.amount, w.own);
        // No quotas are granted in this model, so a settlement never draws on one.
        expect(r.body.paidFrom).toEqual({ ownFen: own, receivedFen: op.amount - own, quotaFen: 0 });
        w.own -= own;
        w.received -= op.amount - own;
        f.settlements.push({ id: r.body.id, who: op.who, own, received: op.amount - own, refundedOwn: 0, refundedReceived: 0 });
      }
      return { op, expected, got };
    }
    case "refund": {
      if (f.settlements.length === 0) return { op, expected: "skip", got: "skip" };
      const s = f.settlements[op.pick % f.settlements.length]!;
      const leftReceived = s.received - s.refundedReceived;
      const leftOwn = s.own - s.refundedOwn;
      const expected = op.amount > leftReceived + leftOwn ? "REFUND_EXCEEDS_CHARGE" : "201";
      const r = await refund(t, m, s.id, { refundNo: orderNo("rf"), amountFen: op.amount });
      const got = r.status === 201 ? "201" : String(r.body.code);
      if (got === "201" && expected === "201") {
        const toReceived = Math.min(op.amount, leftReceived);
        expect(r.body.returnedTo).toEqual({ receivedFen: toReceived, ownFen: op.amount - toReceived, quotaFen: 0 });
        s.refundedReceived += toReceived;
        s.refundedOwn += op.amount - toReceived;
        f.model[s.who].received += toReceived;
        f.model[s.who].own += op.amount - toReceived;
      }
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
  return { model, users, bindingId, settlements: [] };
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
      { numRuns: 4, endOnFailure: true },
    );
  });
});
