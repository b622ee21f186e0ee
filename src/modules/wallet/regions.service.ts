import { asc } from "drizzle-orm";
import type { Ctx } from "@/ctx";
import { regions } from "@/modules/relatives/relatives.schema";

/**
 * The pooling regions (统筹区) a wallet can be used in, by province then name: what a usage-location
 * choice lists. Names are what a person reads; the code is what PUT /v1/wallet/usage-region takes.
 */
export async function listRegions(ctx: Ctx) {
  const rows = await ctx.db.select().from(regions).orderBy(asc(regions.provinceCode), asc(regions.code));
  return {
    items: rows.map((r) => ({
      code: r.code,
      name: r.name,
      provinceName: r.provinceName,
      fullName: r.provinceName === r.name ? r.name : `${r.provinceName}${r.name}`,
    })),
  };
}
