import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { persons, users } from "./identity.schema";

export type PersonRow = typeof persons.$inferSelect;
export type UserRow = typeof users.$inferSelect;

export async function findUser(db: DbOrTx, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function findUserByPerson(db: DbOrTx, personId: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.personId, personId));
  return row;
}

export async function findPerson(db: DbOrTx, id: string): Promise<PersonRow | undefined> {
  const [row] = await db.select().from(persons).where(eq(persons.id, id));
  return row;
}

export async function findPersonByIdHash(db: DbOrTx, idHash: string): Promise<PersonRow | undefined> {
  const [row] = await db.select().from(persons).where(eq(persons.idHash, idHash));
  return row;
}

/** Finds or creates the user of a super-app identity. */
export async function upsertUser(db: DbOrTx, values: { id: string; provider: UserRow["provider"]; subject: string }): Promise<UserRow> {
  await db
    .insert(users)
    .values(values)
    .onConflictDoNothing({ target: [users.provider, users.subject] });
  const [row] = await db.select().from(users).where(eq(users.subject, values.subject));
  return row!;
}
