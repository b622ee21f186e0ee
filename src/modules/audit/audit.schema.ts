import { sql } from "drizzle-orm";
import { bigint, bigserial, index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

/**
 * Append-only audit of agent actions and money movements. Rows are written inside the business
 * transaction without a hash; the chainer links them afterwards (chainPos, prevHash, hash), so
 * money movements never wait on one global chain lock.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    id: text("id").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    actorType: text("actor_type", { enum: ["user", "agent", "merchant", "region", "system"] }).notNull(),
    actorId: text("actor_id").notNull(),
    action: text("action").notNull(),
    subjectType: text("subject_type").notNull(),
    subjectId: text("subject_id").notNull(),
    details: jsonb("details").notNull(),
    chainPos: bigint("chain_pos", { mode: "number" }),
    prevHash: text("prev_hash"),
    hash: text("hash"),
  },
  (t) => [uniqueIndex("audit_log_chain_pos_uq").on(t.chainPos), index("audit_log_unchained_idx").on(t.seq).where(sql`chain_pos IS NULL`)],
);
