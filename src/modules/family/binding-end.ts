import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { careAccess, familyQuotas } from "./family.schema";

/**
 * A binding that ends (unbound, or an insurance event) takes its quotas and care access with it, in
 * the binding's own transaction: nothing can be paid or shown through it a moment later.
 */
export async function endFamilyOfBinding(tx: DbOrTx, bindingId: string, at: Date): Promise<void> {
  await tx
    .update(familyQuotas)
    .set({ status: "ended", endedAt: at, endReason: "binding_ended", updatedAt: at })
    .where(and(eq(familyQuotas.bindingId, bindingId), eq(familyQuotas.status, "active")));
  await tx
    .update(careAccess)
    .set({ status: "revoked", revokedAt: at, revokedBy: "binding_ended" })
    .where(and(eq(careAccess.bindingId, bindingId), eq(careAccess.status, "active")));
}
