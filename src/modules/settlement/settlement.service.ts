import { sql } from "drizzle-orm";
import type { Ctx } from "@/ctx";
import type { DbOrTx } from "@/db/client";
import { hmacHex } from "@/lib/crypto";
import { newId } from "@/lib/ids";
import { splitPayment } from "@/lib/money";
import { isUniqueViolation } from "@/lib/pg-errors";
import { errors } from "@/lib/problem";
import { recordAudit } from "@/modules/audit/audit.service";
import { findPerson } from "@/modules/identity/identity.repo";
import { pools } from "@/modules/ledger/ledger.accounts";
import { insufficientFunds, lockAccounts, post, type Posting } from "@/modules/ledger/ledger.service";
import { canonicalJson, keyReused } from "@/modules/platform/idempotency";
import { walletById } from "@/modules/wallet/wallet.repo";
import { ecodeHash } from "./ecode.service";
import { claimEcode, findMerchant, merchantSettlement, refundsOf, settlementByOrder } from "./settlement.repo";
import { settlementErrors } from "./settlement.errors";
import { settleFast } from "./settlement.fast";
import { clearingPostings } from "./settlement.postings";
import { settlements } from "./settlement.schema";
import { refundDto, settlementDto } from "./settlement.views";

export interface SettleInput {
  ecode: string;
  orderNo: string;
  amountFen: number;
}

/**
 * Charges the self-pay amount against an e-code: own funds first, then received. Idempotent by the
 * merchant's orderNo: an advisory lock on it makes a concurrent duplicate wait for the first and then
 * answer with its result (200), so a retry never charges twice nor trips over the spent e-code.
 */
export async function settle(ctx: Ctx, merchantId: string, input: SettleInput): Promise<{ status: 200 | 201; body: ReturnType<typeof settlementDto> }> {
  const [requestHash, codeHash] = await Promise.all([
    hmacHex(ctx.config.secrets.lookupHmac, canonicalJson({ ...input, ecode: input.ecode.trim().toUpperCase() })),
    ecodeHash(ctx, input.ecode),
  ]);
  // One statement on the happy path and for a replay; everything else gets its exact answer below.
  return (await settleFast(ctx, merchantId, input, requestHash, codeHash)) ?? settleChecked(ctx, merchantId, input, requestHash, codeHash);
}

/** The step-by-step path: every refusal, and whatever the one-statement path leaves to it. */
export async function settleChecked(
  ctx: Ctx,
  merchantId: string,
  input: SettleInput,
  requestHash: string,
  codeHash: string,
): Promise<{ status: 200 | 201; body: ReturnType<typeof settlementDto> }> {
  const merchant = await findMerchant(ctx.db, merchantId);
  if (!merchant) throw errors.forbidden();
  const replay = async (db: DbOrTx) => {
    const s = await settlementByOrder(db, merchantId, input.orderNo);
    if (!s) return null;
    if (s.requestHash !== requestHash) throw keyReused();
    return { status: 200 as const, body: settlementDto(s, "paid") };
  };
  const first = await replay(ctx.db);
  if (first) return first;
  if (!merchant.acceptsWallet) throw settlementErrors.notAccepting();
  const now = ctx.clock.now();

  try {
    return await ctx.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`settlement\u0001${merchantId}\u0001${input.orderNo}`}, 7))`);
      const again = await replay(tx);
      if (again) return again;
      const id = newId();
      // A refused payment rolls this back too, so the patient's code stays usable for a second try.
      const code = await claimEcode(tx, codeHash, id, now);
      if (!code) throw settlementErrors.ecodeInvalid();
      const wallet = await walletById(tx, code.walletId);
      if (!wallet || wallet.status !== "active") throw settlementErrors.walletNotActive("patient");
      const patient = (await findPerson(tx, wallet.personId))!;

      const locked = await lockAccounts(tx, [wallet.ownAccountId, wallet.receivedAccountId]);
      const split = splitPayment(input.amountFen, {
        ownFen: locked.get(wallet.ownAccountId)?.balance ?? 0,
        receivedFen: locked.get(wallet.receivedAccountId)?.balance ?? 0,
      });
      if (!split) throw insufficientFunds();

      const postings: Posting[] = [];
      if (split.ownFen) postings.push({ accountId: wallet.ownAccountId, amount: -split.ownFen });
      if (split.receivedFen) postings.push({ accountId: wallet.receivedAccountId, amount: -split.receivedFen });
      postings.push({ accountId: pools.merchantSettlement(merchant.id), amount: input.amountFen });
      postings.push(...clearingPostings(wallet.regionCode, merchant.regionCode, input.amountFen));
      const { transactionId } = await post(
        tx,
        {
          kind: "medical_settlement",
          reference: input.orderNo,
          businessAt: now,
          metadata: { settlementId: id, merchantId: merchant.id, counterparties: { [wallet.id]: merchant.name } },
        },
        postings,
        { locked },
      );
      const [row] = await tx
        .insert(settlements)
        .values({
          id,
          merchantId: merchant.id,
          walletId: wallet.id,
          orderNo: input.orderNo,
          amountFen: input.amountFen,
          fromOwnFen: split.ownFen,
          fromReceivedFen: split.receivedFen,
          status: "paid",
          patientRegionCode: wallet.regionCode,
          merchantRegionCode: merchant.regionCode,
          patientMaskedName: patient.maskedName,
          ecodeId: code.id,
          requestHash,
          journalTransactionId: transactionId,
          createdAt: now,
        })
        .returning();
      await recordAudit(tx, now, {
        actorType: "merchant",
        actorId: merchant.id,
        action: "settlement.charge",
        subjectType: "settlement",
        subjectId: id,
        details: { walletId: wallet.id, orderNo: input.orderNo, amountFen: input.amountFen, ...split, crossRegion: wallet.regionCode !== merchant.regionCode },
      });
      return { status: 201 as const, body: settlementDto(row!) };
    });
  } catch (e) {
    // Only reachable if the advisory lock's hash ever let two requests past: the index still holds.
    if (isUniqueViolation(e, "settlements_order_uq")) {
      const r = await replay(ctx.db);
      if (r) return r;
    }
    throw e;
  }
}

export async function getSettlement(ctx: Ctx, merchantId: string, id: string) {
  const s = await merchantSettlement(ctx.db, merchantId, id);
  if (!s) throw settlementErrors.settlementNotFound();
  const refunds = await refundsOf(ctx.db, s.id);
  return { ...settlementDto(s), refundedFen: s.refundedOwnFen + s.refundedReceivedFen, refunds: refunds.map(refundDto) };
}
