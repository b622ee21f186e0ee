import { sql } from "drizzle-orm";
import type { Ctx } from "@/ctx";
import { hmacHex } from "@/lib/crypto";
import { newId } from "@/lib/ids";
import { isUniqueViolation } from "@/lib/pg-errors";
import { errors } from "@/lib/problem";
import { rowsOf } from "@/lib/rows";
import { auditInsertSql } from "@/modules/audit/audit.service";
import { pools } from "@/modules/ledger/ledger.accounts";
import { insufficientFunds, lockedFromRows, post, type Posting } from "@/modules/ledger/ledger.service";
import { type NotificationInput, pushAfterCommit } from "@/modules/notifications/notifications.service";
import { canonicalJson, keyReused } from "@/modules/platform/idempotency";
import { beijingYear } from "@/modules/family/quota-year";
import {
  carryQuotasInto,
  type PayableQuota,
  payableQuotaAccountsSql,
  payableQuotasCtes,
  planFunding,
  quotaDrawPieces,
  quotaSources,
} from "@/modules/family/quota-draw";
import { quotaPartsOf, quotaPartsOfPlan } from "@/modules/family/funding.repo";
import { ecodeHash } from "./ecode.service";
import { merchantSettlement, refundsOf, settlementByOrder, type SettlementRow } from "./settlement.repo";
import { settlementErrors } from "./settlement.errors";
import { clearingPostings } from "./settlement.postings";
import { refundDto, settlementDto } from "./settlement.views";

export interface SettleInput {
  ecode: string;
  orderNo: string;
  amountFen: number;
}

interface SettleFacts {
  merchant: { id: string; name: string; region_code: string; accepts_wallet: boolean } | null;
  existing: Record<string, unknown> | null;
  ecode_id: string | null;
  wallet: {
    id: string;
    status: string;
    region_code: string;
    own_account_id: string;
    received_account_id: string;
    masked_name: string;
    person_id: string;
  } | null;
  quotas: (PayableQuota & { granted_at: string })[] | null;
  quotas_due: boolean | null;
  accounts: { id: string; balance: string | number; version: string | number; allow_negative: boolean; closed: boolean }[] | null;
}

/** A settlement row as to_jsonb gives it, with the types drizzle's select would have. */
function settlementFromJson(j: Record<string, unknown>): SettlementRow {
  return {
    id: String(j.id),
    merchantId: String(j.merchant_id),
    walletId: String(j.wallet_id),
    orderNo: String(j.order_no),
    amountFen: Number(j.amount_fen),
    fromOwnFen: Number(j.from_own_fen),
    fromReceivedFen: Number(j.from_received_fen),
    fromQuotaFen: Number(j.from_quota_fen),
    refundedOwnFen: Number(j.refunded_own_fen),
    refundedReceivedFen: Number(j.refunded_received_fen),
    refundedQuotaFen: Number(j.refunded_quota_fen),
    status: j.status as SettlementRow["status"],
    patientRegionCode: String(j.patient_region_code),
    merchantRegionCode: String(j.merchant_region_code),
    patientMaskedName: String(j.patient_masked_name),
    ecodeId: String(j.ecode_id),
    requestHash: String(j.request_hash),
    journalTransactionId: String(j.journal_transaction_id),
    createdAt: new Date(String(j.created_at)),
  };
}

/**
 * Charges the self-pay amount against an e-code: the one implementation. One transaction of two
 * statements. The first takes the order number's advisory lock (a concurrent duplicate waits for the
 * first and then answers with its result, 200), reads the merchant and any earlier settlement of the
 * order, locks the e-code, then the patient's sub-balances in id order. Every refusal is decided from
 * that read. The second spends the e-code and writes the settlement, its posting through the ledger
 * and the audit row. The funding is a list of parts (own funds first, then received funds).
 */
export async function settle(
  ctx: Ctx,
  merchantId: string,
  input: SettleInput,
): Promise<{ status: 200 | 201; body: ReturnType<typeof settlementDto> }> {
  const [requestHash, codeHash] = await Promise.all([
    hmacHex(ctx.config.secrets.lookupHmac, canonicalJson({ ...input, ecode: input.ecode.trim().toUpperCase() })),
    ecodeHash(ctx, input.ecode),
  ]);
  const now = ctx.clock.now();
  const nowTs = sql`${now.toISOString()}::timestamptz`;
  const year = beijingYear(now);
  const read = sql`
    with lk as materialized (select pg_advisory_xact_lock(hashtextextended(${`settlement\u0001${merchantId}\u0001${input.orderNo}`}::text, 7)) as ok),
    m as materialized (select id, name, region_code, accepts_wallet from merchants where id = ${merchantId} and exists (select 1 from lk)),
    ex as materialized (select to_jsonb(s) as j from settlements s where s.merchant_id = ${merchantId} and s.order_no = ${input.orderNo} and exists (select 1 from lk)),
    -- coalesce: by the code's unique hash, never a range scan of the partial index of live codes (stale statistics).
    ec as materialized (
      select e.id, e.wallet_id from ecodes e
      where e.code_hash = ${codeHash} and coalesce(e.status, '') = 'active' and e.expires_at > ${nowTs} and exists (select 1 from lk)
      for update
    ),
    w as materialized (
      select w.id, w.status, w.region_code, w.own_account_id, w.received_account_id, p.masked_name, w.person_id
      from ec join wallets w on w.id = ec.wallet_id join persons p on p.id = w.person_id
    ),
    ${sql.join(payableQuotasCtes(year), sql`, `)},
    -- The payer's sub-balances and those of the givers of the payer's quotas (locked above), together in id order.
    -- By an array of ids (one value, computed before the scan), never a join with the CTEs: when a row's lock
    -- had to be waited for and the row changed meanwhile, PostgreSQL re-checks the new row version against the
    -- query (EvalPlanQual), and with a nested loop over those CTEs the re-check lost the row, so the payer's
    -- balance read as 0 and a patient with ample funds was refused INSUFFICIENT_FUNDS (test/settlement-locks).
    acc as (
      select a.id, a.balance, a.version, a.allow_negative, false as closed from ledger_accounts a
      where a.id = any ((select array_agg(ids.id) from (select own_account_id as id from w union all select received_account_id from w
        union all ${payableQuotaAccountsSql}) ids)::text[])
      order by a.id for update
    )
    select (select to_jsonb(m) from m) as merchant, (select j from ex) as existing, (select id from ec) as ecode_id,
      (select to_jsonb(w) from w) as wallet, (select jsonb_agg(to_jsonb(fq)) from fq) as quotas, (select due from fq_due) as quotas_due,
      (select jsonb_agg(to_jsonb(acc)) from acc) as accounts`;

  const id = newId();
  const transactionId = newId();
  let notices: NotificationInput[] = [];
  try {
    const result = await ctx.db.transaction(async (tx) => {
      let f = rowsOf<SettleFacts>(await tx.execute(read))[0]!;
      const decide = (f: SettleFacts) => {
        if (!f.merchant) return errors.forbidden();
        if (f.existing) return null;
        if (!f.merchant.accepts_wallet) return settlementErrors.notAccepting();
        if (!f.ecode_id || !f.wallet) return settlementErrors.ecodeInvalid();
        if (f.wallet.status !== "active") return settlementErrors.walletNotActive("patient");
        return null;
      };
      // A refusal is decided from a read whose snapshot may predate the locks it waited for (a
      // duplicate of this order committed meanwhile): read again under the locks before refusing.
      if (decide(f)) f = rowsOf<SettleFacts>(await tx.execute(read))[0]!;
      const refusal = decide(f);
      if (refusal) throw refusal;
      if (f.existing) {
        const s = settlementFromJson(f.existing);
        if (s.requestHash !== requestHash) throw keyReused();
        return { status: 200 as const, body: settlementDto(s, "paid", await quotaPartsOf(tx, s)) };
      }
      // The first draw of a Beijing year carries the payer's quotas into it; then read (and lock) again.
      if (f.quotas_due) {
        await carryQuotasInto(tx, f.wallet!.person_id, year, now);
        f = rowsOf<SettleFacts>(await tx.execute(read))[0]!;
      }
      // Every account to draw from must be in the read (locked): one missing would read as a balance of 0
      // and refuse a payer who has the money. Should a lock's re-check ever lose one again, read once more
      // (the locks are held now, so nothing is waited for); if still missing, 503 BUSY, never a false 422.
      const unread = (f: SettleFacts) => {
        const got = new Set((f.accounts ?? []).map((a) => a.id));
        const want = [f.wallet!.own_account_id, f.wallet!.received_account_id];
        for (const q of f.quotas ?? []) want.push(q.own_account_id, q.received_account_id);
        return want.some((id) => !got.has(id));
      };
      if (unread(f)) {
        f = rowsOf<SettleFacts>(await tx.execute(read))[0]!;
        if (decide(f) || unread(f)) throw errors.busy();
      }
      const merchant = f.merchant!;
      const wallet = f.wallet!;
      const locked = lockedFromRows(f.accounts ?? []);
      const quotas = f.quotas ?? [];
      const payer = {
        ownFen: locked.get(wallet.own_account_id)?.balance ?? 0,
        receivedFen: locked.get(wallet.received_account_id)?.balance ?? 0,
      };
      // Own funds, received funds, then the quotas granted to the payer (oldest first): all or nothing.
      const parts = planFunding(input.amountFen, payer, quotaSources(quotas, locked));
      if (!parts) throw insufficientFunds();
      const paid = (label: "own" | "received") => parts.filter((p) => p.source === label).reduce((a, p) => a + p.amountFen, 0);
      const split = { ownFen: paid("own"), receivedFen: paid("received") };
      const draw = quotaDrawPieces(parts, quotas, {
        settlementId: id,
        merchantRegionCode: merchant.region_code,
        merchantName: merchant.name,
        payerMaskedName: wallet.masked_name,
        at: now,
      });
      const postings: Posting[] = [];
      if (split.ownFen) postings.push({ accountId: wallet.own_account_id, amount: -split.ownFen });
      if (split.receivedFen) postings.push({ accountId: wallet.received_account_id, amount: -split.receivedFen });
      postings.push(...draw.postings);
      postings.push({ accountId: pools.merchantSettlement(merchant.id), amount: input.amountFen });
      // The payer's part clears between the payer's region and the institution's; each giver's between theirs.
      if (split.ownFen + split.receivedFen)
        postings.push(...clearingPostings(wallet.region_code, merchant.region_code, split.ownFen + split.receivedFen));
      const row: SettlementRow = {
        id,
        merchantId: merchant.id,
        walletId: wallet.id,
        orderNo: input.orderNo,
        amountFen: input.amountFen,
        fromOwnFen: split.ownFen,
        fromReceivedFen: split.receivedFen,
        fromQuotaFen: draw.quotaFen,
        refundedOwnFen: 0,
        refundedReceivedFen: 0,
        refundedQuotaFen: 0,
        status: "paid",
        patientRegionCode: wallet.region_code,
        merchantRegionCode: merchant.region_code,
        patientMaskedName: wallet.masked_name,
        ecodeId: f.ecode_id!,
        requestHash,
        journalTransactionId: transactionId,
        createdAt: now,
      };
      await post(
        tx,
        {
          kind: "medical_settlement",
          reference: input.orderNo,
          businessAt: now,
          metadata: { settlementId: id, merchantId: merchant.id, counterparties: { ...draw.counterparties, [wallet.id]: merchant.name } },
        },
        postings,
        {
          locked,
          transactionId,
          before: [
            sql`cl as (update ecodes set status = 'used', used_at = ${nowTs}, settlement_id = ${id} where id = ${row.ecodeId})`,
            sql`sr as (insert into settlements (id, merchant_id, wallet_id, order_no, amount_fen, from_own_fen, from_received_fen, from_quota_fen, status,
                patient_region_code, merchant_region_code, patient_masked_name, ecode_id, request_hash, journal_transaction_id, created_at)
              values (${id}, ${row.merchantId}, ${row.walletId}, ${row.orderNo}, ${row.amountFen}::bigint, ${row.fromOwnFen}::bigint, ${row.fromReceivedFen}::bigint, ${row.fromQuotaFen}::bigint, 'paid',
                ${row.patientRegionCode}, ${row.merchantRegionCode}, ${row.patientMaskedName}, ${row.ecodeId}, ${requestHash}, ${transactionId}, ${nowTs}))`,
          ],
          after: [
            sql`au as (${auditInsertSql(now, {
              actorType: "merchant",
              actorId: merchant.id,
              action: "settlement.charge",
              subjectType: "settlement",
              subjectId: id,
              details: {
                walletId: wallet.id,
                orderNo: input.orderNo,
                amountFen: input.amountFen,
                ...split,
                quotaFen: draw.quotaFen,
                quotas: parts.flatMap((p) => (p.source === "quota" ? [{ quotaId: p.quotaId, from: p.from, amountFen: p.amountFen }] : [])),
                crossRegion: wallet.region_code !== merchant.region_code,
              },
            })})`,
            ...draw.ctes,
          ],
        },
      );
      notices = draw.notices;
      return { status: 201 as const, body: settlementDto(row, row.status, quotaPartsOfPlan(parts, quotas)) };
    });
    // Givers hear of each use: the inbox rows are in the transaction, the super-app push after it.
    await pushAfterCommit(ctx, notices);
    return result;
  } catch (e) {
    // Only reachable if the advisory lock's hash ever let two requests past: the index still holds.
    if (isUniqueViolation(e, "settlements_order_uq")) {
      const s = await settlementByOrder(ctx.db, merchantId, input.orderNo);
      if (s) {
        if (s.requestHash !== requestHash) throw keyReused();
        return { status: 200, body: settlementDto(s, "paid", await quotaPartsOf(ctx.db, s)) };
      }
    }
    throw e;
  }
}

export async function getSettlement(ctx: Ctx, merchantId: string, id: string) {
  const s = await merchantSettlement(ctx.db, merchantId, id);
  if (!s) throw settlementErrors.settlementNotFound();
  const refunds = await refundsOf(ctx.db, s.id);
  return {
    ...settlementDto(s, s.status, await quotaPartsOf(ctx.db, s)),
    refundedFen: s.refundedOwnFen + s.refundedReceivedFen + s.refundedQuotaFen,
    refunds: refunds.map(refundDto),
  };
}
