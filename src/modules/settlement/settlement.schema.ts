import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { regions } from "../relatives/relatives.schema";
import { wallets } from "../wallet/wallet.schema";

/** Designated hospitals and pharmacies (定点医药机构); their signing keys live in api_keys (owner = merchant id). */
export const merchants = pgTable(
  "merchants",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    regionCode: text("region_code")
      .notNull()
      .references(() => regions.code),
    kind: text("kind", { enum: ["hospital", "pharmacy"] }).notNull(),
    acceptsWallet: boolean("accepts_wallet").notNull(),
    /** The key the merchant signs with now; older keys may still exist (revoked) in api_keys. */
    keyId: text("key_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("merchants_region_idx").on(t.regionCode, t.name)],
);

/**
 * Dynamic e-codes: one-time and short-lived. Only a keyed hash of the code is stored, so reading the
 * table does not let anyone pay with a live code.
 */
export const ecodes = pgTable(
  "ecodes",
  {
    id: text("id").primaryKey(),
    codeHash: text("code_hash").notNull(),
    walletId: text("wallet_id")
      .notNull()
      .references(() => wallets.id),
    requestedByUserId: text("requested_by_user_id").notNull(),
    status: text("status", { enum: ["active", "used", "expired"] })
      .notNull()
      .default("active"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    settlementId: text("settlement_id"),
  },
  (t) => [
    uniqueIndex("ecodes_code_hash_uq").on(t.codeHash),
    index("ecodes_active_expiry_idx").on(t.expiresAt).where(sql`${t.status} = 'active'`),
  ],
);

export const SETTLEMENT_STATUSES = ["paid", "partially_refunded", "refunded"] as const;

/** A charge of a patient's self-pay amount; refunded amounts accumulate here, split as they went back. */
export const settlements = pgTable(
  "settlements",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    walletId: text("wallet_id")
      .notNull()
      .references(() => wallets.id),
    orderNo: text("order_no").notNull(),
    amountFen: bigint("amount_fen", { mode: "number" }).notNull(),
    fromOwnFen: bigint("from_own_fen", { mode: "number" }).notNull(),
    fromReceivedFen: bigint("from_received_fen", { mode: "number" }).notNull(),
    /** Drawn from relatives' quotas (共济额度); the parts are in settlement_funding. */
    fromQuotaFen: bigint("from_quota_fen", { mode: "number" }).notNull().default(0),
    refundedOwnFen: bigint("refunded_own_fen", { mode: "number" }).notNull().default(0),
    refundedReceivedFen: bigint("refunded_received_fen", { mode: "number" }).notNull().default(0),
    refundedQuotaFen: bigint("refunded_quota_fen", { mode: "number" }).notNull().default(0),
    status: text("status", { enum: SETTLEMENT_STATUSES }).notNull(),
    patientRegionCode: text("patient_region_code").notNull(),
    merchantRegionCode: text("merchant_region_code").notNull(),
    patientMaskedName: text("patient_masked_name").notNull(),
    ecodeId: text("ecode_id").notNull(),
    requestHash: text("request_hash").notNull(),
    journalTransactionId: text("journal_transaction_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    check("settlements_amount_positive", sql`${t.amountFen} > 0`),
    check("settlements_split", sql`${t.fromOwnFen} + ${t.fromReceivedFen} + ${t.fromQuotaFen} = ${t.amountFen}`),
    check(
      "settlements_refund_bounds",
      sql`${t.refundedOwnFen} between 0 and ${t.fromOwnFen} and ${t.refundedReceivedFen} between 0 and ${t.fromReceivedFen} and ${t.refundedQuotaFen} between 0 and ${t.fromQuotaFen}`,
    ),
    uniqueIndex("settlements_order_uq").on(t.merchantId, t.orderNo),
    index("settlements_merchant_day_idx").on(t.merchantId, t.createdAt),
    index("settlements_wallet_idx").on(t.walletId),
  ],
);

/** Partial or full refunds of a settlement; idempotent by the merchant's refund number. */
export const settlementRefunds = pgTable(
  "settlement_refunds",
  {
    id: text("id").primaryKey(),
    settlementId: text("settlement_id")
      .notNull()
      .references(() => settlements.id),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    refundNo: text("refund_no").notNull(),
    amountFen: bigint("amount_fen", { mode: "number" }).notNull(),
    toOwnFen: bigint("to_own_fen", { mode: "number" }).notNull(),
    toReceivedFen: bigint("to_received_fen", { mode: "number" }).notNull(),
    /** Returned to relatives' quotas, restoring them; the parts as returned (reverse order) in `funding`. */
    toQuotaFen: bigint("to_quota_fen", { mode: "number" }).notNull().default(0),
    funding: jsonb("funding"),
    requestHash: text("request_hash").notNull(),
    journalTransactionId: text("journal_transaction_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    check("settlement_refunds_amount_positive", sql`${t.amountFen} > 0`),
    check("settlement_refunds_split", sql`${t.toOwnFen} + ${t.toReceivedFen} + ${t.toQuotaFen} = ${t.amountFen}`),
    uniqueIndex("settlement_refunds_no_uq").on(t.merchantId, t.refundNo),
    index("settlement_refunds_settlement_idx").on(t.settlementId),
    index("settlement_refunds_merchant_day_idx").on(t.merchantId, t.createdAt),
  ],
);
