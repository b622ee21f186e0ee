import type { Ctx } from "@/ctx";
import { findPerson } from "@/modules/identity/identity.repo";
import { revealIdNumber } from "@/modules/identity/identity.service";
import { markRecorded, paymentById, unrecordedPayments, type PaymentRow } from "./premiums.repo";

async function record(ctx: Ctx, p: PaymentRow): Promise<boolean> {
  try {
    const person = (await findPerson(ctx.db, p.beneficiaryPersonId))!;
    await ctx.adapters.registry.recordPremium(await revealIdNumber(ctx, person), p.kind, p.year, p.receiptNo);
    await markRecorded(ctx.db, p.id, ctx.clock.now());
    return true;
  } catch (e) {
    // The payment stands; the job below tries again. Ids only: the error may carry the ID number.
    ctx.log.warn("registry not told of premium", { paymentId: p.id, error: e instanceof Error ? e.name : "unknown" });
    return false;
  }
}

/**
 * After commit, the registry learns the person is insured for that year. Its failure never undoes
 * the payment: the money has moved and the receipt is issued.
 */
export async function tellRegistry(ctx: Ctx, paymentId: string): Promise<void> {
  try {
    const p = await paymentById(ctx.db, paymentId);
    if (p && !p.registryRecordedAt) await record(ctx, p);
  } catch (e) {
    // The payment is committed: answering 500 now would only make the client doubt it.
    ctx.log.warn("premium registry hand-off failed", { paymentId, error: e instanceof Error ? e.name : "unknown" });
  }
}

/** Scheduled job: retry payments the registry has not confirmed (recordPremium is idempotent). */
export async function premiumRegistryJob(ctx: Ctx): Promise<number> {
  let n = 0;
  for (const p of await unrecordedPayments(ctx.db, 100)) if (await record(ctx, p)) n++;
  return n;
}
