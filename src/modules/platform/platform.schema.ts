import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/** Stored first results of money-moving requests, scoped to the caller; kept at least 7 days. */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    scope: text("scope").notNull(),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    responseStatus: integer("response_status").notNull(),
    responseBody: jsonb("response_body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index("idempotency_keys_created_idx").on(t.createdAt)],
);

/** Single-use nonces of signed server-to-server calls; rows older than the timestamp window can go. */
export const requestNonces = pgTable(
  "request_nonces",
  {
    keyId: text("key_id").notNull(),
    nonce: text("nonce").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.keyId, t.nonce] }), index("request_nonces_created_idx").on(t.createdAt)],
);

/** Keys of merchants and region systems; the HMAC secret is kept encrypted. */
export const apiKeys = pgTable("api_keys", {
  keyId: text("key_id").primaryKey(),
  kind: text("kind", { enum: ["merchant", "region"] }).notNull(),
  ownerId: text("owner_id").notNull(),
  secretEnc: text("secret_enc").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
});

/** Fixed-window counters shared by every server instance (Node processes and Workers alike). */
export const rateLimitBuckets = pgTable(
  "rate_limit_buckets",
  {
    bucket: text("bucket").notNull(),
    windowStart: bigint("window_start", { mode: "number" }).notNull(),
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.windowStart] })],
);

export const sandboxState = pgTable("sandbox_state", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().default(sql`now()`),
});
