import type { Ctx } from "@/ctx";
import type { DbOrTx } from "@/db/client";
import { findPerson, type PersonRow } from "@/modules/identity/identity.repo";
import { requireActiveBindingFor } from "@/modules/relatives/bindings.service";

export interface Beneficiary {
  person: PersonRow;
  bindingId: string | null;
}

/**
 * Who a premium is for: the payer, or the other side of one of the payer's active bindings (either
 * side may pay the other's premium). Another person's binding is 404, an ended one 422 NOT_BOUND.
 */
export async function resolveBeneficiary(ctx: Ctx, db: DbOrTx, payer: PersonRow, beneficiary: string): Promise<Beneficiary> {
  if (beneficiary === "self") return { person: payer, bindingId: null };
  const { relativePersonId } = await requireActiveBindingFor(ctx, db, payer.id, beneficiary);
  return { person: (await findPerson(db, relativePersonId))!, bindingId: beneficiary };
}
