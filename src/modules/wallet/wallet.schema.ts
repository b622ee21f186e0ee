import { bigint, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { persons, users } from "../identity/identity.schema";

export const wallets = pgTable(
  "wallets",
  {
    id: text("id").primaryKey(),
    personId: text("person_id")
      .notNull()
      .references(() => persons.id),
    /** The user who manages it: the holder, or a guardian for a wallet opened on someone's behalf. */
    managerUserId: text("manager_user_id")
      .notNull()
      .references(() => users.id),
    openedBy: text("opened_by", { enum: ["self", "guardian"] }).notNull(),
    status: text("status", { enum: ["active", "frozen", "closed"] })
      .notNull()
      .default("active"),
    regionCode: text("region_code").notNull(),
    usageRegionCode: text("usage_region_code").notNull(),
    agreementVersion: text("agreement_version").notNull(),
    ownAccountId: text("own_account_id").notNull(),
    receivedAccountId: text("received_account_id").notNull(),
    passwordHash: text("password_hash").notNull(),
    passwordFailures: integer("password_failures").notNull().default(0),
    passwordLockedUntil: timestamp("password_locked_until", { withTimezone: true }),
    commitmentText: text("commitment_text"),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    statusReason: text("status_reason"),
  },
  (t) => [uniqueIndex("wallets_person_uq").on(t.personId), index("wallets_manager_idx").on(t.managerUserId)],
);

/** Personal-account credits (划入) from a region's insurance core, idempotent by its reference. */
export const personalAccountCredits = pgTable(
  "personal_account_credits",
  {
    id: text("id").primaryKey(),
    regionCode: text("region_code").notNull(),
    reference: text("reference").notNull(),
    walletId: text("wallet_id").notNull(),
    amountFen: bigint("amount_fen", { mode: "number" }).notNull(),
    period: text("period").notNull(),
    journalTransactionId: text("journal_transaction_id").notNull(),
    requestHash: text("request_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("personal_account_credits_reference_uq").on(t.regionCode, t.reference)],
);
