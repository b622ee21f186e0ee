import { sql } from "drizzle-orm";
import { bigint, check, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { persons } from "../identity/identity.schema";
import { bindings } from "../relatives/relatives.schema";
import { settlements } from "../settlement/settlement.schema";

export const QUOTA_STATUSES = ["active", "revoked", "ended"] as const;

/**
 * 共济额度: what a giver lets one bound relative spend from the giver's wallet at the counter, one row
 * per binding, giver and Beijing calendar year. A new year's row is made from the last active one on
 * first use (used back at 0, the grant order kept), so a refund of last year's draw restores last
 * year's row. `used_fen` may exceed a lowered `annual_fen`: used amounts stay when a quota changes.
 */
export const familyQuotas = pgTable(
  "family_quotas",
  {
    id: text("id").primaryKey(),
    bindingId: text("binding_id")
      .notNull()
      .references(() => bindings.id),
    giverPersonId: text("giver_person_id")
      .notNull()
      .references(() => persons.id),
    /** Who may pay with it: the other side of the binding. */
    payerPersonId: text("payer_person_id")
      .notNull()
      .references(() => persons.id),
    year: integer("year").notNull(),
    annualFen: bigint("annual_fen", { mode: "number" }).notNull(),
    perPaymentFen: bigint("per_payment_fen", { mode: "number" }),
    usedFen: bigint("used_fen", { mode: "number" }).notNull().default(0),
    status: text("status", { enum: QUOTA_STATUSES }).notNull(),
    /** The grant order: when the giver first set it; kept across changes and years (oldest pays first). */
    grantedAt: timestamp("granted_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    endReason: text("end_reason"),
  },
  (t) => [
    check("family_quotas_annual_range", sql`${t.annualFen} between 1 and 5000000`),
    check("family_quotas_per_payment", sql`${t.perPaymentFen} is null or ${t.perPaymentFen} between 1 and ${t.annualFen}`),
    check("family_quotas_used_nonnegative", sql`${t.usedFen} >= 0`),
    uniqueIndex("family_quotas_binding_giver_year_uq").on(t.bindingId, t.giverPersonId, t.year),
    index("family_quotas_payer_idx").on(t.payerPersonId, t.year),
    index("family_quotas_giver_idx").on(t.giverPersonId, t.year),
  ],
);

/**
 * 亲情账户: the person lets a bound relative (the carer) show the person's e-code from the carer's
 * phone. Granted with the person's face check; either side may revoke; at most 5 people per carer.
 */
export const careAccess = pgTable(
  "care_access",
  {
    id: text("id").primaryKey(),
    bindingId: text("binding_id")
      .notNull()
      .references(() => bindings.id),
    /** Whose e-code is shown (and whose wallet pays). */
    personId: text("person_id")
      .notNull()
      .references(() => persons.id),
    carerPersonId: text("carer_person_id")
      .notNull()
      .references(() => persons.id),
    status: text("status", { enum: ["active", "revoked"] }).notNull(),
    grantedAt: timestamp("granted_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    /** "person", "carer" or "binding_ended". */
    revokedBy: text("revoked_by"),
  },
  (t) => [
    uniqueIndex("care_access_active_uq").on(t.bindingId, t.personId).where(sql`${t.status} = 'active'`),
    index("care_access_carer_idx").on(t.carerPersonId).where(sql`${t.status} = 'active'`),
  ],
);

/**
 * The quota parts of a settlement, in the order charged (after the payer's own and received funds,
 * which the settlement row holds): which quota, whose wallet and balance paid, and how much of it
 * refunds have returned (restoring the quota row of the year it was drawn from).
 */
export const settlementFunding = pgTable(
  "settlement_funding",
  {
    id: text("id").primaryKey(),
    settlementId: text("settlement_id")
      .notNull()
      .references(() => settlements.id),
    seq: integer("seq").notNull(),
    quotaId: text("quota_id")
      .notNull()
      .references(() => familyQuotas.id),
    giverPersonId: text("giver_person_id").notNull(),
    giverWalletId: text("giver_wallet_id").notNull(),
    accountId: text("account_id").notNull(),
    fromBalance: text("from_balance", { enum: ["own", "received"] }).notNull(),
    amountFen: bigint("amount_fen", { mode: "number" }).notNull(),
    refundedFen: bigint("refunded_fen", { mode: "number" }).notNull().default(0),
    giverMaskedName: text("giver_masked_name").notNull(),
    giverRegionCode: text("giver_region_code").notNull(),
  },
  (t) => [
    check("settlement_funding_amount_positive", sql`${t.amountFen} > 0`),
    check("settlement_funding_refund_bounds", sql`${t.refundedFen} between 0 and ${t.amountFen}`),
    uniqueIndex("settlement_funding_seq_uq").on(t.settlementId, t.seq),
    index("settlement_funding_quota_idx").on(t.quotaId),
  ],
);
