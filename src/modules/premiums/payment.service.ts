import type { Ctx } from "@/ctx";
import { newId, randomDigits } from "@/lib/ids";
import { splitPayment } from "@/lib/money";
import { isUniqueViolation } from "@/lib/pg-errors";
import { beijingDate } from "@/lib/time";
import { recordAudit } from "@/modules/audit/audit.service";
import { pools } from "@/modules/ledger/ledger.accounts";
import { insufficientFunds, lockAccounts, post, type Posting } from "@/modules/ledger/ledger.service";
import { findReplay, runIdempotent, type StoredResult } from "@/modules/platform/idempotency";
import { verifyPaymentPassword } from "@/modules/wallet/password";
import { requireOwnWallet } from "@/modules/wallet/wallet.service";
import { resolveBeneficiary } from "./beneficiary";
import { windowOpen } from "./premium-rules";
import { premiumErrors } from "./premiums.errors";
import { lockBeneficiaryYear, paidReceipt } from "./premiums.repo";
import { premiumPayments, type PremiumKind } from "./premiums.schema";
import { requireSchedule } from "./quote.service";
import { tellRegistry } from "./registry-sync";

export interface PayInput {
  beneficiary: string;
  year: number;
  kind: PremiumKind;
  paymentPassword: string;
}

const KIND_LABEL: Record<PremiumKind, string> = { resident_medical: "居民医保缴费", long_term_care: "长期护理保险缴费" };

async function alreadyPaid(ctx: Ctx, personId: string, kind: PremiumKind, year: number) {
  const receipt = await paidReceipt(ctx.db, personId, kind, year);
  return receipt ? premiumErrors.alreadyPaid(receipt) : null;
}

/**
 * Pays a premium once per person, kind and year, whoever pays. The rules are checked and the PIN is
 * verified before the transaction (its failure count must stick); inside it, an advisory lock on the
 * beneficiary's year makes a concurrent second payer wait and then meet the first receipt, and the
 * unique index catches anything else. The registry is told only after commit.
 */
export async function payPremium(ctx: Ctx, userId: string, key: string, input: PayInput) {
  const idem = { scope: `user:${userId}:premium`, key, request: input };
  // A retry of a payment that went through gets its first answer, not "already paid".
  const stored = await findReplay<ReturnType<typeof paymentBody>>(ctx, idem);
  if (stored) return stored;

  const { wallet, person: payer } = await requireOwnWallet(ctx, userId);
  const ben = await resolveBeneficiary(ctx, ctx.db, payer, input.beneficiary);
  const schedule = await requireSchedule(ctx, ben, input.kind, input.year);
  if (!windowOpen(schedule, beijingDate(ctx.clock.now()))) {
    throw premiumErrors.windowClosed({ start: schedule.windowStart, end: schedule.windowEnd });
  }
  const paid = await alreadyPaid(ctx, ben.person.id, input.kind, input.year);
  if (paid) throw paid;
  if (wallet.status !== "active") throw premiumErrors.walletNotActive();
  await verifyPaymentPassword(ctx, wallet, input.paymentPassword);

  const now = ctx.clock.now();
  const amountFen = schedule.amountFen;
  let result: StoredResult<ReturnType<typeof paymentBody>>;
  try {
    result = await runIdempotent(ctx, idem, async (tx) => {
      await lockBeneficiaryYear(tx, ben.person.id, input.kind, input.year);
      const receipt = await paidReceipt(tx, ben.person.id, input.kind, input.year);
      if (receipt) throw premiumErrors.alreadyPaid(receipt);
      const locked = await lockAccounts(tx, [wallet.ownAccountId, wallet.receivedAccountId]);
      const split = splitPayment(amountFen, {
        ownFen: locked.get(wallet.ownAccountId)?.balance ?? 0,
        receivedFen: locked.get(wallet.receivedAccountId)?.balance ?? 0,
      });
      if (!split) throw insufficientFunds();

      const id = newId();
      const receiptNo = `PM${beijingDate(now).replace(/-/g, "")}${randomDigits(10)}`;
      const postings: Posting[] = [];
      if (split.ownFen) postings.push({ accountId: wallet.ownAccountId, amount: -split.ownFen });
      if (split.receivedFen) postings.push({ accountId: wallet.receivedAccountId, amount: -split.receivedFen });
      postings.push({ accountId: pools.premiumCollection(ben.person.regionCode), amount: amountFen });
      const { transactionId } = await post(
        tx,
        {
          kind: "premium_payment",
          reference: receiptNo,
          businessAt: now,
          metadata: {
            paymentId: id,
            premiumKind: input.kind,
            year: input.year,
            counterparties: { [wallet.id]: `${KIND_LABEL[input.kind]}（${ben.person.maskedName}）` },
          },
        },
        postings,
        { locked },
      );
      const [row] = await tx
        .insert(premiumPayments)
        .values({
          id,
          receiptNo,
          payerWalletId: wallet.id,
          payerPersonId: payer.id,
          payerUserId: userId,
          beneficiaryPersonId: ben.person.id,
          bindingId: ben.bindingId,
          kind: input.kind,
          year: input.year,
          regionCode: ben.person.regionCode,
          amountFen,
          fromOwnFen: split.ownFen,
          fromReceivedFen: split.receivedFen,
          journalTransactionId: transactionId,
          createdAt: now,
        })
        .returning();
      await recordAudit(tx, now, {
        actorType: "user",
        actorId: userId,
        action: "premium.pay",
        subjectType: "premium_payment",
        subjectId: id,
        details: { walletId: wallet.id, beneficiaryPersonId: ben.person.id, kind: input.kind, year: input.year, amountFen, ...split },
      });
      return { status: 201, body: paymentBody(row!, ben.person.maskedName, payer.maskedName) };
    });
  } catch (e) {
    if (isUniqueViolation(e, "premium_payments_one_per_year_uq"))
      throw (await alreadyPaid(ctx, ben.person.id, input.kind, input.year)) ?? e;
    throw e;
  }
  if (!result.replayed) await tellRegistry(ctx, result.body.id);
  return result;
}

function paymentBody(p: typeof premiumPayments.$inferSelect, beneficiaryMaskedName: string, payerMaskedName: string) {
  return {
    id: p.id,
    receiptNo: p.receiptNo,
    kind: p.kind,
    year: p.year,
    regionCode: p.regionCode,
    amountFen: p.amountFen,
    beneficiary: { maskedName: beneficiaryMaskedName },
    payer: { maskedName: payerMaskedName },
    paidFrom: { receivedFen: p.fromReceivedFen, ownFen: p.fromOwnFen },
    paidAt: p.createdAt.toISOString(),
  };
}
