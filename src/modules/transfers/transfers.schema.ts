import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

export const TRANSFER_STATUSES = ["pending", "succeeded", "declined", "returned", "reversed"] as const;

export const transfers = pgTable(
  "transfers",
  {
    id: text("id").primaryKey(),
    receiptNo: text("receipt_no").notNull(),
    bindingId: text("binding_id").notNull(),
    senderWalletId: text("sender_wallet_id").notNull(),
    recipientWalletId: text("recipient_wallet_id").notNull(),
    senderPersonId: text("sender_person_id").notNull(),
    recipientPersonId: text("recipient_person_id").notNull(),
    amountFen: bigint("amount_fen", { mode: "number" }).notNull(),
    fromOwnFen: bigint("from_own_fen", { mode: "number" }).notNull(),
    fromReceivedFen: bigint("from_received_fen", { mode: "number" }).notNull(),
    status: text("status", { enum: TRANSFER_STATUSES }).notNull(),
    crossProvince: boolean("cross_province").notNull(),
    senderRegionCode: text("sender_region_code").notNull(),
    recipientRegionCode: text("recipient_region_code").notNull(),
    memo: text("memo"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    /** Beijing calendar day of creation: the daily count is per sender per day. */
    businessDate: text("business_date").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
  },
  (t) => [
    check("transfers_amount_positive", sql`${t.amountFen} > 0`),
    check("transfers_split", sql`${t.fromOwnFen} + ${t.fromReceivedFen} = ${t.amountFen}`),
    uniqueIndex("transfers_receipt_uq").on(t.receiptNo),
    // The database itself guarantees one pending transfer per sender, whatever the races.
    uniqueIndex("transfers_one_pending_uq").on(t.senderWalletId).where(sql`${t.status} = 'pending'`),
    index("transfers_sender_day_idx").on(t.senderWalletId, t.businessDate),
    index("transfers_recipient_idx").on(t.recipientWalletId, t.status),
    index("transfers_pending_expiry_idx").on(t.expiresAt).where(sql`${t.status} = 'pending'`),
  ],
);

export const transferEvents = pgTable(
  "transfer_events",
  {
    id: text("id").primaryKey(),
    transferId: text("transfer_id").notNull(),
    status: text("status", { enum: TRANSFER_STATUSES }).notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    journalTransactionId: text("journal_transaction_id"),
    note: text("note"),
  },
  (t) => [index("transfer_events_transfer_idx").on(t.transferId)],
);
