import { sql } from "drizzle-orm";
import { index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

export const AGENT_ROLES = ["agent", "supervisor", "auditor"] as const;

/** Customer-service staff. Lockout uses real time: moving the sandbox clock must not unlock guessing. */
export const agentAccounts = pgTable(
  "agent_accounts",
  {
    id: text("id").primaryKey(),
    username: text("username").notNull(),
    displayName: text("display_name").notNull(),
    role: text("role", { enum: AGENT_ROLES }).notNull(),
    passwordHash: text("password_hash").notNull(),
    failedLogins: integer("failed_logins").notNull().default(0),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("agent_accounts_username_uq").on(t.username)],
);

/**
 * Server-side sessions, so logout and expiry hold even though the token itself is a signed JWT.
 * `channel` tells the console's cookie session from an API bearer session; the CSRF token guards
 * every form and every cookie-authenticated write.
 */
export const agentSessions = pgTable(
  "agent_sessions",
  {
    id: text("id").primaryKey(),
    agentId: text("agent_id")
      .notNull()
      .references(() => agentAccounts.id),
    channel: text("channel", { enum: ["api", "console"] }).notNull(),
    csrfToken: text("csrf_token").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("agent_sessions_agent_idx").on(t.agentId), index("agent_sessions_expires_idx").on(t.expiresAt)],
);

export const REVERSAL_STATUSES = ["pending", "approved", "rejected"] as const;

/** Maker-checker reversal of a succeeded transfer: one agent proposes, a different supervisor decides. */
export const reversals = pgTable(
  "reversals",
  {
    id: text("id").primaryKey(),
    transferId: text("transfer_id").notNull(),
    status: text("status", { enum: REVERSAL_STATUSES }).notNull(),
    reason: text("reason").notNull(),
    proposedBy: text("proposed_by")
      .notNull()
      .references(() => agentAccounts.id),
    proposedAt: timestamp("proposed_at", { withTimezone: true }).notNull(),
    decidedBy: text("decided_by").references(() => agentAccounts.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decisionNote: text("decision_note"),
    journalTransactionId: text("journal_transaction_id"),
  },
  (t) => [
    // At most one open or approved reversal per transfer, whatever the races between agents.
    uniqueIndex("reversals_transfer_active_uq").on(t.transferId).where(sql`${t.status} in ('pending', 'approved')`),
    index("reversals_status_idx").on(t.status, t.proposedAt),
  ],
);
