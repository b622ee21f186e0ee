// Money is always an integer number of fen (分). Floating-point yuan never enter the system:
// 0.1 + 0.2 style errors would break the ledger's zero-sum check.

export type Locale = "zh-CN" | "zh-TW" | "en";

/** The two spendable sub-balances of a wallet, or the parts of one charge. */
export type FenSplit = { ownFen: number; receivedFen: number };

/** A safe non-negative integer: a valid amount or balance in fen. */
export function isFen(n: unknown): n is number {
  return typeof n === "number" && Number.isSafeInteger(n) && n >= 0;
}

function assertFen(n: number, what: string): void {
  if (!isFen(n)) throw new RangeError(`${what} must be a non-negative safe integer of fen, got ${n}`);
}

/**
 * "¥1,234.56", "-¥12.00". The glossary fixes the same form for every interface language, so the
 * locale is accepted for call-site symmetry with the other formatters but does not change it.
 */
export function formatFen(fen: number, _locale: Locale = "zh-CN"): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`fen must be a safe integer, got ${fen}`);
  const abs = Math.abs(fen);
  const yuan = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const cents = String(abs % 100).padStart(2, "0");
  return `${fen < 0 ? "-" : ""}¥${yuan}.${cents}`;
}

/**
 * Parses a typed yuan amount ("200", "0.5", "1,234.56", "¥20.00") into fen by string
 * arithmetic; null for anything else, including more than two decimals.
 */
export function yuanToFen(text: string): number | null {
  const t = text.trim().replace(/^[¥￥]\s*/, "");
  const m = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return null;
  const fen = Number(m[1]!.replace(/,/g, "")) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return Number.isSafeInteger(fen) ? fen : null;
}

/**
 * How a payment is drawn from its funding sources, in the order given (a wallet's own funds, then its
 * received funds; later, givers' quotas): each gives what it has until the amount is covered. Null
 * when all of them together do not cover it. The one implementation of "own funds first".
 */
export function fundFrom<S extends { availableFen: number }>(amountFen: number, sources: S[]): { source: S; amountFen: number }[] | null {
  assertFen(amountFen, "amountFen");
  let left = amountFen;
  const parts: { source: S; amountFen: number }[] = [];
  for (const source of sources) {
    assertFen(source.availableFen, "availableFen");
    const take = Math.min(left, source.availableFen);
    parts.push({ source, amountFen: take });
    left -= take;
  }
  return left > 0 ? null : parts;
}

/**
 * How a payment is drawn from one wallet: own funds (the personal account) first, then received funds.
 * Null when the two together do not cover it.
 */
export function splitPayment(amountFen: number, balances: FenSplit): FenSplit | null {
  const parts = fundFrom(amountFen, [{ availableFen: balances.ownFen }, { availableFen: balances.receivedFen }]);
  return parts ? { ownFen: parts[0]!.amountFen, receivedFen: parts[1]!.amountFen } : null;
}

/**
 * How a refund is returned: to the sub-balance charged last (received) first, then own — the
 * mirror of splitPayment, so a full refund restores the exact split. Null when the refund exceeds
 * what is left of the charge after earlier refunds.
 */
export function splitRefund(refundFen: number, charged: FenSplit, alreadyRefunded: FenSplit): FenSplit | null {
  assertFen(refundFen, "refundFen");
  assertFen(charged.ownFen, "charged.ownFen");
  assertFen(charged.receivedFen, "charged.receivedFen");
  assertFen(alreadyRefunded.ownFen, "alreadyRefunded.ownFen");
  assertFen(alreadyRefunded.receivedFen, "alreadyRefunded.receivedFen");
  const leftReceived = charged.receivedFen - alreadyRefunded.receivedFen;
  const leftOwn = charged.ownFen - alreadyRefunded.ownFen;
  if (leftReceived < 0 || leftOwn < 0) {
    throw new RangeError("alreadyRefunded exceeds what was charged");
  }
  if (refundFen > leftReceived + leftOwn) return null;
  const receivedFen = Math.min(refundFen, leftReceived);
  return { ownFen: refundFen - receivedFen, receivedFen };
}
