import { and, eq, or, sql } from "drizzle-orm";
import type { Ctx } from "@/ctx";
import type { DbOrTx } from "@/db/client";
import { rowsOf } from "@/lib/rows";
import { errors } from "@/lib/problem";
import { recordAudit } from "@/modules/audit/audit.service";
import { endFamilyOfBinding } from "@/modules/family/binding-end";
import { persons } from "@/modules/identity/identity.schema";
import { requireVerifiedPerson } from "@/modules/identity/identity.service";
import { wallets } from "@/modules/wallet/wallet.schema";
import { inverseRelation, type Relation } from "./relation-rules";
import { relativeErrors } from "./relatives.errors";
import { bindings, invitations } from "./relatives.schema";

export type BindingRow = typeof bindings.$inferSelect;

/** The binding seen from `personId`'s side: who the other person is and what they are to me. */
function viewOf(b: BindingRow, personId: string): { relativePersonId: string; relation: Relation; iAmGiver: boolean } {
  if (b.giverPersonId === personId) return { relativePersonId: b.relativePersonId, relation: b.relation, iAmGiver: true };
  return { relativePersonId: b.giverPersonId, relation: inverseRelation(b.relation), iAmGiver: false };
}

/**
 * A binding the person is part of. Another person's binding is a 404 (it is not theirs to know of);
 * an ended one is 422 NOT_BOUND.
 */
export async function requireActiveBindingFor(_ctx: Ctx, db: DbOrTx, personId: string, bindingId: string) {
  const [b] = await db
    .select()
    .from(bindings)
    .where(and(eq(bindings.id, bindingId), or(eq(bindings.giverPersonId, personId), eq(bindings.relativePersonId, personId))));
  if (!b) throw errors.notFound("亲属关系", "binding");
  if (b.status !== "active") throw relativeErrors.notBound();
  return { binding: b, ...viewOf(b, personId) };
}

/** Active bindings plus pending invitations a person takes part in: what counts towards the limit. */
export async function bindingCount(db: DbOrTx, personId: string): Promise<number> {
  const [r] = rowsOf<{ n: number }>(
    await db.execute(sql`
      select ((select count(*) from ${bindings} where status = 'active' and (giver_person_id = ${personId} or relative_person_id = ${personId}))
            + (select count(*) from ${invitations} where status = 'pending' and inviter_person_id = ${personId}))::int as n`),
  );
  return Number(r?.n ?? 0);
}

/**
 * The limit of bindings per person (active bindings plus the pending invitations they sent), as one
 * rule for every path that adds a binding or an invitation. `requireUnderLimit` answers early, outside
 * any lock, so a user hears of it before a face check; `lockUnderLimit` is the check that holds: it
 * runs inside the transaction that inserts, after taking the persons' row locks (in id order, so two
 * bindings between the same persons cannot deadlock), so parallel requests are counted one after the
 * other (test/reliability/attack.test.ts).
 */
export async function requireUnderLimit(db: DbOrTx, personIds: string[], max: number): Promise<void> {
  for (const id of personIds) if ((await bindingCount(db, id)) >= max) throw relativeErrors.limit(max);
}

export async function lockUnderLimit(tx: DbOrTx, personIds: string[], max: number): Promise<void> {
  const ids = [...new Set(personIds)].sort();
  await tx.execute(
    sql`select id from ${persons} where id in (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )}) order by id for update`,
  );
  await requireUnderLimit(tx, ids, max);
}

export async function activeBindingBetween(db: DbOrTx, a: string, b: string): Promise<BindingRow | undefined> {
  const [row] = await db
    .select()
    .from(bindings)
    .where(
      and(
        eq(bindings.status, "active"),
        or(
          and(eq(bindings.giverPersonId, a), eq(bindings.relativePersonId, b)),
          and(eq(bindings.giverPersonId, b), eq(bindings.relativePersonId, a)),
        ),
      ),
    );
  return row;
}

export async function listRelatives(ctx: Ctx, userId: string) {
  const { personId } = await requireVerifiedPerson(ctx, ctx.db, userId);
  const rows = await ctx.db
    .select()
    .from(bindings)
    .where(and(eq(bindings.status, "active"), or(eq(bindings.giverPersonId, personId), eq(bindings.relativePersonId, personId))))
    .orderBy(bindings.createdAt);
  const items = [];
  for (const b of rows) {
    const v = viewOf(b, personId);
    const [p] = await ctx.db.select().from(persons).where(eq(persons.id, v.relativePersonId));
    const [w] = await ctx.db
      .select({ id: wallets.id, status: wallets.status, managerUserId: wallets.managerUserId })
      .from(wallets)
      .where(eq(wallets.personId, v.relativePersonId));
    items.push({
      bindingId: b.id,
      relation: v.relation,
      relative: {
        personId: p!.id,
        maskedName: p!.maskedName,
        regionCode: p!.regionCode,
        insurance: p!.insurance,
        birthYear: Number(p!.birthDate.slice(0, 4)),
      },
      hasWallet: !!w && w.status !== "closed",
      walletStatus: w?.status ?? null,
      managedByMe: !!w && w.managerUserId === userId,
      guardian: b.guardian && v.iAmGiver,
      since: b.createdAt.toISOString(),
    });
  }
  return { items };
}

/** Either side may unbind; pending transfers between them are left to run their course. */
export async function unbind(ctx: Ctx, userId: string, bindingId: string) {
  const { personId } = await requireVerifiedPerson(ctx, ctx.db, userId);
  const { binding } = await requireActiveBindingFor(ctx, ctx.db, personId, bindingId);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await endBinding(tx, binding.id, now, "unbound");
    await recordAudit(tx, now, {
      actorType: "user",
      actorId: userId,
      action: "binding.unbind",
      subjectType: "binding",
      subjectId: binding.id,
    });
  });
}

export async function endBinding(db: DbOrTx, bindingId: string, at: Date, reason: string) {
  const ended = await db
    .update(bindings)
    .set({ status: "ended", endedAt: at, endReason: reason })
    .where(and(eq(bindings.id, bindingId), eq(bindings.status, "active")))
    .returning();
  if (ended.length) await endFamilyOfBinding(db, bindingId, at);
  return ended;
}
