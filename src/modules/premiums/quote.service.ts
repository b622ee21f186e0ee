import type { Ctx } from "@/ctx";
import { beijingDate } from "@/lib/time";
import { requireVerifiedPerson } from "@/modules/identity/identity.service";
import { resolveBeneficiary, type Beneficiary } from "./beneficiary";
import { pickSchedule, requireEligible, windowOpen } from "./premium-rules";
import { premiumErrors } from "./premiums.errors";
import { paidReceipt, schedulesFor, type ScheduleRow } from "./premiums.repo";
import type { PremiumKind } from "./premiums.schema";

/** The beneficiary's schedule for a kind and year, after the eligibility rule; 422 where none is offered. */
export async function requireSchedule(ctx: Ctx, ben: Beneficiary, kind: PremiumKind, year?: number): Promise<ScheduleRow> {
  requireEligible(ben.person);
  const today = beijingDate(ctx.clock.now());
  const schedule = pickSchedule(await schedulesFor(ctx.db, ben.person.regionCode, kind), ben.person.regionCode, today, year);
  if (!schedule) throw premiumErrors.notOffered();
  return schedule;
}

export async function quotePremium(ctx: Ctx, userId: string, q: { beneficiary: string; year?: number; kind: PremiumKind }) {
  const { person } = await requireVerifiedPerson(ctx, ctx.db, userId);
  const ben = await resolveBeneficiary(ctx, ctx.db, person, q.beneficiary);
  const s = await requireSchedule(ctx, ben, q.kind, q.year);
  const receipt = await paidReceipt(ctx.db, ben.person.id, q.kind, s.year);
  return {
    kind: q.kind,
    year: s.year,
    regionCode: ben.person.regionCode,
    amountFen: s.amountFen,
    window: { start: s.windowStart, end: s.windowEnd },
    open: windowOpen(s, beijingDate(ctx.clock.now())),
    alreadyPaid: receipt !== null,
    beneficiary: { maskedName: ben.person.maskedName, insurance: ben.person.insurance },
    receipt,
  };
}
