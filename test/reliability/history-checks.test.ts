import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { OpRecord } from "./history";
import { groupBy } from "./history-checks";
import type { EntryRow, TxRow } from "./model";
import { lowestPossible } from "./refusal-checks";

// The end-of-run check answers "the lowest balance a refused payment could have seen" offline, for
// every refusal at once. It must agree with the rule read one state at a time.
const SLACK_MS = 100;
function byScan(chain: EntryRow[], o: OpRecord, txById: Map<string, TxRow>, commitBy: (id: string) => number): number {
  const out: number[] = [];
  for (let k = -1; k < chain.length; k++) {
    const begun = k < 0 ? 0 : (txById.get(chain[k]!.transaction_id)?.booked_ms ?? 0);
    const next = chain[k + 1];
    if (begun > o.tRecv + SLACK_MS) break;
    if (next && commitBy(next.transaction_id) < o.tSend - SLACK_MS) continue;
    out.push(k < 0 ? 0 : chain[k]!.balance_after);
  }
  return Math.min(...out);
}

describe("the chaos check's look-ups", () => {
  it("groupBy keeps every item in order", () => {
    const g = groupBy([1, 2, 3, 4, 5], (n) => (n % 2 ? "odd" : "even"));
    expect([...g]).toEqual([
      ["odd", [1, 3, 5]],
      ["even", [2, 4]],
    ]);
  });

  it("lowestPossible agrees with the state-by-state scan", () => {
    const time = fc.integer({ min: 0, max: 2_000 });
    fc.assert(
      fc.property(
        fc.array(fc.record({ amount: fc.integer({ min: -500, max: 500 }), booked: time, ack: fc.option(time, { nil: undefined }) }), {
          maxLength: 30,
        }),
        fc.array(fc.record({ send: time, took: fc.integer({ min: 0, max: 500 }) }), { minLength: 1, maxLength: 10 }),
        (moves, reqs) => {
          let bal = 0;
          const txById = new Map<string, TxRow>();
          const acked = new Map<string, number>();
          const chain: EntryRow[] = moves.map((m, i) => {
            bal += m.amount;
            txById.set(`t${i}`, { id: `t${i}`, kind: "x", reference: null, booked_ms: m.booked });
            acked.set(`t${i}`, m.ack === undefined ? Infinity : m.booked + m.ack);
            return { account_id: "a", account_version: i + 1, amount: m.amount, balance_after: bal, transaction_id: `t${i}` };
          });
          const commitBy = (id: string) => acked.get(id) ?? Infinity;
          const ops = reqs.map((r, seq) => ({ seq, tSend: r.send, tRecv: r.send + r.took }) as OpRecord);
          const got = lowestPossible(chain, ops, txById, commitBy);
          for (const o of ops) expect(got.get(o.seq)).toBe(byScan(chain, o, txById, commitBy));
        },
      ),
      { numRuns: 500 },
    );
  });
});
