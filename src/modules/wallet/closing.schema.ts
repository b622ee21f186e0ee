import { sql } from "drizzle-orm";
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

/** Where a closed wallet's money went, one row per wallet (closing happens once). */
export const walletClosures = pgTable(
  "wallet_closures",
  {
    id: text("id").primaryKey(),
    walletId: text("wallet_id").notNull(),
    personId: text("person_id").notNull(),
    closedByUserId: text("closed_by_user_id").notNull(),
    closedAt: timestamp("closed_at", { withTimezone: true }).notNull(),
    ownFen: bigint("own_fen", { mode: "number" }).notNull(),
    receivedFen: bigint("received_fen", { mode: "number" }).notNull(),
    /** The closing journal transaction (null when the wallet held nothing). */
    journalTransactionId: text("journal_transaction_id"),
    /** Received funds given back, in order: [{ senderWalletId, maskedName, amountFen, toOwnFen, toReceivedFen, via, transferIds }]. */
    senderReturns: jsonb("sender_returns").notNull(),
  },
  (t) => [uniqueIndex("wallet_closures_wallet_uq").on(t.walletId)],
);

export const RETURN_STATUSES = ["pending", "confirmed", "rejected"] as const;

/**
 * Money on its way to a personal account at a region core (the outbox of the outbound call). The
 * ledger moved it out of the wallet into the region's in-transit account when the wallet closed; the
 * call is retried with the same id until the core confirms, then it is booked into the region's
 * personal-account fund. The core credits an id once, so retries never pay twice.
 */
export const personalAccountReturns = pgTable(
  "personal_account_returns",
  {
    id: text("id").primaryKey(),
    closureId: text("closure_id").notNull(),
    /** Whose personal account: the holder (own funds) or a sender whose wallet is closed (received funds). */
    personId: text("person_id").notNull(),
    /** wallet_closed: the holder's own funds; received_return: a closed sender's part; refund_return: a refund owed to the holder after closing. */
    reason: text("reason", { enum: ["wallet_closed", "received_return", "refund_return"] }).notNull(),
    regionCode: text("region_code").notNull(),
    amountFen: bigint("amount_fen", { mode: "number" }).notNull(),
    status: text("status", { enum: RETURN_STATUSES }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull(),
    lastError: text("last_error"),
    coreReference: text("core_reference"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    /** The booking into the region's fund once confirmed. */
    journalTransactionId: text("journal_transaction_id"),
  },
  (t) => [
    check("personal_account_returns_amount_positive", sql`${t.amountFen} > 0`),
    index("personal_account_returns_due_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index("personal_account_returns_closure_idx").on(t.closureId),
    index("personal_account_returns_person_idx").on(t.personId),
  ],
);
