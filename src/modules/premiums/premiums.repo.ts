import { and, eq, isNull, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { persons } from "@/modules/identity/identity.schema";
import type { Receipt } from "./premiums.errors";
import { premiumPayments, premiumSchedules, type PremiumKind } from "./premiums.schema";

export type ScheduleRow = typeof premiumSchedules.$inferSelect;
export type PaymentRow = typeof premiumPayments.$inferSelect;

/** The region's own schedules of a kind plus the national defaults; the caller prefers the region's. */
export async function schedulesFor(db: DbOrTx, regionCode: string, kind: PremiumKind): Promise<ScheduleRow[]> {
  return db
    .select()
    .from(premiumSchedules)
    .where(and(eq(premiumSchedules.kind, kind), or(eq(premiumSchedules.regionCode, regionCode), isNull(premiumSchedules.regionCode))));
}

/** The payment for a person, kind and year with the payer's masked name, if any. */
export async function paidReceipt(db: DbOrTx, beneficiaryPersonId: string, kind: PremiumKind, year: number): Promise<Receipt | null> {
  const [r] = await db
    .select({ p: premiumPayments, payerMaskedName: persons.maskedName })
    .from(premiumPayments)
    .innerJoin(persons, eq(persons.id, premiumPayments.payerPersonId))
    .where(
      and(eq(premiumPayments.beneficiaryPersonId, beneficiaryPersonId), eq(premiumPayments.kind, kind), eq(premiumPayments.year, year)),
    );
  if (!r) return null;
  return {
    receiptNo: r.p.receiptNo,
    paidAt: r.p.createdAt.toISOString(),
    amountFen: r.p.amountFen,
    payer: { maskedName: r.payerMaskedName },
  };
}

export async function paymentById(db: DbOrTx, id: string): Promise<PaymentRow | undefined> {
  const [p] = await db.select().from(premiumPayments).where(eq(premiumPayments.id, id));
  return p;
}

/** Payments the registry has not confirmed yet, oldest first. */
export async function unrecordedPayments(db: DbOrTx, limit: number): Promise<PaymentRow[]> {
  return db
    .select()
    .from(premiumPayments)
    .where(isNull(premiumPayments.registryRecordedAt))
    .orderBy(premiumPayments.createdAt)
    .limit(limit);
}

export async function markRecorded(db: DbOrTx, id: string, at: Date): Promise<void> {
  await db.update(premiumPayments).set({ registryRecordedAt: at }).where(eq(premiumPayments.id, id));
}

/** Serialises payments for one person, kind and year, so the second payer sees the first's receipt. */
export async function lockBeneficiaryYear(tx: DbOrTx, beneficiaryPersonId: string, kind: PremiumKind, year: number): Promise<void> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`premium\u0001${beneficiaryPersonId}\u0001${kind}\u0001${year}`}, 7))`,
  );
}
