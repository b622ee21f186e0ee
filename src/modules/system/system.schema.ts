import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * One fingerprint per secret that data depends on (SECRETS in src/config.ts): an HMAC of a fixed
 * label under the secret, which says whether a key is the one the data was written with without
 * revealing it. Checked at start-up (src/entry/secrets-check.ts).
 */
export const secretFingerprints = pgTable("secret_fingerprints", {
  name: text("name").primaryKey(),
  fingerprint: text("fingerprint").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
