import { pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

/**
 * A person's data deleted at their request (PIPL Art. 47). What the law makes the wallet keep (the
 * sealed ID number and name, for anti-money-laundering customer records) is held until `retainUntil`,
 * unreachable by any look-up, then erased by the privacy-retention job (`sealedPurgedAt`).
 */
export const dataDeletions = pgTable(
  "data_deletions",
  {
    id: text("id").primaryKey(),
    personId: text("person_id").notNull(),
    userId: text("user_id").notNull(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }).notNull(),
    retainUntil: timestamp("retain_until", { withTimezone: true }).notNull(),
    sealedPurgedAt: timestamp("sealed_purged_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("data_deletions_person_uq").on(t.personId)],
);
