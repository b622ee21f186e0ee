import type { Sql } from "postgres";
import { canonicalJson } from "../../src/modules/platform/idempotency";
import { inQuietHours } from "../../src/lib/time";
import type { History, OpRecord } from "./history";
import { checkRefusals } from "./refusal-checks";
import { replayModel, type EntryRow, type Split, type TxRow } from "./model";

import type { World } from "./world";

export interface HistoryVerdict {
  ok: boolean;
  problems: string[];
  /** Findings that are real but tolerated by this run's policy (reported, not failing). */
  notes: string[];
  stats: Record<string, number>;
}

type Row = Record<string, any>;

/**
 * Groups in one pass, appending in place. (Copying the group's array on every row, as this file did,
 * made the end-of-run check quadratic in the run's length: a 25-minute run never reached a verdict.)
 */
export function groupBy<T>(items: Iterable<T>, key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of items) {
    const k = key(t);
    const l = out.get(k);
    if (l) l.push(t);
    else out.set(k, [t]);
  }
  return out;
}

export type Facts = Awaited<ReturnType<typeof loadFacts>>;

async function loadFacts(sql: Sql) {
  return sql.begin("isolation level repeatable read read only", async (q) => ({
    transfers: await q<
      Row[]
    >`select id, sender_wallet_id, recipient_wallet_id, status, amount_fen::int as amount, from_own_fen::int as own, from_received_fen::int as received, business_date, created_at, expires_at, decided_at from transfers`,
    txs: await q<Row[]>`select id, kind, reference, (extract(epoch from booked_at) * 1000)::float8 as booked_ms from journal_transactions`,
    keys: await q<Row[]>`select scope, key, response_status, response_body from idempotency_keys`,
    settlements: await q<
      Row[]
    >`select id, merchant_id, order_no, wallet_id, amount_fen::int as amount, from_own_fen::int as own, from_received_fen::int as received, refunded_own_fen::int as r_own, refunded_received_fen::int as r_received, journal_transaction_id from settlements`,
    refunds: await q<
      Row[]
    >`select id, merchant_id, refund_no, settlement_id, amount_fen::int as amount, to_own_fen::int as own, to_received_fen::int as received, journal_transaction_id from settlement_refunds`,
    premiums: await q<
      Row[]
    >`select id, payer_wallet_id, beneficiary_person_id, kind, year, amount_fen::int as amount, from_own_fen::int as own, from_received_fen::int as received, journal_transaction_id from premium_payments`,
    credits: await q<
      Row[]
    >`select id, region_code, reference, wallet_id, amount_fen::int as amount, journal_transaction_id from personal_account_credits`,
    wallets: await q<Row[]>`select id, person_id, own_account_id, received_account_id from wallets`,
    entries: await q<
      EntryRow[]
    >`select e.account_id, e.account_version::int as account_version, e.amount::int as amount, e.balance_after::int as balance_after, e.transaction_id from journal_entries e join ledger_accounts a on a.id = e.account_id where a.mode = 'cached'`,
  }));
}

/**
 * Holds every client-side observation against the final database: each 2xx present exactly once,
 * each definite refusal left nothing, each indeterminate one at most once; all 2xx of one key
 * identical; every journal transaction attributable; the model replay agrees; every refusal was
 * justified by some state the database was in while the request ran.
 */
export async function checkHistory(sql: Sql, history: History, world: World): Promise<HistoryVerdict> {
  const f = await loadFacts(sql);
  const problems: string[] = [];
  const notes: string[] = [];
  const stats: Record<string, number> = {};
  const bump = (k: string, n = 1) => (stats[k] = (stats[k] ?? 0) + n);
  const bad = (s: string) => problems.length < 200 && problems.push(s);

  const txById = new Map<string, TxRow>(
    f.txs.map((t) => [t.id, { id: t.id, kind: t.kind, reference: t.reference, booked_ms: Number(t.booked_ms) }]),
  );
  const txsByRef = groupBy(txById.values(), (t) => `${t.kind}:${t.reference}`);
  const txOf = (kind: string, ref: string) => txsByRef.get(`${kind}:${ref}`) ?? [];
  const transfers = new Map(f.transfers.map((t) => [t.id as string, t]));
  const keyRows = new Map(f.keys.map((k) => [`${k.scope}\u0001${k.key}`, k]));
  const settlementsByNo = new Map(f.settlements.map((s) => [`${s.merchant_id}\u0001${s.order_no}`, s]));
  const refundsByNo = new Map(f.refunds.map((r) => [`${r.merchant_id}\u0001${r.refund_no}`, r]));
  const creditsByRef = new Map(f.credits.map((c) => [`${c.region_code}\u0001${c.reference}`, c]));
  const personOfWallet = new Map(f.wallets.map((w) => [w.id as string, w.person_id as string]));
  const premiumsById = new Map(f.premiums.map((p) => [p.id as string, p]));
  const refundsBySettlement = groupBy(f.refunds, (r) => r.settlement_id as string);

  // ---- per-operation checks -------------------------------------------------------------------
  const groups = groupBy(
    history.ops.filter((op) => op.kind !== "read" && op.kind !== "inbox" && op.kind !== "ecode"),
    (op) => `${op.kind}\u0001${op.scope}\u0001${op.key}`,
  );
  const firstOk = new Map<string, number>(); // entity id → earliest tRecv of a 2xx that names it
  const noteOk = (id: string | undefined, t: number) => id && firstOk.set(id, Math.min(firstOk.get(id) ?? Infinity, t));
  const attributed = new Set<string>();
  const decided = new Map<string, { accept: OpRecord[]; decline: OpRecord[] }>();

  for (const ops of groups.values()) {
    const { kind, scope, key } = ops[0]!;
    bump(`ops.${kind}`);
    if (kind === "accept" || kind === "decline") {
      const d = decided.get(key) ?? { accept: [], decline: [] };
      d[kind].push(...ops);
      decided.set(key, d);
      continue;
    }
    const same = ops.filter((o) => o.attempt !== "changed");
    const ok = same.filter((o) => o.outcome === "ok");
    const info = same.filter((o) => o.outcome === "info");
    for (const o of ops) bump(`attempts.${o.outcome}`);
    for (const o of same)
      if (o.outcome === "fail" && o.code === "IDEMPOTENCY_KEY_REUSED") bad(`${kind} ${key}: same body refused as a reused key`);
    // What the database holds for this key, and the entity it names.
    let entityId: string | undefined;
    let exists = false;
    let journal: TxRow[] = [];
    if (kind === "transfer" || kind === "premium") {
      const row = keyRows.get(`${scope}\u0001${key}`);
      exists = !!row;
      entityId = row?.response_body?.id;
      if (kind === "transfer") journal = entityId ? txOf("transfer_hold", entityId) : [];
      if (kind === "premium") {
        const p = entityId ? premiumsById.get(entityId) : undefined;
        journal = p ? [txById.get(p.journal_transaction_id)].filter((x): x is TxRow => !!x) : [];
        if (p) attributed.add(`premium:${p.id}`);
      }
      if (entityId && kind === "transfer") {
        if (!transfers.has(entityId)) bad(`transfer ${key}: key stored, transfer ${entityId} missing`);
        attributed.add(`transfer:${entityId}`);
      }
    } else if (kind === "settle") {
      const s = settlementsByNo.get(`${scope.split(":")[1]}\u0001${key}`);
      exists = !!s;
      entityId = s?.id;
      journal = txOf("medical_settlement", key);
      if (s) attributed.add(`settlement:${s.id}`);
    } else if (kind === "refund") {
      const r = refundsByNo.get(`${scope.split(":")[1]}\u0001${key}`);
      exists = !!r;
      entityId = r?.id;
      journal = txOf("medical_refund", key);
      if (r) attributed.add(`refund:${r.id}`);
    } else if (kind === "credit") {
      const c = creditsByRef.get(`${scope.split(":")[1]}\u0001${key}`);
      exists = !!c;
      entityId = c?.id;
      journal = txOf("personal_account_credit", key);
      if (c) attributed.add(`credit:${c.id}`);
    }
    for (const o of ok) {
      let id: string | undefined;
      try {
        id = JSON.parse(o.bodyText ?? "{}").id;
      } catch {
        bad(`${kind} ${key}: a 2xx body that is not JSON`);
      }
      noteOk(id, o.tRecv);
      if (id !== entityId) bad(`${kind} ${key}: 2xx names ${id}, the database holds ${entityId ?? "nothing"}`);
    }
    if (ok.length) {
      bump("check.ok_present");
      if (info.length) bump("indeterminate.resolved_by_retry");
      if (!exists) bad(`${kind} ${key}: answered 2xx but nothing was stored`);
      if (journal.length !== 1) bad(`${kind} ${key}: answered 2xx, ${journal.length} journal transactions`);
      const texts = new Set(ok.map((o) => o.bodyText));
      if (texts.size > 1) {
        const canon = new Set(ok.map((o) => canonicalJson(JSON.parse(o.bodyText ?? "null"))));
        if (canon.size > 1) bad(`${kind} ${key}: 2xx answers of one key differ in content`);
        else {
          bump("finding.replay_bytes_differ");
          if (stats["finding.replay_bytes_differ"] === 1)
            notes.push(`${kind} ${key}: a replayed 2xx has the same JSON but not the same bytes (key order)`);
        }
      }
      bump("check.replay_identical");
    } else if (info.length === 0) {
      bump("check.definite_left_nothing");
      if (exists || journal.length) {
        const codes = [...new Set(same.map((o) => o.code ?? o.error))].join(",");
        bad(`${kind} ${key}: every attempt was refused (${codes}) but it was applied`);
      }
    } else {
      bump("check.indeterminate_at_most_once");
      bump(exists ? "indeterminate.committed" : "indeterminate.not_committed");
      if (journal.length > 1) bad(`${kind} ${key}: indeterminate, applied ${journal.length} times`);
    }
    for (const c of ops.filter((o) => o.attempt === "changed")) {
      if (c.outcome === "ok") bad(`${kind} ${key}: same key with another body was accepted`);
      else if (c.outcome === "fail" && c.status !== undefined && c.status < 500 && c.code !== "IDEMPOTENCY_KEY_REUSED" && exists)
        bad(`${kind} ${key}: changed body answered ${c.code}, not IDEMPOTENCY_KEY_REUSED`);
      else bump("check.changed_body_refused");
    }
  }

  // ---- transfers: decisions, rules, attribution ---------------------------------------------
  const sentPerDay = new Map<string, number>();
  for (const t of transfers.values()) {
    if (!attributed.has(`transfer:${t.id}`) && !firstOk.has(t.id)) bad(`transfer ${t.id} exists but no client asked for it`);
    const holds = txOf("transfer_hold", t.id);
    const ends = [...txOf("transfer_in", t.id), ...txOf("transfer_declined", t.id), ...txOf("transfer_returned", t.id)];
    if (holds.length !== 1) bad(`transfer ${t.id}: ${holds.length} holds`);
    if (ends.length > 1) bad(`transfer ${t.id}: settled ${ends.length} times`);
    const want = { pending: null, succeeded: "transfer_in", declined: "transfer_declined", returned: "transfer_returned" }[
      t.status as string
    ];
    if (want === undefined) bad(`transfer ${t.id}: unexpected status ${t.status}`);
    else if ((want === null && ends.length) || (want && ends[0]?.kind !== want))
      bad(`transfer ${t.id}: status ${t.status} but journal ${ends.map((e) => e.kind).join(",") || "none"}`);
    if (t.own + t.received !== t.amount || t.amount < 1 || t.amount > 200_000) bad(`transfer ${t.id}: bad amount/split`);
    if (inQuietHours(new Date(t.created_at))) bad(`transfer ${t.id}: created in quiet hours`);
    const day = `${t.sender_wallet_id}:${t.business_date}`;
    sentPerDay.set(day, (sentPerDay.get(day) ?? 0) + 1);
    if (t.decided_at) {
      const before = new Date(t.decided_at).getTime() < new Date(t.expires_at).getTime();
      if ((t.status === "succeeded" || t.status === "declined") && !before) bad(`transfer ${t.id}: ${t.status} after it expired`);
      if (t.status === "returned" && before) bad(`transfer ${t.id}: returned before 06:00`);
    }
    const d = decided.get(t.id);
    const by = (ops: OpRecord[] | undefined) => (ops ?? []).filter((o) => o.outcome !== "fail");
    if (t.status === "succeeded" && by(d?.accept).length === 0) bad(`transfer ${t.id}: succeeded but every accept was refused`);
    if (t.status === "declined" && by(d?.decline).length === 0) bad(`transfer ${t.id}: declined but every decline was refused`);
    for (const o of d?.accept ?? []) if (o.outcome === "ok") noteOk(`in:${t.id}`, o.tRecv);
    for (const o of d?.decline ?? []) if (o.outcome === "ok") noteOk(`in:${t.id}`, o.tRecv);
    bump("check.transfer_rules");
  }
  for (const [id, d] of decided) {
    const t = transfers.get(id);
    if (d.accept.some((o) => o.outcome === "ok") && t?.status !== "succeeded")
      bad(`transfer ${id}: accept answered 2xx, status ${t?.status}`);
    if (d.decline.some((o) => o.outcome === "ok") && t?.status !== "declined")
      bad(`transfer ${id}: decline answered 2xx, status ${t?.status}`);
    bump("check.decision_present");
  }
  for (const [day, n] of sentPerDay) if (n > 3) bad(`sender/day ${day}: ${n} transfers (limit 3)`);

  // ---- settlements and refunds --------------------------------------------------------------
  for (const s of f.settlements) {
    if (!attributed.has(`settlement:${s.id}`)) bad(`settlement ${s.id} exists but no client asked for it`);
    const rs = refundsBySettlement.get(s.id) ?? [];
    const sumOwn = rs.reduce((a, r) => a + r.own, 0);
    const sumRec = rs.reduce((a, r) => a + r.received, 0);
    if (sumOwn !== s.r_own || sumRec !== s.r_received) bad(`settlement ${s.id}: refunded totals do not match its refunds`);
    if (sumOwn > s.own || sumRec > s.received) bad(`settlement ${s.id}: refunded more than charged`);
    // Received first: once a refund reached own funds, all of the received part had gone back.
    if (sumOwn > 0 && sumRec !== s.received) bad(`settlement ${s.id}: refunded to own funds before received funds were fully returned`);
    bump("check.refund_rules");
  }
  for (const r of f.refunds) if (!attributed.has(`refund:${r.id}`)) bad(`refund ${r.id} exists but no client asked for it`);
  for (const p of f.premiums) if (!attributed.has(`premium:${p.id}`)) bad(`premium payment ${p.id} exists but no client asked for it`);
  for (const c of f.credits) {
    if (!attributed.has(`credit:${c.id}`)) bad(`credit ${c.id} exists but no client asked for it`);
    if (!txById.has(c.journal_transaction_id)) {
      bump("finding.credit_journal_link");
      if (stats["finding.credit_journal_link"] === 1)
        notes.push(`personal_account_credits.journal_transaction_id does not name its journal transaction (credit ${c.id})`);
    }
  }
  for (const t of txById.values()) {
    const known = [
      "transfer_hold",
      "transfer_in",
      "transfer_declined",
      "transfer_returned",
      "medical_settlement",
      "medical_refund",
      "premium_payment",
      "personal_account_credit",
      "wallet_opening",
    ];
    if (!known.includes(t.kind)) bad(`journal transaction ${t.id} of unexpected kind ${t.kind}`);
    const dup = txOf(t.kind, t.reference ?? "");
    if (t.kind !== "premium_payment" && dup.length > 1 && dup[0]!.id === t.id)
      bad(`${dup.length} journal transactions ${t.kind} for reference ${t.reference}`);
  }

  // ---- the single-threaded model --------------------------------------------------------------
  const debitSplits = new Map<string, Split & { amount: number }>();
  const creditSplits = new Map<string, Split>();
  for (const t of transfers.values()) {
    const hold = txOf("transfer_hold", t.id)[0];
    if (hold) debitSplits.set(hold.id, { amount: t.amount, own: t.own, received: t.received });
    for (const k of ["transfer_declined", "transfer_returned"]) {
      const back = txOf(k, t.id)[0];
      if (back) creditSplits.set(back.id, { own: t.own, received: t.received });
    }
  }
  for (const s of f.settlements) debitSplits.set(s.journal_transaction_id, { amount: s.amount, own: s.own, received: s.received });
  for (const p of f.premiums) debitSplits.set(p.journal_transaction_id, { amount: p.amount, own: p.own, received: p.received });
  for (const r of f.refunds) creditSplits.set(r.journal_transaction_id, { own: r.own, received: r.received });
  const model = replayModel({ wallets: f.wallets as never, entries: f.entries, txs: txById, debitSplits, creditSplits });
  for (const p of model.problems) bad(p);
  stats["model.movements_replayed"] = model.replayed;

  checkRefusals({ f, history, world, txById, txOf, transfers, firstOk, personOfWallet, bad, bump });

  return { ok: problems.length === 0, problems, notes, stats };
}
