// "Rules for my region", generated from the policy and premium tables the services enforce, so
// what users read is exactly what will be applied (unofficial guides mislead them).

import type { Ctx } from "@/ctx";
import { errors } from "@/lib/problem";
import { beijingDate } from "@/lib/time";
import { requireVerifiedPerson } from "@/modules/identity/identity.service";
import { pickSchedule, windowOpen } from "@/modules/premiums/premium-rules";
import { schedulesFor } from "@/modules/premiums/premiums.repo";
import { PREMIUM_KINDS } from "@/modules/premiums/premiums.schema";
import { regionByCode, requirePolicy } from "@/modules/relatives/policy.service";
import { relationsInScope } from "@/modules/relatives/relation-rules";

async function regionRules(ctx: Ctx, regionCode: string) {
  const region = await regionByCode(ctx.db, regionCode);
  if (!region) throw errors.notFound("统筹区", "region");
  const today = beijingDate(ctx.clock.now());
  const policy = await requirePolicy(ctx.db, regionCode, today);
  const thisYear = Number(today.slice(0, 4));
  const premiums = [];
  for (const kind of PREMIUM_KINDS) {
    const rows = await schedulesFor(ctx.db, regionCode, kind);
    const years = [...new Set(rows.map((s) => s.year))].filter((y) => y >= thisYear).sort((a, b) => a - b);
    for (const year of years) {
      // pickSchedule prefers the region's own row over the national default, as payments do.
      const s = pickSchedule(rows, regionCode, today, year);
      if (s)
        premiums.push({
          kind,
          year,
          amountFen: s.amountFen,
          window: { start: s.windowStart, end: s.windowEnd },
          open: windowOpen(s, today),
        });
    }
  }
  return {
    regionCode,
    regionName: region.name,
    provinceName: region.provinceName,
    asOf: today,
    effectiveFrom: policy.effectiveFrom,
    relationScope: policy.relationScope,
    relationsAllowed: [...relationsInScope(policy.relationScope)],
    crossProvince: policy.crossProvince,
    limits: {
      minTransferFen: policy.minTransferFen,
      maxTransferFen: policy.maxTransferFen,
      maxDailyTransfers: policy.maxDailyTransfers,
      quietStart: policy.quietStart,
      quietEnd: policy.quietEnd,
      maxActiveBindings: policy.maxActiveBindings,
    },
    premiums,
  };
}

export type RegionRules = Awaited<ReturnType<typeof regionRules>>;

/** The signed-in user's insured region's rules (a region code may be given before real-name). */
export async function rulesForUser(ctx: Ctx, userId: string, regionCode?: string): Promise<RegionRules> {
  if (regionCode) return regionRules(ctx, regionCode);
  const { person } = await requireVerifiedPerson(ctx, ctx.db, userId);
  return regionRules(ctx, person.regionCode);
}
