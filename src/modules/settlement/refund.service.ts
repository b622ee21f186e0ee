import { eq, sql } from "drizzle-orm";
import type { Ctx } from "@/ctx";
import type { DbOrTx } from "@/db/client";
import { hmacHex } from "@/lib/crypto";
import { newId } from "@/lib/ids";
import { formatFen } from "@/lib/money";
import { isUniqueViolation } from "@/lib/pg-errors";
import { recordAudit } from "@/modules/audit/audit.service";
import { pools } from "@/modules/ledger/ledger.accounts";
import { post, type Posting } from "@/modules/ledger/ledger.service";
import { canonicalJson, keyReused } from "@/modules/platform/idempotency";
import { lockQuotaPartsOf, restoreQuotas } from "@/modules/family/quota-refund";
import { planRefund } from "@/modules/family/funding";
import { fundingDto } from "@/modules/family/quota-draw";
import { notifyUserOf } from "@/modules/family/notify";
import { createNotifier } from "@/modules/notifications/notifications.service";
import { deliverReturns, owedToClosedWallet } from "@/modules/wallet/closing.service";
import { walletById } from "@/modules/wallet/wallet.repo";
import { findMerchant, merchantSettlement, refundByNo } from "./settlement.repo";
import { settlementErrors } from "./settlement.errors";
import { clearingPostings } from "./settlement.postings";
import { settlementRefunds, settlements } from "./settlement.schema";
import { refundDto } from "./settlement.views";

/**
 * Returns part or all of a charge in the reverse order of its funding: quota parts first (back to
 * their givers, restoring the quota), then received funds, then own; never more than is left. The settlement row is locked, so concurrent refunds of one charge are judged one after
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
    const done: {
      status: 200 | 201;
      body: ReturnType<typeof refundDto>;
      closures?: string[];
      notifier?: ReturnType<typeof createNotifier>;
    } = await ctx.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`refund\u0001${merchantId}\u0001${input.refundNo}`}, 7))`);
      const again = await replay(tx);
      if (again) return again;
      const s = (await merchantSettlement(tx, merchantId, settlementId, true))!;
      // The parts in the order charged: own, received, then the quota parts (their quota rows locked
      // before any account, as a settlement locks them).
      const quotaParts = await lockQuotaPartsOf(tx, s);
      const charged = [{ amountFen: s.fromOwnFen }, { amountFen: s.fromReceivedFen }, ...quotaParts];
      const plan = planRefund(input.amountFen, charged, [s.refundedOwnFen, s.refundedReceivedFen, ...quotaParts.map((q) => q.refundedFen)]);
      if (!plan) throw settlementErrors.refundExceedsCharge(s.amountFen - s.refundedOwnFen - s.refundedReceivedFen - s.refundedQuotaFen);
      const backTo = (i: number) => plan.find((p) => p.index === i)?.amountFen ?? 0;
      const back = { ownFen: backTo(0), receivedFen: backTo(1) };
      const quotaBack = plan.filter((p) => p.index >= 2).map((p) => ({ part: quotaParts[p.index - 2]!, amountFen: p.amountFen }));
      const quotaFen = quotaBack.reduce((a, q) => a + q.amountFen, 0);
      // A frozen wallet still receives; a closed one has no owner left to return money to.
      const wallet = (await walletById(tx, s.walletId))!;
      if (wallet.status === "closed") throw settlementErrors.walletNotActive("patient");

      const merchant = (await findMerchant(tx, merchantId))!;
      const id = newId();
      const notifier = createNotifier(ctx);
      const postings: Posting[] = [{ accountId: pools.merchantSettlement(merchantId), amount: -input.amountFen }];
      // Reverse order: quota parts back to their givers first, then received, then own.
      const counterparties: Record<string, string> = {};
      const closures: string[] = [];
      for (const { part, amountFen } of quotaBack) {
        // A giver whose wallet has closed since is owed it all the same: it goes where that wallet's
        // money went, to the giver's personal account at the region core (never a closed wallet,
        // never the patient). A closed wallet with no closure record cannot be traced: refused, nothing applied.
        const giverWallet = (await walletById(tx, part.giverWalletId))!;
        if (giverWallet.status === "closed") {
          const owed = await owedToClosedWallet(tx, giverWallet, amountFen, now);
          if (!owed) throw settlementErrors.giverWalletGone();
          closures.push(owed.closureId);
          await notifyUserOf(tx, notifier, giverWallet.personId, {
            kind: "quota.refund_returned",
            title: "共济额度退款已退回个人账户",
            body: `${s.patientMaskedName} 在 ${merchant.name} 的医药费退款中，您的共济额度部分 ${formatFen(amountFen)} 已退回您的医保个人账户（您的医保钱包已注销）`,
            data: { settlementId, refundNo: input.refundNo, amountFen, returnId: owed.returnId },
          });
          postings.push({ accountId: owed.accountId, amount: amountFen });
          postings.push(...clearingPostings(part.giverRegionCode, s.merchantRegionCode, -amountFen));
          continue;
        }
        postings.push({ accountId: part.accountId, amount: amountFen });
        postings.push(...clearingPostings(part.giverRegionCode, s.merchantRegionCode, -amountFen));
        counterparties[part.giverWalletId] = `${s.patientMaskedName}·${merchant.name}（共济额度退款）`;
      }
      if (back.receivedFen) postings.push({ accountId: wallet.receivedAccountId, amount: back.receivedFen });
      if (back.ownFen) postings.push({ accountId: wallet.ownAccountId, amount: back.ownFen });
      if (back.ownFen + back.receivedFen)
        postings.push(...clearingPostings(s.patientRegionCode, s.merchantRegionCode, -(back.ownFen + back.receivedFen)));
      await restoreQuotas(tx, quotaBack);
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
            counterparties: { ...counterparties, [wallet.id]: `${merchant.name}（退款）` },
          },
        },
        postings,
      );
      const refundedOwnFen = s.refundedOwnFen + back.ownFen;
      const refundedReceivedFen = s.refundedReceivedFen + back.receivedFen;
      const refundedQuotaFen = s.refundedQuotaFen + quotaFen;
      await tx
        .update(settlements)
        .set({
          refundedOwnFen,
          refundedReceivedFen,
          refundedQuotaFen,
          status: refundedOwnFen + refundedReceivedFen + refundedQuotaFen === s.amountFen ? "refunded" : "partially_refunded",
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
          toQuotaFen: quotaFen,
          funding: fundingDto([
            ...quotaBack.map((q) => ({
              source: "quota" as const,
              amountFen: q.amountFen,
              quotaId: q.part.quotaId,
              giverMaskedName: q.part.giverMaskedName,
            })),
            ...(back.receivedFen ? [{ source: "received" as const, amountFen: back.receivedFen }] : []),
            ...(back.ownFen ? [{ source: "own" as const, amountFen: back.ownFen }] : []),
          ]),
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
        details: {
          refundId: id,
          refundNo: input.refundNo,
          amountFen: input.amountFen,
          ...back,
          quotaFen,
          quotas: quotaBack.map((q) => ({ quotaId: q.part.quotaId, amountFen: q.amountFen })),
        },
      });
      return { status: 201 as const, body: refundDto(row!), closures, notifier };
    });
    // Returns to closed givers' personal accounts: the first attempt at once, the retry job after.
    await done.notifier?.flush();
    for (const closureId of done.closures ?? []) await deliverReturns(ctx, { closureId });
    return { status: done.status, body: done.body };
  } catch (e) {
    if (isUniqueViolation(e, "settlement_refunds_no_uq")) {
      const r = await replay(ctx.db);
      if (r) return r;
    }
    throw e;
  }
}
