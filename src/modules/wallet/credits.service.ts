import { sql } from "drizzle-orm";
import type { Ctx } from "@/ctx";
import { hmacHex } from "@/lib/crypto";
import { newId } from "@/lib/ids";
import { lookupHash } from "@/lib/pii";
import { DomainError, errors } from "@/lib/problem";
import { rowsOf } from "@/lib/rows";
import { auditInsertSql } from "@/modules/audit/audit.service";
import { requireValidIdNumber } from "@/modules/identity/identity.service";
import { pools } from "@/modules/ledger/ledger.accounts";
import { post } from "@/modules/ledger/ledger.service";
import { canonicalJson, keyReused } from "@/modules/platform/idempotency";
import type { personalAccountCredits } from "./wallet.schema";

function recipientNoWallet() {
  return new DomainError("RECIPIENT_NO_WALLET", 422, "该人员尚未开通医保钱包", "This person has not opened a wallet");
}

export type CreditRow = typeof personalAccountCredits.$inferSelect;

export function creditDto(r: CreditRow) {
  return {
    id: r.id,
    walletId: r.walletId,
    amountFen: r.amountFen,
    period: r.period,
    reference: r.reference,
    createdAt: r.createdAt.toISOString(),
  };
}

export interface CreditInput {
  idNumber: string;
  amountFen: number;
  period: string;
  reference: string;
}

/** A credit row as to_jsonb gives it, with the types drizzle's select would have. */
function creditFromJson(j: Record<string, unknown>): CreditRow {
  return {
    id: String(j.id),
    regionCode: String(j.region_code),
    reference: String(j.reference),
    walletId: String(j.wallet_id),
    amountFen: Number(j.amount_fen),
    period: String(j.period),
    journalTransactionId: String(j.journal_transaction_id),
    requestHash: String(j.request_hash),
    createdAt: new Date(String(j.created_at)),
  };
}

interface CreditFacts {
  existing: Record<string, unknown> | null;
  person_id: string | null;
  insurance: string | null;
  wallet_id: string | null;
  wallet_region: string | null;
  wallet_status: string | null;
  own_account_id: string | null;
}

/**
 * A monthly personal-account credit (划入) from a region's core: the one implementation. One read
 * (any earlier credit of the reference, the person by ID hash, their wallet) decides every refusal;
 * one statement claims the reference (a concurrent duplicate finds it claimed and replays it) and
 * posts the credit through the ledger (no lock round trip: a credit needs no balance check; a closed
 * wallet is refused there too), with the audit row.
 */
export async function creditPersonalAccount(
  ctx: Ctx,
  regionCode: string,
  input: CreditInput,
): Promise<{ status: 200 | 201; body: ReturnType<typeof creditDto> }> {
  const parsed = requireValidIdNumber(ctx, input.idNumber);
  const [requestHash, idHash] = await Promise.all([
    hmacHex(ctx.config.secrets.lookupHmac, canonicalJson({ ...input, idNumber: parsed.idNumber })),
    lookupHash(ctx.config.secrets.lookupHmac, "id", parsed.idNumber),
  ]);
  const replay = (j: Record<string, unknown>) => {
    const r = creditFromJson(j);
    if (r.requestHash !== requestHash) throw keyReused();
    return { status: 200 as const, body: creditDto(r) };
  };
  const [f] = rowsOf<CreditFacts>(
    await ctx.db.execute(sql`
      select (select to_jsonb(c) from personal_account_credits c where c.region_code = ${regionCode} and c.reference = ${input.reference}) as existing,
        p.id as person_id, p.insurance, w.id as wallet_id, w.region_code as wallet_region, w.status as wallet_status, w.own_account_id
      from (select 1) one left join persons p on p.id_hash = ${idHash} left join wallets w on w.person_id = p.id`),
  );
  if (f?.existing) return replay(f.existing);
  if (!f?.person_id || !f.wallet_id) throw recipientNoWallet();
  if (f.wallet_region !== regionCode) throw errors.forbidden("该人员不属于本统筹区", "The person is not insured in this region");
  if (f.insurance !== "employee") {
    throw new DomainError(
      "NOT_EMPLOYEE_INSURED",
      422,
      "仅职工医保参保人有个人账户",
      "Only employee-insured persons have a personal account",
    );
  }
  if (f.wallet_status === "closed") throw new DomainError("WALLET_NOT_ACTIVE", 422, "医保钱包已注销", "The wallet is closed");

  const now = ctx.clock.now();
  const id = newId();
  const transactionId = newId();
  const walletId = f.wallet_id;
  const claimed = sql`exists (select 1 from ins)`;
  const r = await post(
    ctx.db,
    {
      kind: "personal_account_credit",
      reference: input.reference,
      businessAt: now,
      metadata: { period: input.period, counterparties: { [walletId]: "个人账户划入" } },
    },
    [
      { accountId: pools.personalAccountFund(regionCode), amount: -input.amountFen },
      { accountId: f.own_account_id!, amount: input.amountFen },
    ],
    {
      transactionId,
      before: [
        sql`ins as (insert into personal_account_credits (id, region_code, reference, wallet_id, amount_fen, period, journal_transaction_id, request_hash, created_at)
          values (${id}, ${regionCode}, ${input.reference}, ${walletId}, ${input.amountFen}::bigint, ${input.period}, ${transactionId}, ${requestHash}, ${now.toISOString()}::timestamptz)
          on conflict do nothing returning id)`,
      ],
      when: claimed,
      after: [
        sql`au as (${auditInsertSql(
          now,
          {
            actorType: "region",
            actorId: regionCode,
            action: "wallet.credit",
            subjectType: "wallet",
            subjectId: walletId,
            details: { amountFen: input.amountFen, period: input.period, reference: input.reference },
          },
          claimed,
        )})`,
      ],
    },
  );
  if (!r.posted) {
    // A concurrent duplicate claimed the reference first: answer with its result.
    const [again] = rowsOf<{ j: Record<string, unknown> }>(
      await ctx.db.execute(
        sql`select to_jsonb(c) as j from personal_account_credits c where c.region_code = ${regionCode} and c.reference = ${input.reference}`,
      ),
    );
    return replay(again!.j);
  }
  return {
    status: 201,
    body: creditDto({
      id,
      regionCode,
      reference: input.reference,
      walletId,
      amountFen: input.amountFen,
      period: input.period,
      journalTransactionId: transactionId,
      requestHash,
      createdAt: now,
    }),
  };
}
