// How a settlement is funded and how its refunds go back: pure, so the rule has one home and is
// tested on its own. Money is integer fen.
import { fundFrom } from "@/lib/money";

type Balance = "own" | "received";

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
 * nothing: null when everything together cannot cover the charge. "Take in order until covered" is
 * `fundFrom` (lib/money), the one implementation every payment uses; this only says what the sources
 * are and how much each quota can give.
 */
export function planFunding(
  chargeFen: number,
  payer: { ownFen: number; receivedFen: number },
  quotas: QuotaSource[],
): FundingPart[] | null {
  if (chargeFen === 0) throw new RangeError("a charge is at least 1 fen");
  // What each quota can give: its room within the giver's wallet. Quotas of one giver share it; a
  // later quota is drawn only once the earlier ones gave all they could, so counting their whole
  // room as spent is exact.
  const giverLeft = new Map<string, { ownFen: number; receivedFen: number }>();
  const rooms = quotas.map((q) => {
    fen(q.remainingFen, "remainingFen");
    if (q.perPaymentFen !== null) fen(q.perPaymentFen, "perPaymentFen");
    const g = giverLeft.get(q.giverWalletId) ?? { ownFen: q.giverOwnFen, receivedFen: q.giverReceivedFen };
    giverLeft.set(q.giverWalletId, g);
    const roomFen = Math.min(q.remainingFen, q.perPaymentFen ?? Number.MAX_SAFE_INTEGER, g.ownFen + g.receivedFen);
    const drawn = fundFrom(roomFen, [{ availableFen: g.ownFen }, { availableFen: g.receivedFen }])!;
    const wallet = { ownFen: drawn[0]!.amountFen, receivedFen: drawn[1]!.amountFen };
    g.ownFen -= wallet.ownFen;
    g.receivedFen -= wallet.receivedFen;
    return { q, wallet };
  });
  const top = fundFrom(chargeFen, [
    { availableFen: payer.ownFen, part: "own" as const },
    { availableFen: payer.receivedFen, part: "received" as const },
    ...rooms.map((r) => ({ availableFen: r.wallet.ownFen + r.wallet.receivedFen, part: r })),
  ]);
  if (!top) return null;
  const parts: FundingPart[] = [];
  for (const { source, amountFen } of top) {
    if (amountFen === 0) continue;
    if (source.part === "own" || source.part === "received") {
      parts.push({ source: source.part, amountFen });
      continue;
    }
    const { q, wallet } = source.part;
    const [own, received] = fundFrom(amountFen, [{ availableFen: wallet.ownFen }, { availableFen: wallet.receivedFen }])!;
    for (const [from, x] of [
      ["own", own!.amountFen],
      ["received", received!.amountFen],
    ] as const) {
      if (x > 0) parts.push({ source: "quota", quotaId: q.quotaId, giverWalletId: q.giverWalletId, from, amountFen: x });
    }
  }
  return parts;
}

/**
 * A refund goes back in the reverse order of the charge: the last part charged first (quota parts
 * to their givers, restoring the quota; then received; then own). `refundedFen[i]` is what earlier
 * refunds returned of `charged[i]`. Returns the amount to return per part index, or null when the
 * refund exceeds what is left of the charge.
 */
export function planRefund(
  refundFen: number,
  charged: readonly { amountFen: number }[],
  refundedFen: readonly number[],
): { index: number; amountFen: number }[] | null {
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
  return {
    ownFen: sum((p) => p.source === "own"),
    receivedFen: sum((p) => p.source === "received"),
    quotaFen: sum((p) => p.source === "quota"),
  };
}
