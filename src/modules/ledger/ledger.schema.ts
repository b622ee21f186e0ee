import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

export const ACCOUNT_KINDS = [
  "wallet_own",
  "wallet_received",
  "transfers_in_flight",
  "personal_account_fund",
  "personal_account_returns",
  "premium_collection",
  "medical_settlement",
  "merchant_settlement",
  "clearing",
] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

/**
 * `cached` accounts keep a locked running balance and version (every user sub-balance: it must never
 * go below zero). `pooled` accounts are system accounts that only ever receive append-only entries:
 * they need no balance check, so they are never locked and never become a hot spot; their balance is
 * the sum of their entries.
 */
export const ledgerAccounts = pgTable(
  "ledger_accounts",
  {
    id: text("id").primaryKey(),
    kind: text("kind", { enum: ACCOUNT_KINDS }).notNull(),
    mode: text("mode", { enum: ["cached", "pooled"] }).notNull(),
    walletId: text("wallet_id"),
    regionCode: text("region_code"),
    counterpartyRegionCode: text("counterparty_region_code"),
    merchantId: text("merchant_id"),
    balance: bigint("balance", { mode: "number" }).notNull().default(0),
    version: bigint("version", { mode: "number" }).notNull().default(0),
    allowNegative: boolean("allow_negative").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("ledger_accounts_non_negative", sql`${t.allowNegative} OR ${t.balance} >= 0`),
    check("ledger_accounts_pooled_no_cache", sql`${t.mode} = 'cached' OR (${t.balance} = 0 AND ${t.version} = 0)`),
    index("ledger_accounts_wallet_idx").on(t.walletId),
  ],
);

/** One business movement; its entries sum to zero. Immutable: corrections are reversing transactions. */
export const journalTransactions = pgTable(
  "journal_transactions",
  {
    id: text("id").primaryKey(),
    kind: text("kind").notNull(),
    reference: text("reference"),
    reversesId: text("reverses_id"),
    businessAt: timestamp("business_at", { withTimezone: true }).notNull(),
    bookedAt: timestamp("booked_at", { withTimezone: true }).notNull().defaultNow(),
    memo: text("memo"),
    metadata: jsonb("metadata"),
  },
  (t) => [index("journal_transactions_reference_idx").on(t.reference), uniqueIndex("journal_transactions_reverses_uq").on(t.reversesId)],
);

/**
 * Entries of cached accounts record the balance before and after and the account version, so the
 * chain of each account can be proven continuous; pooled accounts leave those null.
 */
export const journalEntries = pgTable(
  "journal_entries",
  {
    id: text("id").primaryKey(),
    transactionId: text("transaction_id")
      .notNull()
      .references(() => journalTransactions.id),
    accountId: text("account_id")
      .notNull()
      .references(() => ledgerAccounts.id),
    amount: bigint("amount", { mode: "number" }).notNull(),
    balanceBefore: bigint("balance_before", { mode: "number" }),
    balanceAfter: bigint("balance_after", { mode: "number" }),
    accountVersion: bigint("account_version", { mode: "number" }),
    businessAt: timestamp("business_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    check("journal_entries_nonzero", sql`${t.amount} <> 0`),
    index("journal_entries_account_idx").on(t.accountId, t.id),
    index("journal_entries_transaction_idx").on(t.transactionId),
    uniqueIndex("journal_entries_account_version_uq").on(t.accountId, t.accountVersion),
  ],
);
