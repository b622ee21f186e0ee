import { date, index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

/**
 * Persons known to the wallet (users who verified, and relatives they named). Personal data is kept
 * encrypted; the *_hash columns are keyed HMACs used only to find a row again.
 */
export const persons = pgTable(
  "persons",
  {
    id: text("id").primaryKey(),
    idHash: text("id_hash").notNull(),
    idEnc: text("id_enc").notNull(),
    idLast4: text("id_last4").notNull(),
    idPrefix4: text("id_prefix4").notNull(),
    nameEnc: text("name_enc").notNull(),
    nameHash: text("name_hash").notNull(),
    maskedName: text("masked_name").notNull(),
    gender: text("gender", { enum: ["male", "female"] }).notNull(),
    birthDate: date("birth_date", { mode: "string" }).notNull(),
    regionCode: text("region_code").notNull(),
    insurance: text("insurance", { enum: ["employee", "resident", "none"] }).notNull(),
    phoneEnc: text("phone_enc"),
    phoneHash: text("phone_hash"),
    maskedPhone: text("masked_phone"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("persons_id_hash_uq").on(t.idHash),
    index("persons_name_hash_idx").on(t.nameHash),
    index("persons_phone_hash_idx").on(t.phoneHash),
  ],
);

/** A super-app login. A user becomes real-name verified by linking exactly one person. */
export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    provider: text("provider", { enum: ["wechat", "alipay", "sandbox"] }).notNull(),
    subject: text("subject").notNull(),
    personId: text("person_id").references(() => persons.id),
    language: text("language", { enum: ["zh-CN", "zh-TW", "en"] })
      .notNull()
      .default("zh-CN"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    realNameAt: timestamp("real_name_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("users_provider_subject_uq").on(t.provider, t.subject), uniqueIndex("users_person_uq").on(t.personId)],
);
