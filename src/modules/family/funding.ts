// How a settlement is funded and how its refunds go back: pure, so the rule has one home and is
// tested on its own. Money is integer fen.

export type Balance = "own" | "received";

/** One active quota granted to the payer, in grant order (oldest first). */
export interface QuotaSource {
  quotaId: string;
  /** What is left of this year's quota (never below 0). */
  remainingFen: number;
  perPaymentFen: number | null;
  /** The giver's wallet: quotas of the same giver share its balances. */
  giverWalletId: string;
  giverOwnFen: number;
  giverReceivedFen: number;
}

/** One part of a charge, in the order charged: the payer's own, received, then quota parts. */
export type FundingPart =
  | { source: "own" | "received"; amountFen: number }
  | { source: "quota"; quotaId: string; giverWalletId: string; from: Balance; amountFen: number };

function fen(n: number, what: string) {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative safe integer of fen, got ${n}`);
}

/**
 * The payer's own funds, then received funds, then each quota in grant order — each within what is
 * left of it and its per-payment cap — taken from the giver's own then received funds. All or
 * nothing: null when everything together cannot cover the charge.
 */
export function planFunding(chargeFen: number, payer: { ownFen: number; receivedFen: number }, quotas: QuotaSource[]): FundingPart[] | null {
  fen(chargeFen, "chargeFen");
  fen(payer.ownFen, "payer.ownFen");
  fen(payer.receivedFen, "payer.receivedFen");
  if (chargeFen === 0) throw new RangeError("a charge is at least 1 fen");
  const parts: FundingPart[] = [];
  let left = chargeFen;
  const take = (available: number) => Math.min(left, available);

  const own = take(payer.ownFen);
  if (own > 0) parts.push({ source: "own", amountFen: own });
  left -= own;
  const received = take(payer.receivedFen);
  if (received > 0) parts.push({ source: "received", amountFen: received });
  left -= received;

  const giverLeft = new Map<string, { own: number; received: number }>();
  for (const q of quotas) {
    if (left === 0) break;
    fen(q.remainingFen, "remainingFen");
    fen(q.giverOwnFen, "giverOwnFen");
    fen(q.giverReceivedFen, "giverReceivedFen");
    if (q.perPaymentFen !== null) fen(q.perPaymentFen, "perPaymentFen");
    const g = giverLeft.get(q.giverWalletId) ?? { own: q.giverOwnFen, received: q.giverReceivedFen };
    giverLeft.set(q.giverWalletId, g);
    let room = take(Math.min(q.remainingFen, q.perPaymentFen ?? Number.MAX_SAFE_INTEGER));
    for (const from of ["own", "received"] as const) {
      const amountFen = Math.min(room, g[from]);
      if (amountFen <= 0) continue;
      parts.push({ source: "quota", quotaId: q.quotaId, giverWalletId: q.giverWalletId, from, amountFen });
      g[from] -= amountFen;
      room -= amountFen;
      left -= amountFen;
    }
  }
  return left === 0 ? parts : null;
}

/**
 * A refund goes back in the reverse order of the charge: the last part charged first (quota parts
 * to their givers, restoring the quota; then received; then own). `refundedFen[i]` is what earlier
 * refunds returned of `charged[i]`. Returns the amount to return per part index, or null when the
 * refund exceeds what is left of the charge.
 */
export function planRefund(refundFen: number, charged: readonly { amountFen: number }[], refundedFen: readonly number[]): { index: number; amountFen: number }[] | null {
  fen(refundFen, "refundFen");
  if (refundedFen.length !== charged.length) throw new RangeError("one refunded amount per charged part");
  let leftOfCharge = 0;
  charged.forEach((p, i) => {
    fen(refundedFen[i]!, "refundedFen");
    if (refundedFen[i]! > p.amountFen) throw new RangeError("a part was refunded more than it was charged");
    leftOfCharge += p.amountFen - refundedFen[i]!;
  });
  if (refundFen > leftOfCharge) return null;
  const out: { index: number; amountFen: number }[] = [];
  let left = refundFen;
  for (let i = charged.length - 1; i >= 0 && left > 0; i--) {
    const amountFen = Math.min(left, charged[i]!.amountFen - refundedFen[i]!);
    if (amountFen > 0) out.push({ index: i, amountFen });
    left -= amountFen;
  }
  return out;
}

/** The answer's summary: how much came from the payer's own, received funds and from quotas. */
export function paidFrom(parts: readonly FundingPart[]) {
  const sum = (f: (p: FundingPart) => boolean) => parts.filter(f).reduce((a, p) => a + p.amountFen, 0);
  return { ownFen: sum((p) => p.source === "own"), receivedFen: sum((p) => p.source === "received"), quotaFen: sum((p) => p.source === "quota") };
}
