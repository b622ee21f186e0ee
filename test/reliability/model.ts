/**
 * The single-threaded model: replays, wallet by wallet and in the order the database serialised them
 * (each sub-balance's version chain), every committed movement through the product's rules — pay
 * from own funds first, then received; refunds back to received first; never below zero — and
 * compares each decision and balance with what the concurrent system recorded.
 */
export interface EntryRow {
  account_id: string;
  account_version: number;
  amount: number;
  balance_after: number;
  transaction_id: string;
}
export interface TxRow {
  id: string;
  kind: string;
  reference: string | null;
  booked_ms: number;
}
interface WalletRow {
  id: string;
  own_account_id: string;
  received_account_id: string;
}
export interface Split {
  own: number;
  received: number;
}

interface Step {
  txId: string;
  kind: string;
  reference: string | null;
  bookedMs: number;
  own: number;
  received: number;
}

export interface ModelFacts {
  wallets: WalletRow[];
  entries: EntryRow[];
  txs: Map<string, TxRow>;
  /** What each debit recorded as its split (transfer holds, settlements, premiums) by journal transaction. */
  debitSplits: Map<string, Split & { amount: number }>;
  /** What each return/decline or refund put back, by journal transaction (from the business rows). */
  creditSplits: Map<string, Split>;
}

export interface ModelResult {
  problems: string[];
  /** Per wallet, the sequence of states after each committed movement (for judging refusals). */
  steps: Map<string, Step[]>;
  replayed: number;
}

const DEBITS = new Set(["transfer_hold", "medical_settlement", "premium_payment"]);

export function replayModel(f: ModelFacts): ModelResult {
  const problems: string[] = [];
  const steps = new Map<string, Step[]>();
  const byAccount = new Map<string, EntryRow[]>();
  for (const e of f.entries) {
    const l = byAccount.get(e.account_id) ?? [];
    l.push(e);
    byAccount.set(e.account_id, l);
  }
  for (const l of byAccount.values()) l.sort((a, b) => a.account_version - b.account_version);
  let replayed = 0;

  for (const w of f.wallets) {
    const own = byAccount.get(w.own_account_id) ?? [];
    const rec = byAccount.get(w.received_account_id) ?? [];
    const m = { own: 0, received: 0 };
    const list: Step[] = [];
    steps.set(w.id, list);
    const fail = (txId: string, what: string) => problems.push(`model: wallet ${w.id} tx ${txId} (${f.txs.get(txId)?.kind}): ${what}`);
    for (const { txId, eo, er } of interleave(own, rec, (id) => DEBITS.has(f.txs.get(id)?.kind ?? ""), fail)) {
      const tx = f.txs.get(txId);
      if (!tx) {
        fail(txId, "entry of an unknown transaction");
        continue;
      }
      const actual = { own: eo?.amount ?? 0, received: er?.amount ?? 0 };
      let expected: Split;
      if (DEBITS.has(tx.kind)) {
        const d = f.debitSplits.get(txId);
        const amount = d?.amount ?? -(actual.own + actual.received);
        const fromOwn = Math.min(m.own, amount);
        const fromReceived = amount - fromOwn;
        if (fromReceived > m.received) fail(txId, `committed, but the model refuses it: ${amount} > own ${m.own} + received ${m.received}`);
        if (d && (d.own !== fromOwn || d.received !== fromReceived))
          fail(txId, `recorded split own ${d.own}/received ${d.received}, model own ${fromOwn}/received ${fromReceived}`);
        expected = { own: -fromOwn, received: -fromReceived };
      } else if (tx.kind === "medical_refund" || tx.kind === "transfer_declined" || tx.kind === "transfer_returned") {
        // What goes back is fixed by the business row (the refund rule is judged per settlement).
        expected = f.creditSplits.get(txId) ?? actual;
      } else if (tx.kind === "transfer_in") {
        expected = { own: 0, received: actual.received };
        if (actual.received <= 0) fail(txId, "a transfer credit that is not positive");
      } else if (tx.kind === "personal_account_credit" || tx.kind === "wallet_opening") {
        expected = { own: actual.own, received: 0 };
        if (actual.own <= 0) fail(txId, "a credit that is not positive");
      } else {
        fail(txId, `unexpected movement kind ${tx.kind}`);
        expected = actual;
      }
      if (expected.own !== actual.own || expected.received !== actual.received) {
        fail(txId, `entries own ${actual.own}/received ${actual.received}, model own ${expected.own}/received ${expected.received}`);
      }
      m.own += expected.own;
      m.received += expected.received;
      if (m.own < 0 || m.received < 0) fail(txId, `model balance below zero (own ${m.own}, received ${m.received})`);
      if (eo && eo.balance_after !== m.own) fail(txId, `own balance after ${eo.balance_after}, model ${m.own}`);
      if (er && er.balance_after !== m.received) fail(txId, `received balance after ${er.balance_after}, model ${m.received}`);
      list.push({ txId, kind: tx.kind, reference: tx.reference, bookedMs: tx.booked_ms, own: m.own, received: m.received });
      replayed++;
    }
  }
  return { problems, steps, replayed };
}

/**
 * One order of a wallet's movements that agrees with both sub-balance chains. Movements on both
 * chains sit where both chains put them. A received-only movement has no place in the own chain; the
 * only one whose place matters is a debit that took nothing from own funds, which is only right
 * where own funds were empty: it goes to the earliest such point the chains allow, and when there is
 * none the model reports that received funds were spent while own funds were available.
 */
function interleave(
  own: EntryRow[],
  rec: EntryRow[],
  isDebit: (txId: string) => boolean,
  fail: (txId: string, what: string) => void,
): { txId: string; eo?: EntryRow; er?: EntryRow }[] {
  const ownPos = new Map(own.map((e, i) => [e.transaction_id, i]));
  const out: { txId: string; eo?: EntryRow; er?: EntryRow }[] = [];
  // nextShared[j]: the own-chain place of the first movement at or after rec[j] that is on both chains.
  const nextShared = new Array<number>(rec.length + 1);
  nextShared[rec.length] = own.length;
  for (let j = rec.length - 1; j >= 0; j--) nextShared[j] = ownPos.get(rec[j]!.transaction_id) ?? nextShared[j + 1]!;
  let next = 0; // the next own entry to place
  const placeOwnUntil = (k: number) => {
    for (; next <= k && next < own.length; next++) out.push({ txId: own[next]!.transaction_id, eo: own[next] });
  };
  for (let j = 0; j < rec.length; j++) {
    const er = rec[j]!;
    const k = ownPos.get(er.transaction_id);
    if (k !== undefined) {
      if (k < next) fail(er.transaction_id, "the two sub-balance chains order their movements differently");
      placeOwnUntil(k - 1);
      out.push({ txId: er.transaction_id, eo: own[k], er });
      next = Math.max(next, k + 1);
      continue;
    }
    if (isDebit(er.transaction_id)) {
      // The next movement that is on both chains bounds how far the own chain may run ahead.
      const bound = nextShared[j + 1]!;
      let at = -2;
      for (let i = next - 1; i < bound; i++) {
        const balance = i < 0 ? 0 : own[i]!.balance_after;
        if (balance === 0) {
          at = i;
          break;
        }
      }
      if (at === -2) fail(er.transaction_id, "paid from received funds while own funds were available at every point the chains allow");
      else placeOwnUntil(at);
    }
    out.push({ txId: er.transaction_id, er });
  }
  placeOwnUntil(own.length - 1);
  return out;
}
