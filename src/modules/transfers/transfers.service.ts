import type { Ctx } from "@/ctx";
import { newId, randomDigits } from "@/lib/ids";
import { splitPayment } from "@/lib/money";
import { isUniqueViolation } from "@/lib/pg-errors";
import { beijingDate } from "@/lib/time";
import { recordAudit } from "@/modules/audit/audit.service";
import { findPerson } from "@/modules/identity/identity.repo";
import { pools } from "@/modules/ledger/ledger.accounts";
import { insufficientFunds, lockAccounts, post } from "@/modules/ledger/ledger.service";
import { createNotifier } from "@/modules/notifications/notifications.service";
import { gated } from "@/modules/platform/admission";
import { findReplay, runIdempotent } from "@/modules/platform/idempotency";
import { requireActiveBindingFor } from "@/modules/relatives/bindings.service";
import { regionByCode, requirePolicy } from "@/modules/relatives/policy.service";
import { verifyPaymentPassword } from "@/modules/wallet/password";
import { walletByPerson } from "@/modules/wallet/wallet.repo";
import { requireOwnWallet } from "@/modules/wallet/wallet.service";
import { formatFen } from "@/lib/money";
import { checkTransferRequest, crossProvinceAllowed, transferExpiresAt } from "./transfer-rules";
import { transferErrors } from "./transfers.errors";
import { countSentOn, pendingOf, type TransferRow } from "./transfers.repo";
import { transferEvents, transfers } from "./transfers.schema";
import { settleExpiredFor } from "./transfers.settle";
import { transferDto } from "./transfers.view";
import { createTransferFast } from "./transfers.fast";

export interface CreateInput {
  bindingId: string;
  amountFen: number;
  paymentPassword: string;
  memo?: string;
}

/**
 * Creates a pending transfer and holds the sender's money (own first, then received) in flight.
 * Everything that can be refused without locks is checked first (PIN included); the transaction
 * then locks the sender's two sub-balances, which serialises this sender's payments so the daily
 * count and the split are exact; the partial unique index guarantees one pending transfer.
 */
export async function createTransfer(ctx: Ctx, userId: string, idempotencyKey: string, input: CreateInput) {
  return gated(ctx, async () => (await createTransferFast(ctx, userId, idempotencyKey, input)) ?? createTransferChecked(ctx, userId, idempotencyKey, input));
}

/** The step-by-step path: every rule with its own query. Taken whenever the fast path cannot decide. */
async function createTransferChecked(ctx: Ctx, userId: string, idempotencyKey: string, input: CreateInput) {
  const scope = `user:${userId}:transfer`;
  const request = { ...input, memo: input.memo ?? null };
  const replay = await findReplay<Awaited<ReturnType<typeof transferDto>>>(ctx, { scope, key: idempotencyKey, request });
  if (replay) return replay;

  const { wallet: sender, person } = await requireOwnWallet(ctx, userId);
  await settleExpiredFor(ctx, sender.id);
  if (sender.status !== "active") throw transferErrors.walletNotActive("sender");
  const { binding, relativePersonId } = await requireActiveBindingFor(ctx, ctx.db, person.id, input.bindingId);
  const recipient = await walletByPerson(ctx.db, relativePersonId);
  if (!recipient || recipient.status === "closed") throw transferErrors.recipientNoWallet();

  const now = ctx.clock.now();
  const today = beijingDate(now);
  const policy = await requirePolicy(ctx.db, sender.regionCode, today);
  const [fromRegion, toRegion] = await Promise.all([regionByCode(ctx.db, sender.regionCode), regionByCode(ctx.db, recipient.regionCode)]);
  const crossProvince = fromRegion?.provinceCode !== toRegion?.provinceCode;
  if (crossProvince) {
    const theirs = await requirePolicy(ctx.db, recipient.regionCode, today);
    if (!crossProvinceAllowed(policy, theirs)) throw transferErrors.crossProvince();
  }
  const limits = { ...policy, quietStart: policy.quietStart, quietEnd: policy.quietEnd };
  const early = checkTransferRequest({ amountFen: input.amountFen, now, sentToday: 0, limits });
  if (early) throw transferErrors.fromRefusal(early);
  if (await pendingOf(ctx.db, sender.id)) throw transferErrors.pending();
  await verifyPaymentPassword(ctx, sender, input.paymentPassword);

  const notifier = createNotifier(ctx);
  const recipientPerson = (await findPerson(ctx.db, relativePersonId))!;
  try {
    const result = await runIdempotent(ctx, { scope, key: idempotencyKey, request }, async (tx) => {
      const locked = await lockAccounts(tx, [sender.ownAccountId, sender.receivedAccountId]);
      const refusal = checkTransferRequest({ amountFen: input.amountFen, now, sentToday: await countSentOn(tx, sender.id, today), limits });
      if (refusal) throw transferErrors.fromRefusal(refusal);
      const split = splitPayment(input.amountFen, {
        ownFen: locked.get(sender.ownAccountId)!.balance,
        receivedFen: locked.get(sender.receivedAccountId)!.balance,
      });
      if (!split) throw insufficientFunds();
      const id = newId();
      const row: TransferRow = {
        id,
        receiptNo: `T${today.replace(/-/g, "")}${randomDigits(10)}`,
        bindingId: binding.id,
        senderWalletId: sender.id,
        recipientWalletId: recipient.id,
        senderPersonId: person.id,
        recipientPersonId: relativePersonId,
        amountFen: input.amountFen,
        fromOwnFen: split.ownFen,
        fromReceivedFen: split.receivedFen,
        status: "pending",
        crossProvince,
        senderRegionCode: sender.regionCode,
        recipientRegionCode: recipient.regionCode,
        memo: input.memo ?? null,
        createdAt: now,
        businessDate: today,
        expiresAt: transferExpiresAt(now),
        decidedAt: null,
      };
      // The transfer row first: a second pending transfer fails here, before any money moves.
      await tx.insert(transfers).values(row);
      const postings = [{ accountId: pools.transfersInFlight(), amount: input.amountFen }];
      if (split.ownFen) postings.push({ accountId: sender.ownAccountId, amount: -split.ownFen });
      if (split.receivedFen) postings.push({ accountId: sender.receivedAccountId, amount: -split.receivedFen });
      const { transactionId } = await post(
        tx,
        { kind: "transfer_hold", reference: id, businessAt: now, metadata: { counterparties: { [sender.id]: recipientPerson.maskedName } } },
        postings,
        { locked },
      );
      await tx.insert(transferEvents).values({ id: newId(), transferId: id, status: "pending", at: now, journalTransactionId: transactionId });
      await recordAudit(tx, now, {
        actorType: "user",
        actorId: userId,
        action: "transfer.create",
        subjectType: "transfer",
        subjectId: id,
        details: { amountFen: input.amountFen, fromOwnFen: split.ownFen, fromReceivedFen: split.receivedFen, crossProvince },
      });
      await notifier.add(tx, {
        userId: recipient.managerUserId,
        kind: "transfer.received",
        title: "您收到一笔共济转账",
        body: `${person.maskedName} 向您转账 ${formatFen(input.amountFen)}，请在次日06:00前确认收款`,
        data: { transferId: id },
      });
      return { status: 201, body: await transferDto(tx, row, [sender.id]) };
    });
    await notifier.flush();
    return result;
  } catch (e) {
    if (isUniqueViolation(e, "transfers_one_pending_uq")) throw transferErrors.pending();
    throw e;
  }
}
