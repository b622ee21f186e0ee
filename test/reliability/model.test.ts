import { describe, expect, it } from "vitest";
import { replayModel, type EntryRow, type ModelFacts, type TxRow } from "./model";

// The model must catch what it exists to catch: a split that ignores "own funds first", a debit the
// balance could not cover, a cached balance that drifts from its movements.
const W = { id: "w1", own_account_id: "own", received_account_id: "rec" };

function facts(
  moves: { tx: string; kind: string; own?: number; rec?: number; split?: { own: number; received: number; amount: number } }[],
): ModelFacts {
  const entries: EntryRow[] = [];
  const txs = new Map<string, TxRow>();
  const v = { own: 0, rec: 0 };
  const bal = { own: 0, rec: 0 };
  const debitSplits = new Map();
  for (const m of moves) {
    txs.set(m.tx, { id: m.tx, kind: m.kind, reference: m.tx, booked_ms: 0 });
    if (m.split) debitSplits.set(m.tx, m.split);
    for (const side of ["own", "rec"] as const) {
      const amount = m[side];
      if (!amount) continue;
      bal[side] += amount;
      entries.push({ account_id: side, account_version: ++v[side], amount, balance_after: bal[side], transaction_id: m.tx });
    }
  }
  return { wallets: [W], entries, txs, debitSplits, creditSplits: new Map() };
}

describe("the single-threaded model", () => {
  it("agrees with a history that follows the rules", () => {
    const r = replayModel(
      facts([
        { tx: "open", kind: "wallet_opening", own: 1_000 },
        { tx: "in", kind: "transfer_in", rec: 500 },
        { tx: "pay", kind: "medical_settlement", own: -1_000, rec: -200, split: { amount: 1_200, own: 1_000, received: 200 } },
        { tx: "credit", kind: "personal_account_credit", own: 300 },
        { tx: "pay2", kind: "premium_payment", own: -300, split: { amount: 300, own: 300, received: 0 } },
        { tx: "pay3", kind: "transfer_hold", rec: -300, split: { amount: 300, own: 0, received: 300 } },
      ]),
    );
    expect(r.problems).toEqual([]);
    expect(r.replayed).toBe(6);
  });

  it("catches received funds spent while own funds were left", () => {
    // The return touches both sub-balances, so it pins the order: own funds were 1,000 when "pay" ran.
    const r = replayModel(
      facts([
        { tx: "open", kind: "wallet_opening", own: 1_000 },
        { tx: "in", kind: "transfer_in", rec: 500 },
        { tx: "hold", kind: "transfer_hold", own: -1_000, rec: -100, split: { amount: 1_100, own: 1_000, received: 100 } },
        { tx: "back", kind: "transfer_returned", own: 1_000, rec: 100 },
        { tx: "pay", kind: "medical_settlement", rec: -300, split: { amount: 300, own: 0, received: 300 } },
      ]),
    );
    expect(r.problems.join("\n")).toMatch(/paid from received funds while own funds were available/);
  });

  it("accepts a received-only payment the chains allow to have run while own funds were empty", () => {
    const r = replayModel(
      facts([
        { tx: "in", kind: "transfer_in", rec: 500 },
        { tx: "open", kind: "personal_account_credit", own: 1_000 },
        { tx: "pay", kind: "medical_settlement", rec: -300, split: { amount: 300, own: 0, received: 300 } },
      ]),
    );
    expect(r.problems).toEqual([]);
  });

  it("catches a debit the balances could not cover", () => {
    const r = replayModel(
      facts([
        { tx: "open", kind: "wallet_opening", own: 100 },
        { tx: "pay", kind: "transfer_hold", own: -100, rec: -50, split: { amount: 150, own: 100, received: 50 } },
      ]),
    );
    expect(r.problems.join("\n")).toMatch(/model refuses it/);
  });

  it("catches a cached balance that is not the sum of its movements", () => {
    const f = facts([
      { tx: "open", kind: "wallet_opening", own: 100 },
      { tx: "credit", kind: "personal_account_credit", own: 50 },
    ]);
    f.entries[1]!.balance_after = 999;
    expect(replayModel(f).problems.join("\n")).toMatch(/own balance after 999, model 150/);
  });
});
