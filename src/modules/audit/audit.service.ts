import { and, asc, desc, eq, gt, gte, inArray, isNotNull, isNull, like, lt, or, type SQL, sql } from "drizzle-orm";
import type { Ctx } from "@/ctx";
import type { DbOrTx } from "@/db/client";
import { sha256Hex } from "@/lib/crypto";
import { newId } from "@/lib/ids";
import { rowsOf } from "@/lib/rows";
import { canonicalJson } from "@/modules/platform/idempotency";
import { auditLog } from "./audit.schema";

type ActorType = "user" | "agent" | "merchant" | "region" | "system";

export interface AuditEvent {
  actorType: ActorType;
  actorId: string;
  action: string;
  subjectType: string;
  subjectId: string;
  /** Ids, codes and amounts only: never names, ID numbers or phones in clear. */
  details?: Record<string, unknown>;
}

/** Appends an audit row inside the caller's transaction, so the row exists exactly when the action does. */
export async function recordAudit(db: DbOrTx, at: Date, e: AuditEvent): Promise<void> {
  await db.insert(auditLog).values({
    id: newId(),
    at,
    actorType: e.actorType,
    actorId: e.actorId,
    action: e.action,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    details: e.details ?? {},
  });
}

/**
 * The same audit row as a CTE body, for a movement that writes everything in one statement: the row is
 * written only if `when` holds (e.g. the movement's claim succeeded). Chained after commit, as every row.
 */
export function auditInsertSql(at: Date, e: AuditEvent, when: SQL = sql`true`): SQL {
  return sql`insert into audit_log (id, at, actor_type, actor_id, action, subject_type, subject_id, details)
    select ${newId()}, ${at.toISOString()}::timestamptz, ${e.actorType}, ${e.actorId}, ${e.action}, ${e.subjectType}, ${e.subjectId}, ${JSON.stringify(e.details ?? {})}::jsonb
    where ${when}`;
}

type AuditRow = typeof auditLog.$inferSelect;

const GENESIS_HASH = "0".repeat(64);

export function auditRowHash(
  prevHash: string,
  r: Pick<AuditRow, "id" | "at" | "actorType" | "actorId" | "action" | "subjectType" | "subjectId" | "details" | "chainPos">,
): Promise<string> {
  return sha256Hex(
    `${prevHash}\n${canonicalJson({
      id: r.id,
      at: new Date(r.at).toISOString(),
      actorType: r.actorType,
      actorId: r.actorId,
      action: r.action,
      subjectType: r.subjectType,
      subjectId: r.subjectId,
      details: r.details,
      chainPos: r.chainPos,
    })}`,
  );
}

/**
 * Links committed rows that are not yet chained, in insertion order, one chainer at a time (an
 * advisory lock): reads up to `batch` of them, computes each link in memory and writes the whole
 * batch back with one statement. Runs every second on Node (src/entry/node.ts), with the scheduled
 * jobs, and before the audit log is read or verified.
 */
export async function chainAudit(db: DbOrTx, batch = 5000): Promise<number> {
  return db.transaction(async (tx) => {
    const got = rowsOf<{ ok: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(hashtextextended('audit-chain', 0)) as ok`));
    if (!got[0]?.ok) return 0;
    const [tip] = await tx.select().from(auditLog).where(isNotNull(auditLog.chainPos)).orderBy(sql`${auditLog.chainPos} desc`).limit(1);
    let prevHash = tip?.hash ?? GENESIS_HASH;
    let pos = tip?.chainPos ?? 0;
    const rows = await tx.select().from(auditLog).where(isNull(auditLog.chainPos)).orderBy(asc(auditLog.seq)).limit(batch);
    if (rows.length === 0) return 0;
    const links: { seq: number; pos: number; prev: string; hash: string }[] = [];
    for (const r of rows) {
      pos += 1;
      const hash = await auditRowHash(prevHash, { ...r, chainPos: pos });
      links.push({ seq: r.seq, pos, prev: prevHash, hash });
      prevHash = hash;
    }
    // One statement for the batch (a round trip per row capped the chain at ~4,000 rows/s while it
    // ran, and one batch a minute at ~83/s: less than the transfers of a busy minute write).
    await tx.execute(sql`
      update audit_log a set chain_pos = v.pos, prev_hash = v.prev, hash = v.hash
      from jsonb_to_recordset(${JSON.stringify(links)}::jsonb) as v(seq bigint, pos bigint, prev text, hash text)
      where a.seq = v.seq and a.chain_pos is null`);
    return rows.length;
  });
}

export interface ChainVerdict {
  ok: boolean;
  checked: number;
  firstBroken: { seq: number; id: string; chainPos: number; reason: string } | null;
}

/** Recomputes every link; names the first row whose content or link does not match. */
export async function verifyAuditChain(db: DbOrTx): Promise<ChainVerdict> {
  let prevHash = GENESIS_HASH;
  let expectedPos = 1;
  let checked = 0;
  let after = 0;
  for (;;) {
    const rows = await db.select().from(auditLog).where(gt(auditLog.chainPos, after)).orderBy(asc(auditLog.chainPos)).limit(2000);
    if (rows.length === 0) break;
    for (const r of rows) {
      const broken = (reason: string) => ({ ok: false, checked, firstBroken: { seq: r.seq, id: r.id, chainPos: r.chainPos!, reason } });
      if (r.chainPos !== expectedPos) return broken(`expected position ${expectedPos}`);
      if (r.prevHash !== prevHash) return broken("prevHash does not match the previous row");
      if ((await auditRowHash(prevHash, r)) !== r.hash) return broken("row content does not match its hash");
      prevHash = r.hash!;
      expectedPos += 1;
      checked += 1;
      after = r.chainPos!;
    }
  }
  return { ok: true, checked, firstBroken: null };
}

/** The scheduled job (every minute on Workers' Cron Trigger and with Node's other jobs): drains the backlog. */
export async function chainAuditJob(ctx: Ctx): Promise<number> {
  return chainPending(ctx.db);
}

/** Chains everything committed so far (bounded), so a reader sees every row with its hash. */
export async function chainPending(db: DbOrTx, maxBatches = 20): Promise<number> {
  let total = 0;
  for (let i = 0; i < maxBatches; i++) {
    const n = await chainAudit(db);
    total += n;
    if (n < 5000) break;
  }
  return total;
}

export function auditRowDto(r: AuditRow) {
  return {
    seq: r.seq,
    id: r.id,
    at: new Date(r.at).toISOString(),
    actorType: r.actorType,
    actorId: r.actorId,
    action: r.action,
    subjectType: r.subjectType,
    subjectId: r.subjectId,
    details: r.details as Record<string, unknown>,
    chainPos: r.chainPos!,
    prevHash: r.prevHash!,
    hash: r.hash!,
  };
}

/** What an auditor narrows the log to: one actor (or kind of actor), actions, a time range. */
export interface AuditFilter {
  actorType?: ActorType;
  actorId?: string;
  /** Exact action codes, or a prefix ending in "." (e.g. "wallet."). */
  actions?: string[];
  from?: Date;
  to?: Date;
}

function filterConds(f: AuditFilter) {
  const conds: SQL[] = [isNotNull(auditLog.chainPos)];
  if (f.actorType) conds.push(eq(auditLog.actorType, f.actorType));
  if (f.actorId) conds.push(eq(auditLog.actorId, f.actorId));
  if (f.actions?.length) {
    const exact = f.actions.filter((a) => !a.endsWith("."));
    const prefixes = f.actions.filter((a) => a.endsWith("."));
    const any = [
      ...(exact.length ? [inArray(auditLog.action, exact)] : []),
      ...prefixes.map((p) => like(auditLog.action, `${p.replace(/[%_\\]/g, "\\$&")}%`)),
    ];
    conds.push(or(...any)!);
  }
  if (f.from) conds.push(gte(auditLog.at, f.from));
  if (f.to) conds.push(lt(auditLog.at, f.to));
  return conds;
}

/** Chained rows, newest first; the cursor is the last chain position seen. */
export async function listAudit(db: DbOrTx, q: { cursor?: number; limit: number } & AuditFilter) {
  await chainPending(db);
  const conds = filterConds(q);
  if (q.cursor) conds.push(lt(auditLog.chainPos, q.cursor));
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(...conds))
    .orderBy(desc(auditLog.chainPos))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  return { items: page.map(auditRowDto), nextCursor: rows.length > q.limit ? String(page[page.length - 1]!.chainPos) : null };
}

/**
 * A filtered range for export, oldest first, each row with its own link checked (its hash recomputed
 * from its content and its prevHash), and the verdict on the whole chain.
 */
export async function exportAudit(db: DbOrTx, f: AuditFilter, max = 10_000) {
  const verdict = await chainAndVerify(db);
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(...filterConds(f)))
    .orderBy(asc(auditLog.chainPos))
    .limit(max + 1);
  const items = await Promise.all(
    rows.slice(0, max).map(async (r) => ({ ...auditRowDto(r), linkOk: (await auditRowHash(r.prevHash!, r)) === r.hash })),
  );
  return { verdict, items, truncated: rows.length > max };
}

/** Chains first, so the verdict covers every committed row. */
async function chainAndVerify(db: DbOrTx): Promise<ChainVerdict> {
  await chainPending(db);
  return verifyAuditChain(db);
}

/** Chains, verifies, and records that this agent checked the chain (the API and the console button). */
/** A page of the audit log for an agent; the reading is itself audited. */
export async function readAuditAs(ctx: Ctx, agentId: string, q: { cursor?: number; limit: number } & AuditFilter) {
  const page = await listAudit(ctx.db, q);
  await recordAudit(ctx.db, ctx.clock.now(), {
    actorType: "agent",
    actorId: agentId,
    action: "audit.read",
    subjectType: "audit_log",
    subjectId: "-",
  });
  return page;
}

export async function verifyChainAs(ctx: Ctx, agentId: string): Promise<ChainVerdict> {
  const verdict = await chainAndVerify(ctx.db);
  await recordAudit(ctx.db, ctx.clock.now(), {
    actorType: "agent",
    actorId: agentId,
    action: "audit.verify",
    subjectType: "audit_log",
    subjectId: "-",
    details: { ok: verdict.ok, checked: verdict.checked, firstBrokenId: verdict.firstBroken?.id ?? null },
  });
  return verdict;
}
