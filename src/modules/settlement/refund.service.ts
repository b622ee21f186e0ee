import { eq, sql } from "drizzle-orm";
import type { Ctx } from "@/ctx";
import type { DbOrTx } from "@/db/client";
import { hmacHex } from "@/lib/crypto";
import { newId } from "@/lib/ids";
import { splitRefund } from "@/lib/money";
import { isUniqueViolation } from "@/lib/pg-errors";
import { recordAudit } from "@/modules/audit/audit.service";
import { pools } from "@/modules/ledger/ledger.accounts";
import { post, type Posting } from "@/modules/ledger/ledger.service";
import { canonicalJson, keyReused } from "@/modules/platform/idempotency";
import { walletById } from "@/modules/wallet/wallet.repo";
import { findMerchant, merchantSettlement, refundByNo } from "./settlement.repo";
import { settlementErrors } from "./settlement.errors";
import { clearingPostings } from "./settlement.postings";
import { settlementRefunds, settlements } from "./settlement.schema";
import { refundDto } from "./settlement.views";

/**
 * Returns part or all of a charge: to received funds first (charged last), then own, never more than
 * is left. The settlement row is locked, so concurrent refunds of one charge are judged one after
 * another; the refundNo is claimed under an advisory lock, so a retry gets the first result (200).
 */
export async function refundSettlement(
  ctx: Ctx,
  merchantId: string,
  settlementId: string,
  input: { refundNo: string; amountFen: number },
): Promise<{ status: 200 | 201; body: ReturnType<typeof refundDto> }> {
  // Another merchant's settlement is a 404 before anything else, even a replay of its refundNo.
  if (!(await merchantSettlement(ctx.db, merchantId, settlementId))) throw settlementErrors.settlementNotFound();
  const requestHash = await hmacHex(ctx.config.secrets.lookupHmac, canonicalJson({ settlementId, ...input }));
  const replay = async (db: DbOrTx) => {
    const r = await refundByNo(db, merchantId, input.refundNo);
    if (!r) return null;
    if (r.requestHash !== requestHash) throw keyReused();
    return { status: 200 as const, body: refundDto(r) };
  };
  const first = await replay(ctx.db);
  if (first) return first;
  const now = ctx.clock.now();

  try {
    return await ctx.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`refund\u0001${merchantId}\u0001${input.refundNo}`}, 7))`);
      const again = await replay(tx);
      if (again) return again;
      const s = (await merchantSettlement(tx, merchantId, settlementId, true))!;
      const already = { ownFen: s.refundedOwnFen, receivedFen: s.refundedReceivedFen };
      const back = splitRefund(input.amountFen, { ownFen: s.fromOwnFen, receivedFen: s.fromReceivedFen }, already);
      if (!back) throw settlementErrors.refundExceedsCharge(s.amountFen - already.ownFen - already.receivedFen);
      // A frozen wallet still receives; a closed one has no owner left to return money to.
      const wallet = (await walletById(tx, s.walletId))!;
      if (wallet.status === "closed") throw settlementErrors.walletNotActive("patient");

      const merchant = (await findMerchant(tx, merchantId))!;
      const id = newId();
      const postings: Posting[] = [{ accountId: pools.merchantSettlement(merchantId), amount: -input.amountFen }];
      if (back.receivedFen) postings.push({ accountId: wallet.receivedAccountId, amount: back.receivedFen });
      if (back.ownFen) postings.push({ accountId: wallet.ownAccountId, amount: back.ownFen });
      postings.push(...clearingPostings(s.patientRegionCode, s.merchantRegionCode, -input.amountFen));
      const { transactionId } = await post(
        tx,
        {
          kind: "medical_refund",
          reference: input.refundNo,
          businessAt: now,
          metadata: {
            settlementId,
            refundId: id,
            merchantId,
            settlementTransactionId: s.journalTransactionId,
            counterparties: { [wallet.id]: `${merchant.name}（退款）` },
          },
        },
        postings,
      );
      const refundedOwnFen = already.ownFen + back.ownFen;
      const refundedReceivedFen = already.receivedFen + back.receivedFen;
      await tx
        .update(settlements)
        .set({
          refundedOwnFen,
          refundedReceivedFen,
          status: refundedOwnFen + refundedReceivedFen === s.amountFen ? "refunded" : "partially_refunded",
        })
        .where(eq(settlements.id, s.id));
      const [row] = await tx
        .insert(settlementRefunds)
        .values({
          id,
          settlementId,
          merchantId,
          refundNo: input.refundNo,
          amountFen: input.amountFen,
          toOwnFen: back.ownFen,
          toReceivedFen: back.receivedFen,
          requestHash,
          journalTransactionId: transactionId,
          createdAt: now,
        })
        .returning();
      await recordAudit(tx, now, {
        actorType: "merchant",
        actorId: merchantId,
        action: "settlement.refund",
        subjectType: "settlement",
        subjectId: settlementId,
        details: { refundId: id, refundNo: input.refundNo, amountFen: input.amountFen, ...back },
      });
      return { status: 201 as const, body: refundDto(row!) };
    });
  } catch (e) {
    if (isUniqueViolation(e, "settlement_refunds_no_uq")) {
      const r = await replay(ctx.db);
      if (r) return r;
    }
    throw e;
  }
}
