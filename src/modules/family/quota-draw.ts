import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { newId } from "@/lib/ids";
import { formatFen } from "@/lib/money";
import { rowsOf } from "@/lib/rows";
import type { LockedAccounts, Posting } from "@/modules/ledger/ledger.service";
import { noticeInsertSql, type NotificationInput } from "@/modules/notifications/notifications.service";
import { clearingPostings } from "@/modules/settlement/settlement.postings";
import { type FundingPart, planFunding, type QuotaSource } from "./funding";

/** A quota granted to the payer, as the settlement's read finds and locks it. */
export interface PayableQuota {
  id: string;
  annual_fen: string | number;
  per_payment_fen: string | number | null;
  used_fen: string | number;
  giver_person_id: string;
  giver_wallet_id: string;
  own_account_id: string;
  received_account_id: string;
  giver_region_code: string;
  giver_masked_name: string;
  giver_user_id: string;
}

/**
 * CTEs for the settlement's read, after `w` (the payer's wallet, with `person_id`): `fq` locks this
 * Beijing year's active quotas granted to the payer whose giver's wallet is active, in id order and
 * before any account (every path that locks quotas and accounts takes quotas first); `fq_due` says
 * whether an active quota of an earlier year still has to be carried into this one.
 */
export function payableQuotasCtes(year: number): SQL[] {
  return [
    sql`fq as materialized (
      select q.id, q.annual_fen, q.per_payment_fen, q.used_fen, q.giver_person_id, gw.id as giver_wallet_id, gw.own_account_id, gw.received_account_id,
        gw.region_code as giver_region_code, gp.masked_name as giver_masked_name, gw.manager_user_id as giver_user_id, q.granted_at
      from family_quotas q join wallets gw on gw.person_id = q.giver_person_id join persons gp on gp.id = q.giver_person_id
      where q.payer_person_id = (select person_id from w) and q.year = ${year} and q.status = 'active' and gw.status = 'active'
      order by q.id for update of q)`,
    sql`fq_due as (select exists (
      select 1 from family_quotas q where q.payer_person_id = (select person_id from w) and q.status = 'active' and q.year < ${year}
        and not exists (select 1 from family_quotas n where n.binding_id = q.binding_id and n.giver_person_id = q.giver_person_id and n.year >= ${year})) as due)`,
  ];
}

/** The giver accounts to lock with the payer's, as a subquery of account ids. */
export const payableQuotaAccountsSql = sql`select own_account_id from fq union all select received_account_id from fq`;

/**
 * Carries the payer's active quotas of earlier years into `year` (used back at 0, grant order kept),
 * so a draw has this year's row to lock. Rare: the first draw of a year.
 */
export async function carryQuotasInto(tx: DbOrTx, payerPersonId: string, year: number, at: Date): Promise<void> {
  const due = rowsOf<{
    binding_id: string;
    giver_person_id: string;
    annual_fen: string;
    per_payment_fen: string | null;
    granted_at: string | Date;
  }>(
    await tx.execute(sql`
      select distinct on (q.binding_id, q.giver_person_id) q.binding_id, q.giver_person_id, q.annual_fen, q.per_payment_fen, q.granted_at, q.status
      from family_quotas q where q.payer_person_id = ${payerPersonId} and q.year < ${year}
      order by q.binding_id, q.giver_person_id, q.year desc`),
  ).filter((r) => (r as unknown as { status: string }).status === "active");
  for (const r of due) {
    await tx.execute(sql`
      insert into family_quotas (id, binding_id, giver_person_id, payer_person_id, year, annual_fen, per_payment_fen, used_fen, status, granted_at, updated_at)
      values (${newId()}, ${r.binding_id}, ${r.giver_person_id}, ${payerPersonId}, ${year}, ${r.annual_fen}::bigint, ${r.per_payment_fen}::bigint, 0, 'active',
        ${new Date(r.granted_at).toISOString()}::timestamptz, ${at.toISOString()}::timestamptz)
      on conflict (binding_id, giver_person_id, year) do nothing`);
  }
}

/** Quotas in grant order (oldest first) with what is left of each and the giver's locked balances. */
export function quotaSources(quotas: (PayableQuota & { granted_at: string | Date })[], locked: LockedAccounts): QuotaSource[] {
  return [...quotas]
    .sort((a, b) => new Date(a.granted_at).getTime() - new Date(b.granted_at).getTime() || a.id.localeCompare(b.id))
    .map((q) => ({
      quotaId: q.id,
      remainingFen: Math.max(0, Number(q.annual_fen) - Number(q.used_fen)),
      perPaymentFen: q.per_payment_fen === null ? null : Number(q.per_payment_fen),
      giverWalletId: q.giver_wallet_id,
      giverOwnFen: locked.get(q.own_account_id)?.balance ?? 0,
      giverReceivedFen: locked.get(q.received_account_id)?.balance ?? 0,
    }));
}

export { planFunding };

type QuotaPart = Extract<FundingPart, { source: "quota" }>;

/** The answer's `funding`: parts in the order charged, a quota's two balances as one part per giver. */
export function fundingDto(
  parts: { source: "own" | "received" | "quota"; amountFen: number; quotaId?: string; giverMaskedName?: string }[],
) {
  const out: { source: "own" | "received" | "quota"; amountFen: number; giver?: { maskedName: string } }[] = [];
  let lastQuota: string | undefined;
  for (const p of parts) {
    if (p.source === "quota" && p.quotaId === lastQuota) {
      out[out.length - 1]!.amountFen += p.amountFen;
      continue;
    }
    lastQuota = p.source === "quota" ? p.quotaId : undefined;
    out.push(
      p.source === "quota"
        ? { source: "quota", amountFen: p.amountFen, giver: { maskedName: p.giverMaskedName ?? "" } }
        : { source: p.source, amountFen: p.amountFen },
    );
  }
  return out;
}

/**
 * What a settlement funded by quotas adds to its one posting statement: the givers' debits and the
 * clearing between each giver's region and the institution's; the quota rows' use; the parts; a
 * `quota.used` notice to each giver (shown in their bills through the entry's counterparty).
 */
export function quotaDrawPieces(
  parts: FundingPart[],
  quotas: PayableQuota[],
  ctx: { settlementId: string; merchantRegionCode: string; merchantName: string; payerMaskedName: string; at: Date },
) {
  const byId = new Map(quotas.map((q) => [q.id, q]));
  const quotaParts = parts.filter((p): p is QuotaPart => p.source === "quota");
  const postings: Posting[] = [];
  const counterparties: Record<string, string> = {};
  const rows: SQL[] = [];
  const use = new Map<string, number>();
  quotaParts.forEach((p, i) => {
    const q = byId.get(p.quotaId)!;
    const accountId = p.from === "own" ? q.own_account_id : q.received_account_id;
    postings.push({ accountId, amount: -p.amountFen });
    postings.push(...clearingPostings(q.giver_region_code, ctx.merchantRegionCode, p.amountFen));
    counterparties[q.giver_wallet_id] = `${ctx.payerMaskedName}·${ctx.merchantName}（共济额度）`;
    use.set(q.id, (use.get(q.id) ?? 0) + p.amountFen);
    rows.push(
      sql`(${newId()}::text, ${ctx.settlementId}::text, ${i + 1}::int, ${q.id}::text, ${q.giver_person_id}::text, ${q.giver_wallet_id}::text, ${accountId}::text, ${p.from}::text, ${p.amountFen}::bigint, ${q.giver_masked_name}::text, ${q.giver_region_code}::text)`,
    );
  });
  const ctes: SQL[] = [];
  const notices: NotificationInput[] = [];
  if (quotaParts.length) {
    const values = sql.join(
      [...use].map(([id, x]) => sql`(${id}::text, ${x}::bigint)`),
      sql`, `,
    );
    ctes.push(
      sql`fq_use as (update family_quotas q set used_fen = q.used_fen + v.x, updated_at = ${ctx.at.toISOString()}::timestamptz from (values ${values}) as v(id, x) where q.id = v.id)`,
    );
    ctes.push(sql`fq_parts as (insert into settlement_funding (id, settlement_id, seq, quota_id, giver_person_id, giver_wallet_id, account_id, from_balance, amount_fen, giver_masked_name, giver_region_code)
      values ${sql.join(rows, sql`, `)})`);
    [...use].forEach(([id, x], i) => {
      const q = byId.get(id)!;
      const n: NotificationInput = {
        userId: q.giver_user_id,
        kind: "quota.used",
        title: "亲属使用了您的共济额度",
        body: `${ctx.payerMaskedName} 在 ${ctx.merchantName} 付款，使用您的共济额度 ${formatFen(x)}`,
        data: { settlementId: ctx.settlementId, quotaId: id, amountFen: x, name: ctx.payerMaskedName, merchant: ctx.merchantName },
      };
      notices.push(n);
      ctes.push(sql`fq_n${sql.raw(String(i))} as (${noticeInsertSql(ctx.at, n)})`);
    });
  }
  return { postings, counterparties, ctes, notices, quotaFen: quotaParts.reduce((a, p) => a + p.amountFen, 0) };
}
