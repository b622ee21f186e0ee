import { eq } from "drizzle-orm";
import type { Ctx } from "@/ctx";
import { newId } from "@/lib/ids";
import { DomainError } from "@/lib/problem";
import { issueApiKey } from "@/modules/platform/keys";
import { regions } from "@/modules/relatives/relatives.schema";
import { searchMerchants, type MerchantRow } from "./settlement.repo";
import { merchants } from "./settlement.schema";

function merchantDto(m: MerchantRow) {
  return { id: m.id, name: m.name, regionCode: m.regionCode, kind: m.kind, acceptsWallet: m.acceptsWallet };
}

export async function listMerchants(ctx: Ctx, q: { regionCode?: string; q?: string; acceptsWallet?: boolean; limit: number }) {
  return { items: (await searchMerchants(ctx.db, q)).map(merchantDto) };
}

export interface NewMerchant {
  name: string;
  regionCode: string;
  kind: "hospital" | "pharmacy";
  acceptsWallet: boolean;
}

/**
 * Registers a merchant with a fresh signing key. The key is issued first: a key whose merchant row
 * failed to insert signs nothing (every merchant call looks the merchant up).
 */
export async function registerMerchant(ctx: Ctx, input: NewMerchant): Promise<{ merchantId: string; keyId: string; secret: string }> {
  const [region] = await ctx.db.select().from(regions).where(eq(regions.code, input.regionCode));
  if (!region) throw new DomainError("REGION_UNKNOWN", 422, "未知的统筹区", "Unknown pooling region");
  const merchantId = newId();
  const key = await issueApiKey(ctx, "merchant", merchantId);
  await ctx.db.insert(merchants).values({ id: merchantId, ...input, keyId: key.keyId });
  return { merchantId, ...key };
}
