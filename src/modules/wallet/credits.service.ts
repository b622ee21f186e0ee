import { and, eq } from "drizzle-orm";
import type { Ctx } from "@/ctx";
import { hmacHex } from "@/lib/crypto";
import { newId } from "@/lib/ids";
import { lookupHash } from "@/lib/pii";
import { DomainError, errors } from "@/lib/problem";
import { recordAudit } from "@/modules/audit/audit.service";
import { findPersonByIdHash } from "@/modules/identity/identity.repo";
import { requireValidIdNumber } from "@/modules/identity/identity.service";
import { pools } from "@/modules/ledger/ledger.accounts";
import { post } from "@/modules/ledger/ledger.service";
import { canonicalJson, keyReused } from "@/modules/platform/idempotency";
import { creditDto, creditFast, type CreditInput } from "./credits.fast";
import { walletByPerson } from "./wallet.repo";
import { personalAccountCredits } from "./wallet.schema";

export function recipientNoWallet() {
  return new DomainError("RECIPIENT_NO_WALLET", 422, "该人员尚未开通医保钱包", "This person has not opened a wallet");
}

/**
 * A monthly personal-account credit (划入) from a region's core. Idempotent by (region, reference):
 * the credit row claims the reference in the same transaction as the ledger posting, so concurrent
 * duplicates wait for the first and then get its result.
 */
export async function creditPersonalAccount(
  ctx: Ctx,
  regionCode: string,
  input: CreditInput,
): Promise<{ status: 200 | 201; body: ReturnType<typeof creditDto> }> {
  const parsed = requireValidIdNumber(ctx, input.idNumber);
  const [requestHash, idHash] = await Promise.all([
    hmacHex(ctx.config.secrets.lookupHmac, canonicalJson({ ...input, idNumber: parsed.idNumber })),
    lookupHash(ctx.config.secrets.lookupHmac, "id", parsed.idNumber),
  ]);
  // One statement on the happy path and for a replay; everything else gets its exact answer below.
  return (await creditFast(ctx, regionCode, input, requestHash, idHash)) ?? creditChecked(ctx, regionCode, input, requestHash, idHash);
}

/** The step-by-step path: every refusal, and whatever the one-statement path leaves to it. */
export async function creditChecked(
  ctx: Ctx,
  regionCode: string,
  input: CreditInput,
  requestHash: string,
  idHash: string,
): Promise<{ status: 200 | 201; body: ReturnType<typeof creditDto> }> {
  const replay = async () => {
    const [r] = await ctx.db
      .select()
      .from(personalAccountCredits)
      .where(and(eq(personalAccountCredits.regionCode, regionCode), eq(personalAccountCredits.reference, input.reference)));
    if (!r) return null;
    if (r.requestHash !== requestHash) throw keyReused();
    return { status: 200 as const, body: creditDto(r) };
  };
  const first = await replay();
  if (first) return first;

  const person = await findPersonByIdHash(ctx.db, idHash);
  const wallet = person ? await walletByPerson(ctx.db, person.id) : undefined;
  if (!person || !wallet) throw recipientNoWallet();
  if (wallet.regionCode !== regionCode) throw errors.forbidden("该人员不属于本统筹区", "The person is not insured in this region");
  if (person.insurance !== "employee") {
    throw new DomainError("NOT_EMPLOYEE_INSURED", 422, "仅职工医保参保人有个人账户", "Only employee-insured persons have a personal account");
  }
  if (wallet.status === "closed") throw new DomainError("WALLET_NOT_ACTIVE", 422, "医保钱包已注销", "The wallet is closed");

  const now = ctx.clock.now();
  const result = await ctx.db.transaction(async (tx) => {
    const id = newId();
    const claimed = await tx
      .insert(personalAccountCredits)
      .values({ id, regionCode, reference: input.reference, walletId: wallet.id, amountFen: input.amountFen, period: input.period, journalTransactionId: id, requestHash, createdAt: now })
      .onConflictDoNothing()
      .returning();
    if (claimed.length === 0) return null;
    const { transactionId } = await post(tx, { kind: "personal_account_credit", reference: input.reference, businessAt: now, metadata: { period: input.period, counterparties: { [wallet.id]: "个人账户划入" } } }, [
      { accountId: pools.personalAccountFund(regionCode), amount: -input.amountFen },
      { accountId: wallet.ownAccountId, amount: input.amountFen },
    ]);
    // The row claims the reference before the posting exists; link it to the posting now.
    await tx.update(personalAccountCredits).set({ journalTransactionId: transactionId }).where(eq(personalAccountCredits.id, id));
    await recordAudit(tx, now, {
      actorType: "region",
      actorId: regionCode,
      action: "wallet.credit",
      subjectType: "wallet",
      subjectId: wallet.id,
      details: { amountFen: input.amountFen, period: input.period, reference: input.reference },
    });
    return { status: 201 as const, body: creditDto(claimed[0]!) };
  });
  return result ?? (await replay())!;
}
