import { beijingDate, inQuietHours } from "../../src/lib/time";
import type { Facts } from "./history-checks";
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
  const commitBy = (txId: string): number => {
    const t = txById.get(txId);
    if (!t) return Infinity;
    if (t.kind === "wallet_opening") return 0;
    if (t.kind === "transfer_hold") return firstOk.get(t.reference ?? "") ?? Infinity;
    if (t.kind === "transfer_in" || t.kind === "transfer_declined") return firstOk.get(`in:${t.reference}`) ?? Infinity;
    if (t.kind === "transfer_returned") {
      const tr = transfers.get(t.reference ?? "");
      const e = tr && history.epochs.find((x) => new Date(x.businessAt).getTime() >= new Date(tr.expires_at).getTime());
      return e ? e.tJobsDone : Infinity;
    }
    const s = f.settlements.find((x) => x.journal_transaction_id === txId) ?? f.premiums.find((x) => x.journal_transaction_id === txId) ?? f.refunds.find((x) => x.journal_transaction_id === txId);
    if (s) return firstOk.get(s.id) ?? Infinity;
    const c = f.credits.find((x) => x.reference === t.reference);
    return c ? firstOk.get(c.id) ?? Infinity : Infinity;
  };
  // Each sub-balance's states are exactly ordered by its version chain; a state was possible during
  // a request if it had begun before the answer and was not yet replaced when the request was sent.
  const chains = new Map<string, EntryRow[]>();
  for (const e of f.entries) chains.set(e.account_id, [...(chains.get(e.account_id) ?? []), e]);
  for (const c of chains.values()) c.sort((a, b) => a.account_version - b.account_version);
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
  const lowestTotal = (walletId: string, o: OpRecord) => {
    const wr = walletById.get(walletId);
    if (!wr) return { total: -1, own: [], received: [] };
    const own = possibleBalances(wr.own_account_id, o);
    const received = possibleBalances(wr.received_account_id, o);
    return { total: Math.min(...own) + Math.min(...received), own, received };
  };
  const clientByIndex = world.clients;
  for (const o of history.ops) {
    if (o.status === 503) bump(o.outcome === "fail" ? "answers.503_nothing_applied" : "answers.503_unknown");
    // A fault may make the service busy (503); it must never surface as an internal error.
    if (o.status !== undefined && o.status >= 500 && o.status !== 503) bad(`${o.kind} ${o.key}: answered ${o.status} ${o.code ?? ""} (a fault must answer 503 BUSY)`);
  }
  for (const o of history.ops) {
    if (o.outcome !== "fail" || o.status === undefined) continue;
    bump(`refusals.${o.code ?? o.status}`);
    if (!o.code || !EXPECTED_CODES.has(o.code)) {
      bad(`${o.kind} ${o.key}: unexpected refusal ${o.status} ${o.code ?? ""}`);
      continue;
    }
    if (o.code === "IDEMPOTENCY_KEY_REUSED" && o.attempt !== "changed") continue; // reported above
    if (o.code === "REQUEST_IN_PROGRESS" && o.attempt !== "twin" && o.attempt !== "resolve" && o.attempt !== "retry") bad(`${o.kind} ${o.key}: REQUEST_IN_PROGRESS with nothing running`);
    const me = clientByIndex[o.client]!;
    if (o.code === "INSUFFICIENT_FUNDS") {
      const amount = o.kind === "premium" ? PREMIUM_FEN[String(o.request.kind)] ?? 0 : Number(o.request.amountFen);
      const low = lowestTotal(me.walletId, o);
      bump("check.refusal_justified");
      if (!(low.total < amount)) bad(`${o.kind} ${o.key}: INSUFFICIENT_FUNDS for ${amount}, but the balances during the request were at least own ${JSON.stringify(low.own)} + received ${JSON.stringify(low.received)}`);
    } else if (o.code === "TRANSFER_PENDING") {
      bump("check.refusal_justified");
      const pending = [...transfers.values()].some((t) => {
        if (t.sender_wallet_id !== me.walletId) return false;
        const hold = txOf("transfer_hold", t.id)[0];
        const end = [...txOf("transfer_in", t.id), ...txOf("transfer_declined", t.id), ...txOf("transfer_returned", t.id)][0];
        return !!hold && hold.booked_ms <= o.tRecv + SLACK_MS && (!end || commitBy(end.id) >= o.tSend - SLACK_MS);
      });
      if (!pending) bad(`transfer ${o.key}: TRANSFER_PENDING but no transfer of the sender was pending during the request`);
    } else if (o.code === "LIMIT_EXCEEDED") {
      bump("check.refusal_justified");
      const day = beijingDate(new Date(o.businessAt));
      const n = [...transfers.values()].filter((t) => t.sender_wallet_id === me.walletId && t.business_date === day && (txOf("transfer_hold", t.id)[0]?.booked_ms ?? Infinity) <= o.tRecv + SLACK_MS).length;
      if (n < 3) bad(`transfer ${o.key}: LIMIT_EXCEEDED with ${n} transfers that day`);
    } else if (o.code === "REFUND_EXCEEDS_CHARGE") {
      bump("check.refusal_justified");
      const s = f.settlements.find((x) => x.id === o.request.settlementId);
      const before = f.refunds.filter((r) => r.settlement_id === s?.id && (txById.get(r.journal_transaction_id)?.booked_ms ?? Infinity) <= o.tRecv + SLACK_MS).reduce((a, r) => a + r.amount, 0);
      if (s && Number(o.request.amountFen) <= s.amount - before) bad(`refund ${o.key}: REFUND_EXCEEDS_CHARGE for ${o.request.amountFen}, ${s.amount - before} was left`);
    } else if (o.code === "PREMIUM_ALREADY_PAID") {
      bump("check.refusal_justified");
      const ben = o.request.beneficiary === "self" ? me : clientByIndex[me.partner]!;
      const person = personOfWallet.get(ben.walletId);
      const paid = f.premiums.some((p) => p.beneficiary_person_id === person && p.kind === o.request.kind && p.year === o.request.year && (txById.get(p.journal_transaction_id)?.booked_ms ?? Infinity) <= o.tRecv + SLACK_MS);
      if (!paid) bad(`premium ${o.key}: PREMIUM_ALREADY_PAID but nothing was paid before the answer`);
    } else if (o.code === "OUTSIDE_TRANSFER_HOURS") {
      if (!inQuietHours(new Date(o.businessAt))) bad(`transfer ${o.key}: OUTSIDE_TRANSFER_HOURS at ${o.businessAt}`);
    }
  }
}
