import { sql } from "drizzle-orm";
import { bigint, check, date, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { persons } from "../identity/identity.schema";
import { regions } from "../relatives/relatives.schema";
import { wallets } from "../wallet/wallet.schema";

export const PREMIUM_KINDS = ["resident_medical", "long_term_care"] as const;
export type PremiumKind = (typeof PREMIUM_KINDS)[number];

/**
 * What a region charges per coverage year and when it collects (集中缴费期). A row without a region
 * is the national default, used where a region has published nothing of its own.
 */
export const premiumSchedules = pgTable(
  "premium_schedules",
  {
    id: text("id").primaryKey(),
    regionCode: text("region_code").references(() => regions.code),
    kind: text("kind", { enum: PREMIUM_KINDS }).notNull(),
    year: integer("year").notNull(),
    amountFen: bigint("amount_fen", { mode: "number" }).notNull(),
    windowStart: date("window_start", { mode: "string" }).notNull(),
    windowEnd: date("window_end", { mode: "string" }).notNull(),
  },
  (t) => [
    check("premium_schedules_amount_positive", sql`${t.amountFen} > 0`),
    check("premium_schedules_window", sql`${t.windowStart} <= ${t.windowEnd}`),
    uniqueIndex("premium_schedules_uq").on(sql`coalesce(${t.regionCode}, '')`, t.kind, t.year),
  ],
);

/** Paid premiums. The unique index is what guarantees one payment per person, kind and year under any race. */
export const premiumPayments = pgTable(
  "premium_payments",
  {
    id: text("id").primaryKey(),
    receiptNo: text("receipt_no").notNull(),
    payerWalletId: text("payer_wallet_id")
      .notNull()
      .references(() => wallets.id),
    payerPersonId: text("payer_person_id")
      .notNull()
      .references(() => persons.id),
    payerUserId: text("payer_user_id").notNull(),
    beneficiaryPersonId: text("beneficiary_person_id")
      .notNull()
      .references(() => persons.id),
    bindingId: text("binding_id"),
    kind: text("kind", { enum: PREMIUM_KINDS }).notNull(),
    year: integer("year").notNull(),
    regionCode: text("region_code").notNull(),
    amountFen: bigint("amount_fen", { mode: "number" }).notNull(),
    fromOwnFen: bigint("from_own_fen", { mode: "number" }).notNull(),
    fromReceivedFen: bigint("from_received_fen", { mode: "number" }).notNull(),
    journalTransactionId: text("journal_transaction_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    /** Set once the registry has been told (after commit); a job retries the ones it missed. */
    registryRecordedAt: timestamp("registry_recorded_at", { withTimezone: true }),
  },
  (t) => [
    check("premium_payments_amount_positive", sql`${t.amountFen} > 0`),
    check("premium_payments_split", sql`${t.fromOwnFen} + ${t.fromReceivedFen} = ${t.amountFen}`),
    uniqueIndex("premium_payments_receipt_uq").on(t.receiptNo),
    uniqueIndex("premium_payments_one_per_year_uq").on(t.beneficiaryPersonId, t.kind, t.year),
    index("premium_payments_payer_idx").on(t.payerWalletId),
    index("premium_payments_unrecorded_idx").on(t.createdAt).where(sql`${t.registryRecordedAt} is null`),
  ],
);
