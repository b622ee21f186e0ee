import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type FundingPart, paidFrom, planFunding, planRefund, type QuotaSource } from "./funding";

const q = (
  quotaId: string,
  remainingFen: number,
  perPaymentFen: number | null,
  giverOwnFen: number,
  giverReceivedFen: number,
  giverWalletId = `w-${quotaId}`,
): QuotaSource => ({
  quotaId,
  remainingFen,
  perPaymentFen,
  giverWalletId,
  giverOwnFen,
  giverReceivedFen,
});

describe("planFunding", () => {
  it("the payer's own funds, then received, then quotas oldest first, each giver's own then received", () => {
    const parts = planFunding(10_000, { ownFen: 1_000, receivedFen: 2_000 }, [
      q("a", 3_000, null, 1_000, 5_000),
      q("b", 50_000, null, 9_000, 0),
    ]);
    expect(parts).toEqual([
      { source: "own", amountFen: 1_000 },
      { source: "received", amountFen: 2_000 },
      { source: "quota", quotaId: "a", giverWalletId: "w-a", from: "own", amountFen: 1_000 },
      { source: "quota", quotaId: "a", giverWalletId: "w-a", from: "received", amountFen: 2_000 },
      { source: "quota", quotaId: "b", giverWalletId: "w-b", from: "own", amountFen: 4_000 },
    ]);
    expect(paidFrom(parts!)).toEqual({ ownFen: 1_000, receivedFen: 2_000, quotaFen: 7_000 });
  });

  it("stops as soon as the charge is covered: a payer who can pay alone draws no quota", () => {
    expect(planFunding(500, { ownFen: 500, receivedFen: 0 }, [q("a", 1_000, null, 1_000, 0)])).toEqual([{ source: "own", amountFen: 500 }]);
  });

  it("caps each quota by its per-payment cap and by what is left of it", () => {
    const parts = planFunding(5_000, { ownFen: 0, receivedFen: 0 }, [
      q("a", 10_000, 2_000, 10_000, 0),
      q("b", 1_500, null, 10_000, 0),
      q("c", 10_000, null, 10_000, 0),
    ]);
    expect(parts!.map((p) => (p.source === "quota" ? [p.quotaId, p.amountFen] : p.source))).toEqual([
      ["a", 2_000],
      ["b", 1_500],
      ["c", 1_500],
    ]);
  });

  it("all or nothing: null when everything together falls short, even by 1 fen", () => {
    expect(planFunding(6_001, { ownFen: 1_000, receivedFen: 0 }, [q("a", 5_000, null, 9_000, 0)])).toBeNull();
    expect(planFunding(6_000, { ownFen: 1_000, receivedFen: 0 }, [q("a", 5_000, null, 9_000, 0)])).not.toBeNull();
    // The quota is large but the giver's wallet is not.
    expect(planFunding(3_000, { ownFen: 0, receivedFen: 0 }, [q("a", 5_000, null, 1_000, 1_000)])).toBeNull();
  });

  it("two quotas of one giver share that giver's balances", () => {
    const parts = planFunding(3_000, { ownFen: 0, receivedFen: 0 }, [
      q("a", 2_000, null, 2_500, 0, "g"),
      q("b", 2_000, null, 2_500, 0, "g"),
    ]);
    expect(parts).toBeNull();
    expect(
      planFunding(2_500, { ownFen: 0, receivedFen: 0 }, [q("a", 2_000, null, 2_500, 0, "g"), q("b", 2_000, null, 2_500, 0, "g")]),
    ).toHaveLength(2);
  });

  it("refuses amounts that are not fen", () => {
    expect(() => planFunding(0, { ownFen: 1, receivedFen: 0 }, [])).toThrow(RangeError);
    expect(() => planFunding(1.5, { ownFen: 1, receivedFen: 0 }, [])).toThrow(RangeError);
    expect(() => planFunding(1, { ownFen: -1, receivedFen: 0 }, [])).toThrow(RangeError);
  });

  const fenArb = fc.integer({ min: 0, max: 200_000 });
  const quotasArb = fc.array(
    fc.record({
      remainingFen: fenArb,
      perPaymentFen: fc.option(fc.integer({ min: 1, max: 200_000 }), { nil: null }),
      giver: fc.integer({ min: 0, max: 3 }),
      giverOwnFen: fenArb,
      giverReceivedFen: fenArb,
    }),
    { maxLength: 5 },
  );

  it("property: a plan sums to the charge, keeps every limit and the order; null only when capacity falls short", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 600_000 }), fenArb, fenArb, quotasArb, (charge, own, received, raw) => {
        // A giver's balances are one wallet's: the same for every quota of that giver.
        const wallets = new Map<number, { own: number; received: number }>();
        const quotas = raw.map((r, i) => {
          const w = wallets.get(r.giver) ?? { own: r.giverOwnFen, received: r.giverReceivedFen };
          wallets.set(r.giver, w);
          return q(`q${i}`, r.remainingFen, r.perPaymentFen, w.own, w.received, `g${r.giver}`);
        });
        // What could be drawn at most, computed independently of the planner's greedy walk.
        const givers = new Map([...wallets].map(([k, w]) => [`g${k}`, w.own + w.received]));
        let capacity = own + received;
        for (const x of quotas) {
          const d = Math.min(x.remainingFen, x.perPaymentFen ?? Infinity, givers.get(x.giverWalletId)!);
          givers.set(x.giverWalletId, givers.get(x.giverWalletId)! - d);
          capacity += d;
        }
        const plan = planFunding(charge, { ownFen: own, receivedFen: received }, quotas);
        if (charge > capacity) return plan === null;
        expect(plan).not.toBeNull();
        const parts = plan!;
        expect(parts.reduce((a, p) => a + p.amountFen, 0)).toBe(charge);
        expect(parts.every((p) => p.amountFen > 0)).toBe(true);
        // Order: own, received, then quotas in grant order.
        const rank = (p: FundingPart) => (p.source === "quota" ? Number(p.quotaId.slice(1)) : p.source === "own" ? -2 : -1);
        for (let i = 1; i < parts.length; i++) expect(rank(parts[i]!)).toBeGreaterThanOrEqual(rank(parts[i - 1]!));
        // A later source is touched only when the earlier ones gave all they could.
        const s = paidFrom(parts);
        if (s.receivedFen > 0 || s.quotaFen > 0) expect(s.ownFen).toBe(own);
        if (s.quotaFen > 0) expect(s.receivedFen).toBe(received);
        for (const x of quotas) {
          const mine = parts.filter((p) => p.source === "quota" && p.quotaId === x.quotaId);
          const total = mine.reduce((a, p) => a + p.amountFen, 0);
          expect(total).toBeLessThanOrEqual(Math.min(x.remainingFen, x.perPaymentFen ?? Infinity));
        }
        for (const [k, w] of wallets) {
          const drawn = (from: "own" | "received") =>
            parts
              .filter((p) => p.source === "quota" && p.giverWalletId === `g${k}` && p.from === from)
              .reduce((a, p) => a + p.amountFen, 0);
          expect(drawn("own")).toBeLessThanOrEqual(w.own);
          expect(drawn("received")).toBeLessThanOrEqual(w.received);
        }
        return true;
      }),
      { numRuns: 500 },
    );
  });
});

describe("planRefund", () => {
  const charged = [{ amountFen: 1_000 }, { amountFen: 2_000 }, { amountFen: 3_000 }];

  it("returns the last part charged first", () => {
    expect(planRefund(3_500, charged, [0, 0, 0])).toEqual([
      { index: 2, amountFen: 3_000 },
      { index: 1, amountFen: 500 },
    ]);
    expect(planRefund(2_000, charged, [0, 500, 3_000])).toEqual([
      { index: 1, amountFen: 1_500 },
      { index: 0, amountFen: 500 },
    ]);
  });

  it("never more than is left of the charge", () => {
    expect(planRefund(6_001, charged, [0, 0, 0])).toBeNull();
    expect(planRefund(1_001, charged, [0, 2_000, 3_000])).toBeNull();
    expect(planRefund(0, charged, [1_000, 2_000, 3_000])).toEqual([]);
    expect(() => planRefund(1, charged, [0, 0, 3_001])).toThrow(RangeError);
  });

  it("property: any sequence of refunds that fits restores every part exactly, in reverse order", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 50_000 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 60_000 }), { maxLength: 8 }),
        (amounts, refunds) => {
          const parts = amounts.map((amountFen) => ({ amountFen }));
          const refunded = parts.map(() => 0);
          const total = amounts.reduce((a, b) => a + b, 0);
          let back = 0;
          for (const r of refunds) {
            const plan = planRefund(r, parts, refunded);
            if (back + r > total) {
              expect(plan).toBeNull();
              continue;
            }
            expect(plan!.reduce((a, p) => a + p.amountFen, 0)).toBe(r);
            for (const p of plan!) refunded[p.index]! += p.amountFen;
            back += r;
            // Reverse order: a part is touched only when every later part is fully returned.
            for (let i = 0; i < parts.length; i++) {
              if (refunded[i]! > 0) for (let j = i + 1; j < parts.length; j++) expect(refunded[j]).toBe(parts[j]!.amountFen);
            }
          }
          const rest = planRefund(total - back, parts, refunded)!;
          for (const p of rest) refunded[p.index]! += p.amountFen;
          expect(refunded).toEqual(amounts);
        },
      ),
      { numRuns: 500 },
    );
  });
});
