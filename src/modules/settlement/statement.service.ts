import type { Ctx } from "@/ctx";
import { errors } from "@/lib/problem";
import { beijingDayStart } from "@/lib/time";
import { pools } from "@/modules/ledger/ledger.accounts";
import { accountMovement, merchantDay } from "./settlement.repo";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A merchant's Beijing day: every settlement and refund booked that day, and the net movement of
 * the merchant's settlement account in the ledger over the same instants. Both are read in one
 * repeatable-read snapshot, so a payment committing meanwhile cannot make them disagree.
 */
export async function merchantStatement(ctx: Ctx, merchantId: string, date: string) {
  let from: Date;
  try {
    from = beijingDayStart(date);
  } catch {
    throw errors.validation([{ path: "query.date", message: "not a real date" }]);
  }
  const to = new Date(from.getTime() + DAY_MS);
  const accountId = pools.merchantSettlement(merchantId);
  const { charged, refunded, ledgerNetFen } = await ctx.db.transaction(
    async (tx) => ({ ...(await merchantDay(tx, merchantId, from, to)), ledgerNetFen: await accountMovement(tx, accountId, from, to) }),
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
  const settledFen = charged.reduce((n, s) => n + s.amountFen, 0);
  const refundedFen = refunded.reduce((n, r) => n + r.amountFen, 0);
  return {
    merchantId,
    date,
    settlements: charged.map((s) => ({
      id: s.id,
      orderNo: s.orderNo,
      amountFen: s.amountFen,
      at: s.createdAt.toISOString(),
      patientMaskedName: s.patientMaskedName,
    })),
    refunds: refunded.map((r) => ({
      id: r.id,
      settlementId: r.settlementId,
      refundNo: r.refundNo,
      amountFen: r.amountFen,
      at: r.createdAt.toISOString(),
    })),
    totals: { settlementCount: charged.length, settledFen, refundCount: refunded.length, refundedFen, netFen: settledFen - refundedFen },
    ledger: { accountId, netFen: ledgerNetFen, reconciled: ledgerNetFen === settledFen - refundedFen },
  };
}
