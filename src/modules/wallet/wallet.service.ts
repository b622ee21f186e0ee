import { and, desc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { Ctx } from "@/ctx";
import type { DbOrTx } from "@/db/client";
import { newId } from "@/lib/ids";
import { maskPhone } from "@/lib/mask";
import { lookupHash, seal } from "@/lib/pii";
import { isUniqueViolation } from "@/lib/pg-errors";
import { DomainError } from "@/lib/problem";
import { monthRange } from "@/lib/time";
import { recordAudit } from "@/modules/audit/audit.service";
import { persons } from "@/modules/identity/identity.schema";
import type { PersonRow } from "@/modules/identity/identity.repo";
import { notInsured, requireVerifiedPerson, revealIdNumber, verifyFace } from "@/modules/identity/identity.service";
import { pools } from "@/modules/ledger/ledger.accounts";
import { journalEntries, journalTransactions } from "@/modules/ledger/ledger.schema";
import { createUserAccount, post } from "@/modules/ledger/ledger.service";
import { regions } from "@/modules/relatives/relatives.schema";
import { merchants, settlementRefunds, settlements } from "@/modules/settlement/settlement.schema";
import { settleExpiredFor } from "@/modules/transfers/transfers.settle";
import { ACCEPTED_AGREEMENT_VERSIONS } from "./agreement";
import { closeWallet, closureOfWallet, requireClosable } from "./closing.service";
import { newPasswordHash, verifyPaymentPassword } from "./password";
import { balancesOf, walletBalances, walletByPerson, walletViewOfUser, type WalletBalances, type WalletRow } from "./wallet.repo";
import { wallets } from "./wallet.schema";

export function walletNotOpen() {
  return new DomainError("WALLET_NOT_OPEN", 404, "尚未开通医保钱包", "The medical insurance wallet is not open yet");
}

export async function walletDto(db: DbOrTx, w: WalletRow, insurance: PersonRow["insurance"]) {
  return walletView(w, insurance, await walletBalances(db, w));
}

type WalletViewFields = Pick<WalletRow, "id" | "status" | "regionCode" | "usageRegionCode" | "openedBy" | "openedAt">;

function walletView(w: WalletViewFields, insurance: PersonRow["insurance"], balances: WalletBalances) {
  return {
    id: w.id,
    status: w.status,
    regionCode: w.regionCode,
    usageRegionCode: w.usageRegionCode,
    openedBy: w.openedBy,
    openedAt: w.openedAt.toISOString(),
    hasOwnFunds: insurance === "employee",
    balances,
  };
}

async function requireRegion(db: DbOrTx, code: string) {
  const [r] = await db.select().from(regions).where(eq(regions.code, code));
  if (!r) throw new DomainError("REGION_UNKNOWN", 422, "未知的统筹区", "Unknown pooling region");
}

export interface OpenInput {
  agreementVersion: string;
  paymentPassword: string;
  usageRegionCode?: string;
  phone?: string;
}

/**
 * Creates a wallet with its two sub-balances. An employee-insured person's own funds open at the
 * personal-account balance their region's core reports, booked from that region's fund.
 */
export async function createWallet(
  ctx: Ctx,
  person: PersonRow,
  managerUserId: string,
  input: OpenInput & { openedBy: "self" | "guardian"; commitmentText?: string },
): Promise<WalletRow> {
  if (person.insurance === "none") throw notInsured();
  if (!ACCEPTED_AGREEMENT_VERSIONS.includes(input.agreementVersion)) {
    throw new DomainError("AGREEMENT_OUTDATED", 422, "请阅读并同意最新版本的钱包服务协议", "Accept the current wallet agreement", {
      currentVersion: ACCEPTED_AGREEMENT_VERSIONS[0],
    });
  }
  const usageRegionCode = input.usageRegionCode ?? person.regionCode;
  await requireRegion(ctx.db, usageRegionCode);
  const existing = await walletByPerson(ctx.db, person.id);
  if (existing) throw walletExists(existing);
  const passwordHash = await newPasswordHash(ctx, input.paymentPassword, person.birthDate);
  const openingFen =
    person.insurance === "employee" ? await ctx.adapters.registry.personalAccountBalance(await revealIdNumber(ctx, person)) : 0;
  const now = ctx.clock.now();

  try {
    return await ctx.db.transaction(async (tx) => {
      const walletId = newId();
      const ownAccountId = await createUserAccount(tx, "wallet_own", walletId, person.regionCode);
      const receivedAccountId = await createUserAccount(tx, "wallet_received", walletId, person.regionCode);
      const [w] = await tx
        .insert(wallets)
        .values({
          id: walletId,
          personId: person.id,
          managerUserId,
          openedBy: input.openedBy,
          regionCode: person.regionCode,
          usageRegionCode,
          agreementVersion: input.agreementVersion,
          ownAccountId,
          receivedAccountId,
          passwordHash,
          commitmentText: input.commitmentText ?? null,
          openedAt: now,
        })
        .returning();
      if (input.phone) {
        const keys = ctx.config.secrets;
        await tx
          .update(persons)
          .set({
            phoneEnc: await seal(keys.encryption, input.phone),
            phoneHash: await lookupHash(keys.lookupHmac, "phone", input.phone),
            maskedPhone: maskPhone(input.phone),
          })
          .where(eq(persons.id, person.id));
      }
      if (openingFen > 0) {
        await post(
          tx,
          { kind: "wallet_opening", reference: walletId, businessAt: now, metadata: { counterparties: { [walletId]: "个人账户" } } },
          [
            { accountId: pools.personalAccountFund(person.regionCode), amount: -openingFen },
            { accountId: ownAccountId, amount: openingFen },
          ],
        );
      }
      await recordAudit(tx, now, {
        actorType: "user",
        actorId: managerUserId,
        action: input.openedBy === "self" ? "wallet.open" : "wallet.open_by_guardian",
        subjectType: "wallet",
        subjectId: walletId,
        details: { openingFen, regionCode: person.regionCode, usageRegionCode },
      });
      return w!;
    });
  } catch (e) {
    if (isUniqueViolation(e, "wallets_person_uq")) throw walletExists(await walletByPerson(ctx.db, person.id));
    throw e;
  }
}

/**
 * Why a person who has a wallet row cannot open another: it is open, or it was closed. A person has
 * one wallet for good (its ledger and receipts stay), so a closed one is not opened again online.
 */
function walletExists(existing: { status: string } | null | undefined) {
  if (existing?.status === "closed") {
    return new DomainError(
      "WALLET_CLOSED",
      409,
      "医保钱包已注销，不能在线重新开通；如需帮助请联系客服",
      "This wallet was closed and cannot be opened again online; customer service can help",
    );
  }
  return new DomainError("WALLET_ALREADY_OPEN", 409, "医保钱包已开通", "The wallet is already open");
}

export async function openOwnWallet(ctx: Ctx, userId: string, input: OpenInput & { faceToken: string }) {
  const { person } = await requireVerifiedPerson(ctx, ctx.db, userId);
  const existing = await walletByPerson(ctx.db, person.id);
  if (existing) throw walletExists(existing);
  await verifyFace(ctx, await revealIdNumber(ctx, person), input.faceToken);
  const w = await createWallet(ctx, person, userId, { ...input, openedBy: "self" });
  return { wallet: await walletDto(ctx.db, w, person.insurance) };
}

/** The signed-in user's own wallet row and person, or 404 WALLET_NOT_OPEN / 422 REAL_NAME_REQUIRED. */
export async function requireOwnWallet(ctx: Ctx, userId: string): Promise<{ wallet: WalletRow; person: PersonRow }> {
  const { person } = await requireVerifiedPerson(ctx, ctx.db, userId);
  const wallet = await walletByPerson(ctx.db, person.id);
  if (!wallet) throw walletNotOpen();
  return { wallet, person };
}

/**
 * One round trip when the user has a wallet and nothing of it is due to be returned; anything else
 * (no user, no real name, no wallet, an expired transfer to return first) takes the step-by-step path,
 * which gives the exact error or returns the transfer before reading the balances.
 */
export async function getOwnWallet(ctx: Ctx, userId: string) {
  const v = await walletViewOfUser(ctx.db, userId, ctx.clock.now());
  if (v?.personId && v.insurance && v.id && v.status && v.regionCode && v.usageRegionCode && v.openedBy && v.openedAt && v.due === false) {
    const { id, status, regionCode, usageRegionCode, openedBy, openedAt } = v;
    return walletView({ id, status, regionCode, usageRegionCode, openedBy, openedAt }, v.insurance, balancesOf(v));
  }
  return getOwnWalletStepByStep(ctx, userId);
}

async function getOwnWalletStepByStep(ctx: Ctx, userId: string) {
  const { wallet, person } = await requireOwnWallet(ctx, userId);
  await settleExpiredFor(ctx, wallet.id);
  return walletDto(ctx.db, wallet, person.insurance);
}

export async function changePassword(ctx: Ctx, userId: string, oldPin: string, newPin: string) {
  const { wallet, person } = await requireOwnWallet(ctx, userId);
  await verifyPaymentPassword(ctx, wallet, oldPin);
  if (oldPin === newPin)
    throw new DomainError("PASSWORD_UNCHANGED", 422, "新密码不能与原密码相同", "The new PIN must differ from the old one");
  const passwordHash = await newPasswordHash(ctx, newPin, person.birthDate);
  await ctx.db.transaction(async (tx) => {
    await tx.update(wallets).set({ passwordHash, passwordFailures: 0, passwordLockedUntil: null }).where(eq(wallets.id, wallet.id));
    await recordAudit(tx, ctx.clock.now(), {
      actorType: "user",
      actorId: userId,
      action: "wallet.password_changed",
      subjectType: "wallet",
      subjectId: wallet.id,
    });
  });
}

type EntryLine = {
  id: string;
  at: string;
  kind: string;
  amountFen: number;
  balanceKind: "own" | "received" | "quota";
  balanceAfterFen: number | null;
  counterparty: string | null;
  reference: string | null;
  settlementId: string | null;
  totalFen: number | null;
  quotaFen: number | null;
};

/**
 * Statement lines of both sub-balances, newest first, by month, with a cursor (the line id). A medical
 * payment the holder made that relatives' allowances (共济额度) paid in full moves nothing of theirs, so
 * it has no ledger entry of this wallet: it is still a line of their statement (amount 0, balance kind
 * `quota`, the total and the allowances' part), and so is a refund that went back to allowances only.
 * Three queries per page whatever its size; the ids (ULIDs of one generator) order all lines in time.
 */
export async function listEntries(ctx: Ctx, wallet: WalletRow, q: { month?: string; cursor?: string; limit: number }) {
  const range = q.month ? monthRange(q.month) : null;
  const conds = [inArray(journalEntries.accountId, [wallet.ownAccountId, wallet.receivedAccountId])];
  if (range) conds.push(gte(journalEntries.businessAt, range.from), lt(journalEntries.businessAt, range.to));
  if (q.cursor) conds.push(lt(journalEntries.id, q.cursor));
  const sConds = [eq(settlements.walletId, wallet.id), sql`${settlements.fromOwnFen} + ${settlements.fromReceivedFen} = 0`];
  if (range) sConds.push(gte(settlements.createdAt, range.from), lt(settlements.createdAt, range.to));
  if (q.cursor) sConds.push(lt(settlements.id, q.cursor));
  const rConds = [eq(settlements.walletId, wallet.id), sql`${settlementRefunds.toOwnFen} + ${settlementRefunds.toReceivedFen} = 0`];
  if (range) rConds.push(gte(settlementRefunds.createdAt, range.from), lt(settlementRefunds.createdAt, range.to));
  if (q.cursor) rConds.push(lt(settlementRefunds.id, q.cursor));
  const [rows, paid, refunded] = await Promise.all([
    ctx.db
      .select({ e: journalEntries, t: journalTransactions })
      .from(journalEntries)
      .innerJoin(journalTransactions, eq(journalTransactions.id, journalEntries.transactionId))
      .where(and(...conds))
      .orderBy(desc(journalEntries.id))
      .limit(q.limit + 1),
    ctx.db
      .select({ s: settlements, merchantName: merchants.name })
      .from(settlements)
      .innerJoin(merchants, eq(merchants.id, settlements.merchantId))
      .where(and(...sConds))
      .orderBy(desc(settlements.id))
      .limit(q.limit + 1),
    ctx.db
      .select({ r: settlementRefunds, merchantName: merchants.name })
      .from(settlementRefunds)
      .innerJoin(settlements, eq(settlements.id, settlementRefunds.settlementId))
      .innerJoin(merchants, eq(merchants.id, settlementRefunds.merchantId))
      .where(and(...rConds))
      .orderBy(desc(settlementRefunds.id))
      .limit(q.limit + 1),
  ]);
  const lines: EntryLine[] = [
    ...rows.map(({ e, t }) => {
      const meta = (t.metadata ?? {}) as { counterparties?: Record<string, string>; settlementId?: string };
      const counterparties = meta.counterparties ?? {};
      return {
        id: e.id,
        at: e.businessAt.toISOString(),
        kind: t.kind,
        amountFen: e.amount,
        balanceKind: e.accountId === wallet.ownAccountId ? ("own" as const) : ("received" as const),
        balanceAfterFen: e.balanceAfter ?? 0,
        counterparty: counterparties[wallet.id] ?? null,
        reference: t.reference,
        settlementId: typeof meta.settlementId === "string" ? meta.settlementId : null,
        totalFen: null,
        quotaFen: null,
      };
    }),
    ...paid.map(({ s, merchantName }) => ({
      id: s.id,
      at: s.createdAt.toISOString(),
      kind: "medical_settlement",
      amountFen: 0,
      balanceKind: "quota" as const,
      balanceAfterFen: null,
      counterparty: merchantName,
      reference: s.orderNo,
      settlementId: s.id,
      totalFen: -s.amountFen,
      quotaFen: -s.fromQuotaFen,
    })),
    ...refunded.map(({ r, merchantName }) => ({
      id: r.id,
      at: r.createdAt.toISOString(),
      kind: "medical_refund",
      amountFen: 0,
      balanceKind: "quota" as const,
      balanceAfterFen: null,
      counterparty: `${merchantName}（退款）`,
      reference: r.refundNo,
      settlementId: r.settlementId,
      totalFen: r.amountFen,
      quotaFen: r.toQuotaFen,
    })),
  ].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const page = lines.slice(0, q.limit);
  return { items: page, nextCursor: lines.length > q.limit ? page[page.length - 1]!.id : null };
}

/**
 * Closing: whatever the wallet holds goes back where it came from (closing.service.ts); the answer says
 * where each part went.
 */
/** The refusals closing would meet before the PIN (`requireClosable`), for the chat to say first. */
export async function requireOwnWalletClosable(ctx: Ctx, userId: string): Promise<void> {
  const { wallet } = await requireOwnWallet(ctx, userId);
  await requireClosable(ctx, wallet);
}

export async function closeOwnWallet(ctx: Ctx, userId: string, pin: string) {
  const { wallet, person } = await requireOwnWallet(ctx, userId);
  const closure = await closeWallet(ctx, userId, wallet, person.maskedName, pin);
  const [closed] = await ctx.db.select().from(wallets).where(eq(wallets.id, wallet.id));
  return { ...(await walletDto(ctx.db, closed!, person.insurance)), closure };
}

/** Where a closed wallet's money went (404 while the wallet is open). */
export async function ownClosure(ctx: Ctx, userId: string) {
  const { wallet } = await requireOwnWallet(ctx, userId);
  const closure = await closureOfWallet(ctx.db, wallet.id);
  if (!closure) throw new DomainError("NOT_FOUND", 404, "钱包没有注销记录", "The wallet has not been closed");
  return closure;
}

/** The usage location (使用地) can be changed later to any pooling region the wallet serves. */
export async function changeUsageRegion(ctx: Ctx, userId: string, usageRegionCode: string) {
  const { wallet, person } = await requireOwnWallet(ctx, userId);
  await requireRegion(ctx.db, usageRegionCode);
  await ctx.db.transaction(async (tx) => {
    await tx.update(wallets).set({ usageRegionCode }).where(eq(wallets.id, wallet.id));
    await recordAudit(tx, ctx.clock.now(), {
      actorType: "user",
      actorId: userId,
      action: "wallet.usage_region",
      subjectType: "wallet",
      subjectId: wallet.id,
      details: { usageRegionCode },
    });
  });
  return walletDto(ctx.db, { ...wallet, usageRegionCode }, person.insurance);
}
