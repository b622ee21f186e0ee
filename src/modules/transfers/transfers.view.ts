import { inArray, sql, type SQL } from "drizzle-orm";
import { rowsOf } from "@/lib/rows";
import type { DbOrTx } from "@/db/client";
import { persons } from "@/modules/identity/identity.schema";
import { eventsOf, type TransferRow, type TransferStatus } from "./transfers.repo";

export type Receipt = ReturnType<typeof receiptOf>;

/** The receipt a party sees: masked parties, regions, amount and the status history. */
export function receiptOf(
  t: TransferRow,
  names: { sender: string; recipient: string },
  // Rows of transfer_events, whose status column only holds transfer statuses.
  history: { status: string; at: string }[],
  viewerWalletIds: string[],
) {
  const isSender = viewerWalletIds.includes(t.senderWalletId);
  return {
    id: t.id,
    receiptNo: t.receiptNo,
    status: t.status,
    amountFen: t.amountFen,
    // Only the sender learns how their own sub-balances paid.
    ...(isSender ? { paidFrom: { ownFen: t.fromOwnFen, receivedFen: t.fromReceivedFen } } : {}),
    crossProvince: t.crossProvince,
    from: { maskedName: names.sender, regionCode: t.senderRegionCode },
    to: { maskedName: names.recipient, regionCode: t.recipientRegionCode },
    memo: t.memo,
    direction: isSender ? ("out" as const) : ("in" as const),
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt.toISOString(),
    decidedAt: t.decidedAt ? t.decidedAt.toISOString() : null,
    history: history as { status: TransferRow["status"]; at: string }[],
  };
}

/** Loads the names and history, then builds the receipt. */
export async function transferDto(db: DbOrTx, t: TransferRow, viewerWalletIds: string[]) {
  const ps = await db
    .select({ id: persons.id, maskedName: persons.maskedName })
    .from(persons)
    .where(inArray(persons.id, [t.senderPersonId, t.recipientPersonId]));
  const name = (id: string) => ps.find((p) => p.id === id)?.maskedName ?? "*";
  const history = (await eventsOf(db, t.id)).map((e) => ({ status: e.status, at: e.at.toISOString() }));
  return receiptOf(t, { sender: name(t.senderPersonId), recipient: name(t.recipientPersonId) }, history, viewerWalletIds);
}

/** A transfer with what finishing it and showing its receipt need, read in one query (for many at once). */
export interface TransferFacts {
  t: TransferRow;
  senderName: string;
  recipientName: string;
  senderManager: string;
  senderOwn: string;
  senderReceived: string;
  recipientReceived: string;
  recipientStatus: string;
  history: { status: string; at: string }[];
  /** The wallets the viewer manages, when asked for. */
  mine: string[] | null;
}

interface FactsRow {
  t: Record<string, unknown>;
  s_name: string | null;
  r_name: string | null;
  s_manager: string;
  s_own: string;
  s_received: string;
  r_received: string;
  r_status: string;
  history: { status: string; at: string }[];
  mine: string[] | null;
}

/** A transfer row as to_jsonb gives it, with the types drizzle's select would have. */
export function transferFromJson(j: Record<string, unknown>): TransferRow {
  const d = (v: unknown) => (v === null || v === undefined ? null : new Date(String(v)));
  return {
    id: String(j.id),
    receiptNo: String(j.receipt_no),
    bindingId: String(j.binding_id),
    senderWalletId: String(j.sender_wallet_id),
    recipientWalletId: String(j.recipient_wallet_id),
    senderPersonId: String(j.sender_person_id),
    recipientPersonId: String(j.recipient_person_id),
    amountFen: Number(j.amount_fen),
    fromOwnFen: Number(j.from_own_fen),
    fromReceivedFen: Number(j.from_received_fen),
    status: j.status as TransferRow["status"],
    crossProvince: Boolean(j.cross_province),
    senderRegionCode: String(j.sender_region_code),
    recipientRegionCode: String(j.recipient_region_code),
    memo: (j.memo as string | null) ?? null,
    createdAt: d(j.created_at)!,
    businessDate: String(j.business_date),
    expiresAt: d(j.expires_at)!,
    decidedAt: d(j.decided_at),
  };
}

/** Transfers matching `where` (over `t`), with their parties and history: one query whatever their number. */
export async function transferFacts(db: DbOrTx, where: SQL, tail: SQL = sql``, viewerUserId?: string): Promise<TransferFacts[]> {
  const rows = rowsOf<FactsRow>(
    await db.execute(sql`
      select to_jsonb(t) as t, sp.masked_name as s_name, rp.masked_name as r_name,
        sw.manager_user_id as s_manager, sw.own_account_id as s_own, sw.received_account_id as s_received,
        rw.received_account_id as r_received, rw.status as r_status,
        (select coalesce(jsonb_agg(jsonb_build_object('status', e.status, 'at', e.at) order by e.id), '[]'::jsonb) from transfer_events e where e.transfer_id = t.id) as history,
        ${viewerUserId ? sql`(select coalesce(jsonb_agg(v.id), '[]'::jsonb) from wallets v where v.manager_user_id = ${viewerUserId})` : sql`null::jsonb`} as mine
      from transfers t
      join wallets sw on sw.id = t.sender_wallet_id
      join wallets rw on rw.id = t.recipient_wallet_id
      left join persons sp on sp.id = t.sender_person_id
      left join persons rp on rp.id = t.recipient_person_id
      where ${where} ${tail}`),
  );
  return rows.map((r) => ({
    t: transferFromJson(r.t),
    senderName: r.s_name ?? "*",
    recipientName: r.r_name ?? "*",
    senderManager: r.s_manager,
    senderOwn: r.s_own,
    senderReceived: r.s_received,
    recipientReceived: r.r_received,
    recipientStatus: r.r_status,
    history: r.history.map((h) => ({ status: h.status, at: new Date(h.at).toISOString() })),
    mine: r.mine,
  }));
}

/** The receipt of a transfer from its facts, as a party sees it. */
export function factsReceipt(f: TransferFacts, viewerWalletIds: string[]) {
  return receiptOf(f.t, { sender: f.senderName, recipient: f.recipientName }, f.history, viewerWalletIds);
}

/**
 * A page of the transfers of some wallets, newest first, as receipts: one query whatever the page size
 * (names and history come with each row).
 */
export async function listReceipts(
  db: DbOrTx,
  walletIds: string[],
  q: { direction?: "in" | "out"; status?: TransferStatus; cursor?: string; limit: number },
) {
  if (walletIds.length === 0) return { items: [], nextCursor: null };
  const conds: SQL[] = [
    q.direction === "in"
      ? sql`t.recipient_wallet_id in ${walletIds}`
      : q.direction === "out"
        ? sql`t.sender_wallet_id in ${walletIds}`
        : sql`(t.recipient_wallet_id in ${walletIds} or t.sender_wallet_id in ${walletIds})`,
  ];
  if (q.status) conds.push(sql`t.status = ${q.status}`);
  if (q.cursor) conds.push(sql`t.id < ${q.cursor}`);
  const rows = await transferFacts(db, sql.join(conds, sql` and `), sql`order by t.id desc limit ${q.limit + 1}`);
  const page = rows.slice(0, q.limit);
  return { items: page.map((f) => factsReceipt(f, walletIds)), nextCursor: rows.length > q.limit ? page[page.length - 1]!.t.id : null };
}
