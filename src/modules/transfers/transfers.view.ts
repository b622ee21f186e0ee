import { inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { persons } from "@/modules/identity/identity.schema";
import { eventsOf, type TransferRow } from "./transfers.repo";

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
  const ps = await db.select({ id: persons.id, maskedName: persons.maskedName }).from(persons).where(inArray(persons.id, [t.senderPersonId, t.recipientPersonId]));
  const name = (id: string) => ps.find((p) => p.id === id)?.maskedName ?? "*";
  const history = (await eventsOf(db, t.id)).map((e) => ({ status: e.status, at: e.at.toISOString() }));
  return receiptOf(t, { sender: name(t.senderPersonId), recipient: name(t.recipientPersonId) }, history, viewerWalletIds);
}
