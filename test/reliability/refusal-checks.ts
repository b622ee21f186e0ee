import { beijingDate, inQuietHours } from "../../src/lib/time";
import { groupBy, type Facts } from "./history-checks";
import type { History, OpRecord } from "./history";
import type { EntryRow, TxRow } from "./model";
import type { World } from "./world";

const SLACK_MS = 100;
const PREMIUM_FEN: Record<string, number> = { resident_medical: 40_000, long_term_care: 5_000 };
/** Refusals the generator provokes on purpose, or that time legitimately causes. */
const EXPECTED_CODES = new Set([
  "INSUFFICIENT_FUNDS",
  "TRANSFER_PENDING",
  "LIMIT_EXCEEDED",
  "TRANSFER_NOT_PENDING",
  "REFUND_EXCEEDS_CHARGE",
  "PREMIUM_ALREADY_PAID",
  "PREMIUM_NOT_APPLICABLE",
  "PREMIUM_NOT_OFFERED",
  "NOT_EMPLOYEE_INSURED",
  "ECODE_INVALID",
  "IDEMPOTENCY_KEY_REUSED",
  "REQUEST_IN_PROGRESS",
  "OUTSIDE_TRANSFER_HOURS",
  // A run of more than ~5 weeks of business days passes the end of the year's payment period.
  "PREMIUM_WINDOW_CLOSED",
  "BUSY",
]);

export interface RefusalContext {
  f: Facts;
  history: History;
  world: World;
  txById: Map<string, TxRow>;
  txOf: (kind: string, ref: string) => TxRow[];
  transfers: Map<string, Facts["transfers"][number]>;
  /** Entity id (or `in:<transfer>`) → the earliest moment a client held a 2xx naming it. */
  firstOk: Map<string, number>;
  personOfWallet: Map<string, string>;
  bad: (s: string) => unknown;
  bump: (k: string, n?: number) => unknown;
}

/**
 * Every refusal must be justified by a state the database was in while the request ran: a state
 * had begun (its transaction started) before the answer, and was not yet replaced (the replacing
 * movement's 2xx had not reached a client) when the request was sent.
 */
export function checkRefusals(c: RefusalContext): void {
  const { f, history, world, txById, txOf, transfers, firstOk, personOfWallet, bad, bump } = c;
  // Every look-up below is a Map or a binary search: the check stays linear in the run's length.
  const epochsAt = history.epochs.map((x) => new Date(x.businessAt).getTime());
  const firstEpochAtOrAfter = (t: number) => {
    let lo = 0;
    let hi = epochsAt.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (epochsAt[mid]! >= t) hi = mid;
      else lo = mid + 1;
    }
    return history.epochs[lo];
  };
  const businessByJournal = new Map<string, { id: string }>();
  for (const x of [...f.settlements, ...f.premiums, ...f.refunds])
    if (!businessByJournal.has(x.journal_transaction_id)) businessByJournal.set(x.journal_transaction_id, x as { id: string });
  const creditByReference = new Map<string, { id: string }>();
  for (const x of f.credits) if (!creditByReference.has(x.reference)) creditByReference.set(x.reference, x as { id: string });
  const commitBy = (txId: string): number => {
    const t = txById.get(txId);
    if (!t) return Infinity;
    if (t.kind === "wallet_opening") return 0;
    if (t.kind === "transfer_hold") return firstOk.get(t.reference ?? "") ?? Infinity;
    if (t.kind === "transfer_in" || t.kind === "transfer_declined") return firstOk.get(`in:${t.reference}`) ?? Infinity;
    if (t.kind === "transfer_returned") {
      const tr = transfers.get(t.reference ?? "");
      const e = tr && firstEpochAtOrAfter(new Date(tr.expires_at).getTime());
      return e ? e.tJobsDone : Infinity;
    }
    const s = businessByJournal.get(txId);
    if (s) return firstOk.get(s.id) ?? Infinity;
    const cr = creditByReference.get(t.reference ?? "");
    return cr ? (firstOk.get(cr.id) ?? Infinity) : Infinity;
  };
  // Each sub-balance's states are exactly ordered by its version chain; a state was possible during
  // a request if it had begun before the answer and was not yet replaced when the request was sent.
  const chains = groupBy(f.entries, (e) => e.account_id);
  for (const ch of chains.values()) ch.sort((a, b) => a.account_version - b.account_version);
  /** The states one by one (for a problem's message only). */
  const possibleBalances = (accountId: string, o: OpRecord): number[] => {
    const chain = chains.get(accountId) ?? [];
    const out: number[] = [];
    for (let k = -1; k < chain.length; k++) {
      const begun = k < 0 ? 0 : (txById.get(chain[k]!.transaction_id)?.booked_ms ?? 0);
      const next = chain[k + 1];
      if (begun > o.tRecv + SLACK_MS) break;
      if (next && commitBy(next.transaction_id) < o.tSend - SLACK_MS) continue;
      out.push(k < 0 ? 0 : chain[k]!.balance_after);
    }
    return out;
  };
  const walletById = new Map(f.wallets.map((x) => [x.id as string, x]));
  const clientByIndex = world.clients;
  // The lowest balance each refused payment could have seen, answered offline for all of them at
  // once (a sweep over each chain with a Fenwick tree of minima): O((entries + refusals) log n).
  const lowQueries = new Map<string, OpRecord[]>();
  for (const o of history.ops) {
    if (o.outcome !== "fail" || o.code !== "INSUFFICIENT_FUNDS") continue;
    const wr = walletById.get(clientByIndex[o.client]!.walletId);
    if (!wr) continue;
    for (const a of [wr.own_account_id, wr.received_account_id]) {
      const l = lowQueries.get(a);
      if (l) l.push(o);
      else lowQueries.set(a, [o]);
    }
  }
  const lowest = new Map<string, number>(); // `${account}\u0001${seq}` → lowest possible balance
  for (const [accountId, ops] of lowQueries) {
    for (const [seq, v] of lowestPossible(chains.get(accountId) ?? [], ops, txById, commitBy)) lowest.set(`${accountId}\u0001${seq}`, v);
  }
  const lowestTotal = (walletId: string, o: OpRecord) => {
    const wr = walletById.get(walletId);
    if (!wr) return { total: -1, detail: () => "" };
    const total =
      (lowest.get(`${wr.own_account_id}\u0001${o.seq}`) ?? Infinity) + (lowest.get(`${wr.received_account_id}\u0001${o.seq}`) ?? Infinity);
    return {
      total,
      detail: () =>
        `own ${JSON.stringify(possibleBalances(wr.own_account_id, o))} + received ${JSON.stringify(possibleBalances(wr.received_account_id, o))}`,
    };
  };
  const transfersBySender = groupBy(transfers.values(), (t) => t.sender_wallet_id as string);
  const transfersBySenderDay = groupBy(transfers.values(), (t) => `${t.sender_wallet_id}\u0001${t.business_date}`);
  const settlementsById = new Map(f.settlements.map((x) => [x.id as string, x]));
  const refundsBySettlement = groupBy(f.refunds, (r) => r.settlement_id as string);
  const premiumsByKey = groupBy(f.premiums, (p) => `${p.beneficiary_person_id}\u0001${p.kind}\u0001${p.year}`);
  for (const o of history.ops) {
    if (o.status === 503) bump(o.outcome === "fail" ? "answers.503_nothing_applied" : "answers.503_unknown");
    // A fault may make the service busy (503); it must never surface as an internal error.
    if (o.status !== undefined && o.status >= 500 && o.status !== 503)
      bad(`${o.kind} ${o.key}: answered ${o.status} ${o.code ?? ""} (a fault must answer 503 BUSY)`);
  }
  for (const o of history.ops) {
    if (o.outcome !== "fail" || o.status === undefined) continue;
    bump(`refusals.${o.code ?? o.status}`);
    if (!o.code || !EXPECTED_CODES.has(o.code)) {
      bad(`${o.kind} ${o.key}: unexpected refusal ${o.status} ${o.code ?? ""}`);
      continue;
    }
    if (o.code === "IDEMPOTENCY_KEY_REUSED" && o.attempt !== "changed") continue; // reported above
    if (o.code === "REQUEST_IN_PROGRESS" && o.attempt !== "twin" && o.attempt !== "resolve" && o.attempt !== "retry")
      bad(`${o.kind} ${o.key}: REQUEST_IN_PROGRESS with nothing running`);
    const me = clientByIndex[o.client]!;
    if (o.code === "INSUFFICIENT_FUNDS") {
      const amount = o.kind === "premium" ? (PREMIUM_FEN[String(o.request.kind)] ?? 0) : Number(o.request.amountFen);
      const low = lowestTotal(me.walletId, o);
      bump("check.refusal_justified");
      if (!(low.total < amount))
        bad(`${o.kind} ${o.key}: INSUFFICIENT_FUNDS for ${amount}, but the balances during the request were at least ${low.detail()}`);
    } else if (o.code === "TRANSFER_PENDING") {
      bump("check.refusal_justified");
      const pending = (transfersBySender.get(me.walletId) ?? []).some((t) => {
        const hold = txOf("transfer_hold", t.id)[0];
        const end = [...txOf("transfer_in", t.id), ...txOf("transfer_declined", t.id), ...txOf("transfer_returned", t.id)][0];
        return !!hold && hold.booked_ms <= o.tRecv + SLACK_MS && (!end || commitBy(end.id) >= o.tSend - SLACK_MS);
      });
      if (!pending) bad(`transfer ${o.key}: TRANSFER_PENDING but no transfer of the sender was pending during the request`);
    } else if (o.code === "LIMIT_EXCEEDED") {
      bump("check.refusal_justified");
      const day = beijingDate(new Date(o.businessAt));
      const n = (transfersBySenderDay.get(`${me.walletId}\u0001${day}`) ?? []).filter(
        (t) => (txOf("transfer_hold", t.id)[0]?.booked_ms ?? Infinity) <= o.tRecv + SLACK_MS,
      ).length;
      if (n < 3) bad(`transfer ${o.key}: LIMIT_EXCEEDED with ${n} transfers that day`);
    } else if (o.code === "REFUND_EXCEEDS_CHARGE") {
      bump("check.refusal_justified");
      const s = settlementsById.get(String(o.request.settlementId));
      const before = (s ? (refundsBySettlement.get(s.id) ?? []) : [])
        .filter((r) => (txById.get(r.journal_transaction_id)?.booked_ms ?? Infinity) <= o.tRecv + SLACK_MS)
        .reduce((a, r) => a + r.amount, 0);
      if (s && Number(o.request.amountFen) <= s.amount - before)
        bad(`refund ${o.key}: REFUND_EXCEEDS_CHARGE for ${o.request.amountFen}, ${s.amount - before} was left`);
    } else if (o.code === "PREMIUM_ALREADY_PAID") {
      bump("check.refusal_justified");
      const ben = o.request.beneficiary === "self" ? me : clientByIndex[me.partner]!;
      const person = personOfWallet.get(ben.walletId);
      const paid = (premiumsByKey.get(`${person}\u0001${o.request.kind}\u0001${o.request.year}`) ?? []).some(
        (p) => (txById.get(p.journal_transaction_id)?.booked_ms ?? Infinity) <= o.tRecv + SLACK_MS,
      );
      if (!paid) bad(`premium ${o.key}: PREMIUM_ALREADY_PAID but nothing was paid before the answer`);
    } else if (o.code === "PREMIUM_WINDOW_CLOSED") {
      bump("check.refusal_justified");
      // A refusal's body is kept cut at 300 characters (not always JSON any more): read the window by pattern.
      const m = /"window":\{"start":"([\d-]+)","end":"([\d-]+)"\}/.exec(o.bodyText ?? "");
      const window = m ? { start: m[1], end: m[2] } : undefined;
      const day = beijingDate(new Date(o.businessAt));
      if (!window?.start || !window.end || (day >= window.start && day <= window.end))
        bad(`premium ${o.key}: PREMIUM_WINDOW_CLOSED on ${day}, window ${JSON.stringify(window)}`);
    } else if (o.code === "OUTSIDE_TRANSFER_HOURS") {
      if (!inQuietHours(new Date(o.businessAt))) bad(`transfer ${o.key}: OUTSIDE_TRANSFER_HOURS at ${o.businessAt}`);
    }
  }
}

/**
 * For each request, the lowest balance of one sub-balance's chain among the states possible during it
 * (the same rule as possibleBalances, answered offline): state p (p = 0 the empty start, p = k + 1
 * after entry k) is possible when every state up to it had begun by the answer, and the entry that
 * replaced it was not yet acknowledged when the request was sent.
 */
export function lowestPossible(
  chain: EntryRow[],
  ops: OpRecord[],
  txById: Map<string, TxRow>,
  commitBy: (txId: string) => number,
): Map<number, number> {
  const n = chain.length + 1;
  const begunMax = new Array<number>(n);
  const replacedBy = new Array<number>(n);
  const balance = new Array<number>(n);
  for (let p = 0; p < n; p++) {
    const begun = p === 0 ? 0 : (txById.get(chain[p - 1]!.transaction_id)?.booked_ms ?? 0);
    begunMax[p] = Math.max(p === 0 ? -Infinity : begunMax[p - 1]!, begun);
    replacedBy[p] = p < chain.length ? commitBy(chain[p]!.transaction_id) : Infinity;
    balance[p] = p === 0 ? 0 : chain[p - 1]!.balance_after;
  }
  // Fenwick tree of minima over positions, filled in order of replacedBy descending.
  const tree = new Array<number>(n + 1).fill(Infinity);
  const put = (p: number, v: number) => {
    for (let i = p + 1; i <= n; i += i & -i) if (v < tree[i]!) tree[i] = v;
  };
  const minBelow = (b: number) => {
    let m = Infinity;
    for (let i = b; i > 0; i -= i & -i) if (tree[i]! < m) m = tree[i]!;
    return m;
  };
  const byReplaced = [...Array(n).keys()].sort((a, b) => (replacedBy[a]! < replacedBy[b]! ? 1 : replacedBy[a]! > replacedBy[b]! ? -1 : 0));
  const queries = [...ops].sort((a, b) => b.tSend - a.tSend);
  const out = new Map<number, number>();
  let next = 0;
  for (const o of queries) {
    const x = o.tSend - SLACK_MS;
    for (; next < n && replacedBy[byReplaced[next]!]! >= x; next++) put(byReplaced[next]!, balance[byReplaced[next]!]!);
    // The first state that had not begun by the answer, and every later one, is out.
    const limit = o.tRecv + SLACK_MS;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (begunMax[mid]! > limit) hi = mid;
      else lo = mid + 1;
    }
    out.set(o.seq, minBelow(lo));
  }
  return out;
}
