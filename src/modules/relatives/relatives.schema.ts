import { sql } from "drizzle-orm";
import { bigint, boolean, date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { persons, users } from "../identity/identity.schema";

export const RELATIONS = ["spouse", "parent", "child", "sibling", "grandparent", "grandchild"] as const;

export const regions = pgTable("regions", {
  code: text("code").primaryKey(),
  provinceCode: text("province_code").notNull(),
  name: text("name").notNull(),
  provinceName: text("province_name").notNull(),
});

/** A region's wallet policy from a date on: relation scope, cross-province and the transfer limits. */
export const regionPolicies = pgTable(
  "region_policies",
  {
    regionCode: text("region_code")
      .notNull()
      .references(() => regions.code),
    effectiveFrom: date("effective_from", { mode: "string" }).notNull(),
    relationScope: text("relation_scope", { enum: ["core", "close"] }).notNull(),
    crossProvince: boolean("cross_province").notNull(),
    minTransferFen: bigint("min_transfer_fen", { mode: "number" }).notNull(),
    maxTransferFen: bigint("max_transfer_fen", { mode: "number" }).notNull(),
    maxDailyTransfers: integer("max_daily_transfers").notNull(),
    quietStart: text("quiet_start").notNull(),
    quietEnd: text("quiet_end").notNull(),
    maxActiveBindings: integer("max_active_bindings").notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.effectiveFrom] })],
);

export const invitations = pgTable(
  "invitations",
  {
    id: text("id").primaryKey(),
    code: text("code").notNull(),
    inviterPersonId: text("inviter_person_id")
      .notNull()
      .references(() => persons.id),
    inviterUserId: text("inviter_user_id")
      .notNull()
      .references(() => users.id),
    inviteePersonId: text("invitee_person_id")
      .notNull()
      .references(() => persons.id),
    /** The invitee is the inviter's <relation>. */
    relation: text("relation", { enum: RELATIONS }).notNull(),
    status: text("status", { enum: ["pending", "accepted", "declined", "cancelled", "expired"] }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    bindingId: text("binding_id"),
  },
  (t) => [
    uniqueIndex("invitations_code_uq").on(t.code),
    uniqueIndex("invitations_one_pending_uq").on(t.inviterPersonId, t.inviteePersonId).where(sql`${t.status} = 'pending'`),
    index("invitations_invitee_idx").on(t.inviteePersonId),
  ],
);

/** One record seen from both sides: the relative is the giver's <relation>. */
export const bindings = pgTable(
  "bindings",
  {
    id: text("id").primaryKey(),
    giverPersonId: text("giver_person_id")
      .notNull()
      .references(() => persons.id),
    relativePersonId: text("relative_person_id")
      .notNull()
      .references(() => persons.id),
    relation: text("relation", { enum: RELATIONS }).notNull(),
    /** `elder`: an adult child opened it for a parent of 65+ who cannot pass a face check (guardian until taken over). */
    via: text("via", { enum: ["invitation", "minor", "elder"] }).notNull(),
    status: text("status", { enum: ["active", "ended"] }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    endReason: text("end_reason"),
    /** Set when the giver may act for the relative (a minor under 16 or someone who cannot pass face). */
    guardian: boolean("guardian").notNull().default(false),
  },
  (t) => [
    // Either direction counts as the same pair: one active binding per pair of persons.
    uniqueIndex("bindings_active_pair_uq")
      .on(sql`least(${t.giverPersonId}, ${t.relativePersonId})`, sql`greatest(${t.giverPersonId}, ${t.relativePersonId})`)
      .where(sql`${t.status} = 'active'`),
    index("bindings_giver_idx").on(t.giverPersonId),
    index("bindings_relative_idx").on(t.relativePersonId),
  ],
);

/** Insurance events reported by a region's core (insurance stopped or moved); idempotent by reference. */
export const insuranceEvents = pgTable(
  "insurance_events",
  {
    id: text("id").primaryKey(),
    regionCode: text("region_code").notNull(),
    reference: text("reference").notNull(),
    personId: text("person_id").notNull(),
    event: text("event", { enum: ["terminated", "moved"] }).notNull(),
    newRegionCode: text("new_region_code"),
    effectiveDate: date("effective_date", { mode: "string" }).notNull(),
    requestHash: text("request_hash").notNull(),
    endedBindings: integer("ended_bindings").notNull(),
    returnedTransfers: integer("returned_transfers").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("insurance_events_reference_uq").on(t.regionCode, t.reference)],
);
