import { and, count, desc, eq, isNull, lt, sql, type SQL } from "drizzle-orm";
import type { Ctx } from "@/ctx";
import type { DbOrTx } from "@/db/client";
import { newId } from "@/lib/ids";
import { notifications } from "./notifications.schema";

export interface NotificationInput {
  userId: string;
  kind: string;
  title: string;
  body: string;
  data?: Record<string, unknown>;
}

/**
 * Writes the in-app inbox row inside the business transaction; the super-app push is best effort and
 * happens after commit (`flush`), so a failed push never undoes a transfer.
 */
export function createNotifier(ctx: Ctx) {
  const queued: NotificationInput[] = [];
  return {
    async add(db: DbOrTx, n: NotificationInput) {
      await db.insert(notifications).values({ id: newId(), ...n, createdAt: ctx.clock.now() });
      queued.push(n);
    },
    async flush() {
      for (const n of queued.splice(0)) {
        await ctx.adapters.notifier.push(n).catch((e: unknown) => ctx.log.warn("push failed", { kind: n.kind, error: String(e) }));
      }
    },
  };
}

/** The inbox row as a CTE body, for a movement written in one statement (only if `when` holds). */
export function noticeInsertSql(at: Date, n: NotificationInput, when: SQL = sql`true`): SQL {
  return sql`insert into notifications (id, user_id, kind, title, body, data, created_at)
    select ${newId()}, ${n.userId}, ${n.kind}, ${n.title}, ${n.body}, ${n.data ? sql`${JSON.stringify(n.data)}::jsonb` : sql`null::jsonb`}, ${at.toISOString()}::timestamptz
    where ${when}`;
}

/** The best-effort super-app push of notices already in the inbox (after commit). */
export async function pushAfterCommit(ctx: Ctx, notices: NotificationInput[]): Promise<void> {
  for (const n of notices) {
    await ctx.adapters.notifier.push(n).catch((e: unknown) => ctx.log.warn("push failed", { kind: n.kind, error: String(e) }));
  }
}

export async function listNotifications(ctx: Ctx, userId: string, q: { cursor?: string; limit: number; unread?: boolean }) {
  const conds = [eq(notifications.userId, userId)];
  if (q.cursor) conds.push(lt(notifications.id, q.cursor));
  if (q.unread) conds.push(isNull(notifications.readAt));
  const [rows, [unread]] = await Promise.all([
    ctx.db
      .select()
      .from(notifications)
      .where(and(...conds))
      .orderBy(desc(notifications.id))
      .limit(q.limit + 1),
    ctx.db
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt))),
  ]);
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((n) => ({
      id: n.id,
      kind: n.kind,
      title: n.title,
      body: n.body,
      data: (n.data as Record<string, unknown> | null) ?? {},
      createdAt: n.createdAt.toISOString(),
      read: n.readAt !== null,
    })),
    nextCursor: rows.length > q.limit ? page[page.length - 1]!.id : null,
    unreadCount: Number(unread?.n ?? 0),
  };
}

export async function markRead(ctx: Ctx, userId: string, id: string): Promise<boolean> {
  const rows = await ctx.db
    .update(notifications)
    .set({ readAt: ctx.clock.now() })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .returning();
  return rows.length > 0;
}
