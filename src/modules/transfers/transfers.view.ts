import { inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { persons } from "@/modules/identity/identity.schema";
import { eventsOf, type TransferRow } from "./transfers.repo";

/** The receipt: masked parties, regions, amount and the status history. */
export async function transferDto(db: DbOrTx, t: TransferRow, viewerWalletIds: string[]) {
  const ps = await db.select({ id: persons.id, maskedName: persons.maskedName }).from(persons).where(inArray(persons.id, [t.senderPersonId, t.recipientPersonId]));
  const name = (id: string) => ps.find((p) => p.id === id)?.maskedName ?? "*";
  const isSender = viewerWalletIds.includes(t.senderWalletId);
  const history = (await eventsOf(db, t.id)).map((e) => ({ status: e.status, at: e.at.toISOString() }));
  return {
    id: t.id,
    receiptNo: t.receiptNo,
    status: t.status,
    amountFen: t.amountFen,
    // Only the sender learns how their own sub-balances paid.
    ...(isSender ? { paidFrom: { ownFen: t.fromOwnFen, receivedFen: t.fromReceivedFen } } : {}),
    crossProvince: t.crossProvince,
    from: { maskedName: name(t.senderPersonId), regionCode: t.senderRegionCode },
    to: { maskedName: name(t.recipientPersonId), regionCode: t.recipientRegionCode },
    memo: t.memo,
    direction: isSender ? ("out" as const) : ("in" as const),
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt.toISOString(),
    decidedAt: t.decidedAt ? t.decidedAt.toISOString() : null,
    history,
  };
}
