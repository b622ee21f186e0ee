import { and, asc, desc, eq, gt, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { persons, users } from "@/modules/identity/identity.schema";
import { invitations, regions } from "@/modules/relatives/relatives.schema";
import { wallets } from "@/modules/wallet/wallet.schema";
import { conversationMessages, conversationReplies, conversations } from "./conversation.schema";

export type ConversationRow = typeof conversations.$inferSelect;
export type MessageRow = typeof conversationMessages.$inferSelect;

export async function conversationById(db: DbOrTx, id: string): Promise<ConversationRow | undefined> {
  const [c] = await db.select().from(conversations).where(eq(conversations.id, id));
  return c;
}

export async function insertConversation(db: DbOrTx, row: typeof conversations.$inferInsert): Promise<void> {
  await db.insert(conversations).values(row);
}

export async function updateConversation(db: DbOrTx, id: string, patch: Partial<typeof conversations.$inferInsert>): Promise<void> {
  await db
    .update(conversations)
    .set({ ...patch, version: sql`${conversations.version} + 1` })
    .where(eq(conversations.id, id));
}

export async function insertMessages(db: DbOrTx, rows: (typeof conversationMessages.$inferInsert)[]): Promise<void> {
  if (rows.length) await db.insert(conversationMessages).values(rows);
}

/** The transcript in order, or only what came after a message id (ULIDs sort by time). */
export async function messagesOf(db: DbOrTx, conversationId: string, after?: string, limit = 500): Promise<MessageRow[]> {
  const conds = [eq(conversationMessages.conversationId, conversationId)];
  if (after) conds.push(gt(conversationMessages.id, after));
  return db
    .select()
    .from(conversationMessages)
    .where(and(...conds))
    .orderBy(asc(conversationMessages.id))
    .limit(limit);
}

export async function findReply(db: DbOrTx, conversationId: string, stepId: string) {
  const [r] = await db
    .select()
    .from(conversationReplies)
    .where(and(eq(conversationReplies.conversationId, conversationId), eq(conversationReplies.stepId, stepId)));
  return r;
}

// A claim older than this belongs to a request that died; the step may be applied again, which
// is safe because every money movement a step triggers is idempotent by the step's own key.
const STALE_CLAIM_SECONDS = 60;

export type Claim = { state: "claimed" } | { state: "replay"; response: unknown } | { state: "busy" };

/** Claims a prompt for the one request that will apply it. */
export async function claimReply(db: DbOrTx, conversationId: string, stepId: string): Promise<Claim> {
  const inserted = await db.insert(conversationReplies).values({ conversationId, stepId }).onConflictDoNothing().returning();
  if (inserted.length) return { state: "claimed" };
  const existing = await findReply(db, conversationId, stepId);
  if (existing?.response) return { state: "replay", response: existing.response };
  const taken = await db
    .update(conversationReplies)
    .set({ claimedAt: sql`now()` })
    .where(
      and(
        eq(conversationReplies.conversationId, conversationId),
        eq(conversationReplies.stepId, stepId),
        isNull(conversationReplies.response),
        sql`${conversationReplies.claimedAt} < now() - make_interval(secs => ${STALE_CLAIM_SECONDS})`,
      ),
    )
    .returning();
  return taken.length ? { state: "claimed" } : { state: "busy" };
}

export async function storeReply(db: DbOrTx, conversationId: string, stepId: string, response: unknown): Promise<void> {
  await db
    .update(conversationReplies)
    .set({ response: response as object })
    .where(and(eq(conversationReplies.conversationId, conversationId), eq(conversationReplies.stepId, stepId)));
}

/** Gives a claim back after an unexpected failure, so the user can send the step again. */
export async function releaseReply(db: DbOrTx, conversationId: string, stepId: string): Promise<void> {
  await db
    .delete(conversationReplies)
    .where(
      and(
        eq(conversationReplies.conversationId, conversationId),
        eq(conversationReplies.stepId, stepId),
        isNull(conversationReplies.response),
      ),
    );
}

/** Marks an idle conversation expired unless a reply touched it meanwhile; true when this call did. */
export async function markExpired(db: DbOrTx, c: ConversationRow, state: unknown, at: Date): Promise<boolean> {
  const rows = await db
    .update(conversations)
    .set({ status: "expired", state: state as object, closedAt: at, version: sql`${conversations.version} + 1` })
    .where(and(eq(conversations.id, c.id), eq(conversations.status, "active"), eq(conversations.version, c.version)))
    .returning({ id: conversations.id });
  return rows.length > 0;
}

export async function idleActive(db: DbOrTx, cutoff: Date, limit: number): Promise<ConversationRow[]> {
  return db
    .select()
    .from(conversations)
    .where(and(eq(conversations.status, "active"), lte(conversations.lastActivityAt, cutoff)))
    .limit(limit);
}

/** Which of these persons carry the name with this keyed hash. */
export async function personIdsNamed(db: DbOrTx, personIds: string[], nameHash: string): Promise<string[]> {
  if (personIds.length === 0) return [];
  const rows = await db
    .select({ id: persons.id })
    .from(persons)
    .where(and(inArray(persons.id, personIds), eq(persons.nameHash, nameHash)));
  return rows.map((r) => r.id);
}

/** The registry's gender of each person, for "我妈" against the relatives bound. */
export async function genderOfPersons(db: DbOrTx, personIds: string[]): Promise<Map<string, "male" | "female">> {
  if (personIds.length === 0) return new Map();
  const rows = await db.select({ id: persons.id, gender: persons.gender }).from(persons).where(inArray(persons.id, personIds));
  return new Map(rows.map((r) => [r.id, r.gender]));
}

/** Invitations a person sent that still wait for an answer, newest first, masked. */
export async function pendingInvitationsSentBy(db: DbOrTx, personId: string, now: Date) {
  const rows = await db
    .select({
      id: invitations.id,
      code: invitations.code,
      relation: invitations.relation,
      expiresAt: invitations.expiresAt,
      inviteePersonId: invitations.inviteePersonId,
      maskedName: persons.maskedName,
    })
    .from(invitations)
    .innerJoin(persons, eq(persons.id, invitations.inviteePersonId))
    .where(and(eq(invitations.inviterPersonId, personId), eq(invitations.status, "pending"), gt(invitations.expiresAt, now)))
    .orderBy(desc(invitations.createdAt))
    .limit(20);
  return rows;
}

/** The wallet a user manages for another person (a ward), if any. */
export async function managedWalletOf(db: DbOrTx, userId: string, personId: string): Promise<string | undefined> {
  const [w] = await db
    .select({ id: wallets.id })
    .from(wallets)
    .where(and(eq(wallets.personId, personId), eq(wallets.managerUserId, userId)));
  return w?.id;
}

/** Pooling regions by name, for the usage location. */
export async function allRegions(db: DbOrTx) {
  return db.select({ code: regions.code, name: regions.name, provinceName: regions.provinceName }).from(regions).orderBy(asc(regions.code));
}

/** The person behind a user, masked fields only. */
export async function maskedPersonOfUser(db: DbOrTx, userId: string) {
  const [row] = await db
    .select({
      personId: persons.id,
      maskedName: persons.maskedName,
      idPrefix4: persons.idPrefix4,
      idLast4: persons.idLast4,
      maskedPhone: persons.maskedPhone,
      regionCode: persons.regionCode,
      insurance: persons.insurance,
    })
    .from(users)
    .innerJoin(persons, eq(persons.id, users.personId))
    .where(eq(users.id, userId));
  return row;
}

export async function handoffQueue(db: DbOrTx): Promise<ConversationRow[]> {
  return db
    .select()
    .from(conversations)
    .where(inArray(conversations.status, ["waiting_agent", "with_agent"]))
    .orderBy(asc(conversations.handedOffAt))
    .limit(200);
}

export async function userLanguage(db: DbOrTx, userId: string) {
  const [u] = await db.select({ language: users.language }).from(users).where(eq(users.id, userId));
  return u?.language;
}

const IN_QUEUE = ["waiting_agent", "with_agent"] as const;

/** waiting_agent → with_agent for this agent (or already theirs); false when another agent has it. */
export async function takeForAgent(db: DbOrTx, id: string, agentId: string): Promise<boolean> {
  const rows = await db
    .update(conversations)
    .set({ status: "with_agent", agentId, version: sql`${conversations.version} + 1` })
    .where(
      and(
        eq(conversations.id, id),
        or(
          eq(conversations.status, "waiting_agent"),
          and(eq(conversations.status, "with_agent"), or(isNull(conversations.agentId), eq(conversations.agentId, agentId))),
        ),
      ),
    )
    .returning({ id: conversations.id });
  return rows.length > 0;
}

/** Ends a hand-off still in the queue; false when it had already left it. */
export async function closeQueued(db: DbOrTx, id: string, state: unknown, at: Date): Promise<boolean> {
  const rows = await db
    .update(conversations)
    .set({ status: "done", state: state as object, closedAt: at, version: sql`${conversations.version} + 1` })
    .where(and(eq(conversations.id, id), inArray(conversations.status, [...IN_QUEUE])))
    .returning({ id: conversations.id });
  return rows.length > 0;
}
