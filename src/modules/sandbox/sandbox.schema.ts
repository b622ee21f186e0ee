import { bigint, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The sandbox stand-in for the national insurance registry and the regions' insurance cores.
 * Only sandbox adapters read it; the record is encrypted like any personal data.
 */
export const sandboxRegistryPersons = pgTable("sandbox_registry_persons", {
  idHash: text("id_hash").primaryKey(),
  recordEnc: text("record_enc").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const sandboxRegistryRelations = pgTable(
  "sandbox_registry_relations",
  {
    idHash: text("id_hash").notNull(),
    relativeIdHash: text("relative_id_hash").notNull(),
    relation: text("relation", { enum: ["spouse", "parent", "sibling"] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.idHash, t.relativeIdHash, t.relation] })],
);

/** Coverage the registry has recorded after a premium payment (the adapter is told of each one). */
export const sandboxRegistryEnrolments = pgTable(
  "sandbox_registry_enrolments",
  {
    idHash: text("id_hash").notNull(),
    kind: text("kind").notNull(),
    year: integer("year").notNull(),
    receiptNo: text("receipt_no").notNull(),
  },
  (t) => [primaryKey({ columns: [t.idHash, t.kind, t.year] })],
);

/** Returns the sandbox region core has credited, one per return id (a repeat answers the first outcome). */
export const sandboxRegionCoreReturns = pgTable("sandbox_region_core_returns", {
  returnId: text("return_id").primaryKey(),
  idHash: text("id_hash").notNull(),
  amountFen: bigint("amount_fen", { mode: "number" }).notNull(),
  coreReference: text("core_reference").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
