import type { Ctx } from "@/ctx";
import { ageOn } from "@/lib/id-number";
import { lookupHash } from "@/lib/pii";
import { beijingDate } from "@/lib/time";
import type { PersonRow } from "@/modules/identity/identity.repo";
import {
  notInsured,
  registryPersonOrThrow,
  requireValidIdNumber,
  revealIdNumber,
  upsertPersonFromRegistry,
} from "@/modules/identity/identity.service";
import { activeBindingBetween, requireUnderLimit } from "./bindings.service";
import { requirePolicy } from "./policy.service";
import { checkPlausibility, isRelationAllowed, type Relation } from "./relation-rules";
import { relativeErrors } from "./relatives.errors";

export const MINOR_AGE = 16;

/**
 * Every check before two persons may be bound, in the order a user can best act on: the ID number,
 * the registry (insured, name), the giver's region policy, plausibility, the registry's relation
 * records, the limit, duplicates.
 */
export async function checkRelation(
  ctx: Ctx,
  giver: PersonRow,
  input: { relation: Relation; name: string; idNumber: string },
  opts: { allowUninsured: boolean },
): Promise<{ relative: PersonRow; age: number; maxActiveBindings: number }> {
  const parsed = requireValidIdNumber(ctx, input.idNumber);
  const rp = await registryPersonOrThrow(ctx, parsed.idNumber, input.name);
  if (rp.insurance === "none" && !opts.allowUninsured) throw notInsured();
  const today = beijingDate(ctx.clock.now());
  const policy = await requirePolicy(ctx.db, giver.regionCode, today);
  if (!isRelationAllowed(policy.relationScope, input.relation)) throw relativeErrors.notAllowed(input.relation, policy.relationScope);
  const giverHash = giver.idHash;
  const relativeHash = await lookupHash(ctx.config.secrets.lookupHmac, "id", parsed.idNumber);
  if (checkPlausibility(input.relation, giver.birthDate, parsed.birthDate, giverHash === relativeHash)) throw relativeErrors.implausible();
  const confirmed = await ctx.adapters.registry.confirmRelation(await revealIdNumber(ctx, giver), parsed.idNumber, input.relation);
  if (!confirmed) throw relativeErrors.notVerified();
  const relative = await upsertPersonFromRegistry(ctx, ctx.db, rp);
  if (await activeBindingBetween(ctx.db, giver.id, relative.id)) throw relativeErrors.alreadyBound();
  await requireUnderLimit(ctx.db, [giver.id], policy.maxActiveBindings);
  return { relative, age: ageOn(parsed.birthDate, today), maxActiveBindings: policy.maxActiveBindings };
}
