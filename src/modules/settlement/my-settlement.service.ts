import { and, eq } from "drizzle-orm";
import type { Ctx } from "@/ctx";
import { settlementFunding } from "@/modules/family/family.schema";
import { quotaPartsOf } from "@/modules/family/funding.repo";
import { regions } from "@/modules/relatives/relatives.schema";
import { walletById } from "@/modules/wallet/wallet.repo";
import { wallets } from "@/modules/wallet/wallet.schema";
import { settlementErrors } from "./settlement.errors";
import { findMerchant, refundsOf } from "./settlement.repo";
import { settlements } from "./settlement.schema";
import { refundDto, settlementDto } from "./settlement.views";

/**
 * A settlement as a user reads it (the receipt of a bill line): the payer — whoever manages the
 * wallet it was paid from — sees every funding part; a relative whose quota paid part of it sees
 * the same receipt with `role: giver` and what their own quota paid. Anyone else: 404.
 */
export async function mySettlement(ctx: Ctx, userId: string, id: string) {
  const [s] = await ctx.db.select().from(settlements).where(eq(settlements.id, id));
  if (!s) throw settlementErrors.settlementNotFound();
  const payer = (await walletById(ctx.db, s.walletId))?.managerUserId === userId;
  const mine = s.fromQuotaFen
    ? await ctx.db
        .select({ amountFen: settlementFunding.amountFen })
        .from(settlementFunding)
        .innerJoin(wallets, eq(wallets.id, settlementFunding.giverWalletId))
        .where(and(eq(settlementFunding.settlementId, s.id), eq(wallets.managerUserId, userId)))
    : [];
  if (!payer && mine.length === 0) throw settlementErrors.settlementNotFound();
  const merchant = (await findMerchant(ctx.db, s.merchantId))!;
  const [region] = await ctx.db.select().from(regions).where(eq(regions.code, merchant.regionCode));
  const refunds = await refundsOf(ctx.db, s.id);
  return {
    ...settlementDto(s, s.status, await quotaPartsOf(ctx.db, s)),
    role: payer ? ("payer" as const) : ("giver" as const),
    myQuotaFen: mine.reduce((a, r) => a + r.amountFen, 0),
    merchant: { name: merchant.name, kind: merchant.kind, regionName: region ? region.name : "" },
    refundedFen: s.refundedOwnFen + s.refundedReceivedFen + s.refundedQuotaFen,
    refunds: refunds.map(refundDto),
  };
}
