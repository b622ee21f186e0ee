import { and, asc, eq, inArray, isNull, lte, ne, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Ctx } from "@/ctx";
import type { DbOrTx } from "@/db/client";
import { newId } from "@/lib/ids";
import { maskIdNumber } from "@/lib/mask";
import { unseal } from "@/lib/pii";
import { DomainError, errors } from "@/lib/problem";
import { recordAudit } from "@/modules/audit/audit.service";
import { conversationMessages, conversationReplies, conversations } from "@/modules/conversation/conversation.schema";
import { careAccess, familyQuotas } from "@/modules/family/family.schema";
import { persons, users } from "@/modules/identity/identity.schema";
import { requireVerifiedPerson, verifyFace } from "@/modules/identity/identity.service";
import { notifications } from "@/modules/notifications/notifications.schema";
import { premiumPayments } from "@/modules/premiums/premiums.schema";
import { bindings, invitations, regions } from "@/modules/relatives/relatives.schema";
import { merchants, settlements } from "@/modules/settlement/settlement.schema";
import { transfers } from "@/modules/transfers/transfers.schema";
import { personalAccountReturns } from "@/modules/wallet/closing.schema";
import { closureOfWallet } from "@/modules/wallet/closing.service";
import { walletBalances } from "@/modules/wallet/wallet.repo";
import { listEntries } from "@/modules/wallet/wallet.service";
import { wallets } from "@/modules/wallet/wallet.schema";
import { dataDeletions } from "./privacy.schema";

/** Anti-money-laundering law (反洗钱法, 2024, Art. 34): customer identity data kept 10 years after the relationship ends. */
const IDENTITY_RETENTION_YEARS = 10;
/** Accounting records (会计档案管理办法, Art. 14): vouchers and books kept 30 years. */
const FINANCIAL_RETENTION_YEARS = 30;

const EXPORT_FORMAT = "yibao-wallet-export/1" as const;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/**
 * Everything the wallet holds about the signed-in person (PIPL Art. 45), their own personal data
 * unsealed — for them only: relatives and counterparties appear masked, as everywhere else.
 */
export async function exportMyData(ctx: Ctx, userId: string) {
  const { person } = await requireVerifiedPerson(ctx, ctx.db, userId);
  const key = ctx.config.secrets.encryption;
  const [user] = await ctx.db.select().from(users).where(eq(users.id, userId));
  const [region] = await ctx.db.select({ name: regions.name }).from(regions).where(eq(regions.code, person.regionCode));
  const [wallet] = await ctx.db.select().from(wallets).where(eq(wallets.personId, person.id));

  let walletPart = null;
  let entries: Awaited<ReturnType<typeof listEntries>>["items"] = [];
  if (wallet) {
    walletPart = {
      id: wallet.id,
      status: wallet.status,
      regionCode: wallet.regionCode,
      usageRegionCode: wallet.usageRegionCode,
      openedBy: wallet.openedBy,
      openedAt: wallet.openedAt.toISOString(),
      closedAt: iso(wallet.closedAt),
      agreementVersion: wallet.agreementVersion,
      balances: await walletBalances(ctx.db, wallet),
      closure: await closureOfWallet(ctx.db, wallet.id),
    };
    for (let cursor: string | undefined; ; ) {
      const page = await listEntries(ctx, wallet, { cursor, limit: 500 });
      entries = entries.concat(page.items);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
  }

  const other = alias(persons, "other");
  const walletIds = wallet ? [wallet.id] : ["-"];
  const myTransfers = await ctx.db
    .select({ t: transfers, otherName: other.maskedName })
    .from(transfers)
    .innerJoin(
      other,
      sql`${other.id} = case when ${transfers.senderWalletId} = ${walletIds[0]} then ${transfers.recipientPersonId} else ${transfers.senderPersonId} end`,
    )
    .where(or(inArray(transfers.senderWalletId, walletIds), inArray(transfers.recipientWalletId, walletIds)))
    .orderBy(asc(transfers.createdAt), asc(transfers.id));
  const mySettlements = await ctx.db
    .select({ s: settlements, merchantName: merchants.name })
    .from(settlements)
    .innerJoin(merchants, eq(merchants.id, settlements.merchantId))
    .where(inArray(settlements.walletId, walletIds))
    .orderBy(asc(settlements.createdAt));
  const myPremiums = await ctx.db
    .select()
    .from(premiumPayments)
    .where(or(eq(premiumPayments.payerPersonId, person.id), eq(premiumPayments.beneficiaryPersonId, person.id)))
    .orderBy(asc(premiumPayments.createdAt));
  const myBindings = await ctx.db
    .select({ b: bindings, otherName: other.maskedName })
    .from(bindings)
    .innerJoin(
      other,
      sql`${other.id} = case when ${bindings.giverPersonId} = ${person.id} then ${bindings.relativePersonId} else ${bindings.giverPersonId} end`,
    )
    .where(or(eq(bindings.giverPersonId, person.id), eq(bindings.relativePersonId, person.id)))
    .orderBy(asc(bindings.createdAt));
  const myInvitations = await ctx.db
    .select({ i: invitations, otherName: other.maskedName })
    .from(invitations)
    .innerJoin(
      other,
      sql`${other.id} = case when ${invitations.inviterPersonId} = ${person.id} then ${invitations.inviteePersonId} else ${invitations.inviterPersonId} end`,
    )
    .where(or(eq(invitations.inviterPersonId, person.id), eq(invitations.inviteePersonId, person.id)))
    .orderBy(asc(invitations.createdAt));
  const myQuotas = await ctx.db
    .select()
    .from(familyQuotas)
    .where(or(eq(familyQuotas.giverPersonId, person.id), eq(familyQuotas.payerPersonId, person.id)));
  const myCare = await ctx.db
    .select()
    .from(careAccess)
    .where(or(eq(careAccess.personId, person.id), eq(careAccess.carerPersonId, person.id)));
  const myNotices = await ctx.db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(asc(notifications.id));
  const myConversations = await ctx.db
    .select()
    .from(conversations)
    .where(eq(conversations.userId, userId))
    .orderBy(asc(conversations.createdAt));
  const messages = myConversations.length
    ? await ctx.db
        .select()
        .from(conversationMessages)
        .where(
          inArray(
            conversationMessages.conversationId,
            myConversations.map((c) => c.id),
          ),
        )
        .orderBy(asc(conversationMessages.id))
    : [];

  const now = ctx.clock.now();
  await recordAudit(ctx.db, now, {
    actorType: "user",
    actorId: userId,
    action: "person.data_exported",
    subjectType: "person",
    subjectId: person.id,
  });
  const idNumber = await unseal(key, person.idEnc);
  return {
    format: EXPORT_FORMAT,
    exportedAt: now.toISOString(),
    person: {
      name: await unseal(key, person.nameEnc),
      idNumber,
      maskedIdNumber: maskIdNumber(idNumber),
      phone: person.phoneEnc ? await unseal(key, person.phoneEnc) : null,
      gender: person.gender,
      birthDate: person.birthDate,
      regionCode: person.regionCode,
      regionName: region?.name ?? person.regionCode,
      insurance: person.insurance,
    },
    account: {
      userId,
      provider: user!.provider,
      language: user!.language,
      createdAt: user!.createdAt.toISOString(),
      realNameAt: iso(user!.realNameAt),
    },
    wallet: walletPart,
    entries,
    transfers: myTransfers.map(({ t, otherName }) => ({
      id: t.id,
      receiptNo: t.receiptNo,
      direction: wallet && t.senderWalletId === wallet.id ? ("out" as const) : ("in" as const),
      counterpartyMaskedName: otherName,
      amountFen: t.amountFen,
      status: t.status,
      memo: t.memo,
      createdAt: t.createdAt.toISOString(),
      decidedAt: iso(t.decidedAt),
    })),
    settlements: mySettlements.map(({ s, merchantName }) => ({
      id: s.id,
      orderNo: s.orderNo,
      merchantName,
      amountFen: s.amountFen,
      paidFrom: { ownFen: s.fromOwnFen, receivedFen: s.fromReceivedFen, quotaFen: s.fromQuotaFen },
      refundedFen: s.refundedOwnFen + s.refundedReceivedFen + s.refundedQuotaFen,
      status: s.status,
      createdAt: s.createdAt.toISOString(),
    })),
    premiums: myPremiums.map((p) => ({
      receiptNo: p.receiptNo,
      kind: p.kind,
      year: p.year,
      regionCode: p.regionCode,
      amountFen: p.amountFen,
      role: p.payerPersonId === person.id ? ("payer" as const) : ("beneficiary" as const),
      createdAt: p.createdAt.toISOString(),
    })),
    relatives: myBindings.map(({ b, otherName }) => ({
      bindingId: b.id,
      relation: b.relation,
      role: b.giverPersonId === person.id ? ("giver" as const) : ("relative" as const),
      otherMaskedName: otherName,
      status: b.status,
      createdAt: b.createdAt.toISOString(),
      endedAt: iso(b.endedAt),
    })),
    invitations: myInvitations.map(({ i, otherName }) => ({
      id: i.id,
      relation: i.relation,
      role: i.inviterPersonId === person.id ? ("inviter" as const) : ("invitee" as const),
      otherMaskedName: otherName,
      status: i.status,
      createdAt: i.createdAt.toISOString(),
    })),
    quotas: myQuotas.map((q) => ({
      id: q.id,
      bindingId: q.bindingId,
      role: q.giverPersonId === person.id ? ("giver" as const) : ("payer" as const),
      year: q.year,
      annualFen: q.annualFen,
      perPaymentFen: q.perPaymentFen,
      usedFen: q.usedFen,
      status: q.status,
    })),
    careAccess: myCare.map((c) => ({
      id: c.id,
      bindingId: c.bindingId,
      role: c.personId === person.id ? ("holder" as const) : ("carer" as const),
      status: c.status,
    })),
    notifications: myNotices.map((n) => ({
      kind: n.kind,
      title: n.title,
      body: n.body,
      createdAt: n.createdAt.toISOString(),
      readAt: iso(n.readAt),
    })),
    conversations: myConversations.map((c) => ({
      id: c.id,
      flow: c.flow,
      status: c.status,
      createdAt: c.createdAt.toISOString(),
      messages: messages
        .filter((m) => m.conversationId === c.id)
        .map((m) => ({ role: m.role, text: m.text, createdAt: m.createdAt.toISOString() })),
    })),
  };
}

export type DeletionBlocker = "wallet_open" | "manages_wallets" | "returns_pending" | "active_bindings" | "pending_invitations";

const BLOCKER_TEXT: Record<DeletionBlocker, { zh: string; en: string }> = {
  wallet_open: { zh: "医保钱包尚未注销", en: "the wallet is not closed" },
  manages_wallets: { zh: "您还在代管亲属的医保钱包", en: "you still manage a relative's wallet" },
  returns_pending: { zh: "有退回个人账户的资金尚未到账", en: "money on its way to a personal account is not confirmed yet" },
  active_bindings: { zh: "还有共济亲属绑定", en: "a relative is still bound" },
  pending_invitations: { zh: "还有待处理的绑定邀请", en: "an invitation is still pending" },
};

async function deletionBlockers(db: DbOrTx, personId: string, userId: string): Promise<DeletionBlocker[]> {
  const out: DeletionBlocker[] = [];
  const [open] = await db
    .select({ id: wallets.id })
    .from(wallets)
    .where(and(eq(wallets.personId, personId), ne(wallets.status, "closed")));
  if (open) out.push("wallet_open");
  const [managed] = await db
    .select({ id: wallets.id })
    .from(wallets)
    .where(and(eq(wallets.managerUserId, userId), ne(wallets.personId, personId), ne(wallets.status, "closed")));
  if (managed) out.push("manages_wallets");
  const [ret] = await db
    .select({ id: personalAccountReturns.id })
    .from(personalAccountReturns)
    .where(and(eq(personalAccountReturns.personId, personId), eq(personalAccountReturns.status, "pending")));
  if (ret) out.push("returns_pending");
  const [b] = await db
    .select({ id: bindings.id })
    .from(bindings)
    .where(and(eq(bindings.status, "active"), or(eq(bindings.giverPersonId, personId), eq(bindings.relativePersonId, personId))));
  if (b) out.push("active_bindings");
  const [i] = await db
    .select({ id: invitations.id })
    .from(invitations)
    .where(
      and(eq(invitations.status, "pending"), or(eq(invitations.inviterPersonId, personId), eq(invitations.inviteePersonId, personId))),
    );
  if (i) out.push("pending_invitations");
  return out;
}

function deletionBlocked(reasons: DeletionBlocker[]) {
  return new DomainError(
    "DELETION_BLOCKED",
    422,
    `暂时不能删除个人信息：${reasons.map((r) => BLOCKER_TEXT[r].zh).join("；")}`,
    `Your personal data cannot be deleted yet: ${reasons.map((r) => BLOCKER_TEXT[r].en).join("; ")}`,
    { reasons },
  );
}

const ERASED = ["phone", "lookup_hashes", "login_link", "payment_pin", "guardian_commitment", "conversations", "notifications"] as const;

/**
 * Deletes the person's data (PIPL Art. 47) after the wallet is closed and nothing is pending, with a
 * fresh face check. Erased at once: phone, the look-up hashes (nobody can find the person by ID number,
 * name or phone any more), the link to the super-app login, the PIN hash, a guardian's commitment,
 * conversations and the inbox. Kept: the financial records (ledger, transfers, payments, premiums,
 * the audit log) with masked names and pseudonymous ids, for 30 years; the sealed ID number and name,
 * unreachable by any look-up, for 10 years, then erased by the privacy-retention job.
 */
export async function deleteMyData(ctx: Ctx, userId: string, faceToken: string) {
  const { person } = await requireVerifiedPerson(ctx, ctx.db, userId);
  const early = await deletionBlockers(ctx.db, person.id, userId);
  if (early.length) throw deletionBlocked(early);
  await verifyFace(ctx, await unseal(ctx.config.secrets.encryption, person.idEnc), faceToken);
  const now = ctx.clock.now();
  const retainUntil = new Date(now);
  retainUntil.setUTCFullYear(retainUntil.getUTCFullYear() + IDENTITY_RETENTION_YEARS);
  await ctx.db.transaction(async (tx) => {
    // Under the person's row lock: a binding, invitation or wallet created meanwhile is seen here.
    await tx.execute(sql`select id from persons where id = ${person.id} for update`);
    const blockers = await deletionBlockers(tx, person.id, userId);
    if (blockers.length) throw deletionBlocked(blockers);
    const [d] = await tx
      .insert(dataDeletions)
      .values({ id: newId(), personId: person.id, userId, deletedAt: now, retainUntil })
      .onConflictDoNothing()
      .returning();
    if (!d) throw errors.notFound("个人信息", "personal data");
    await tx
      .update(persons)
      .set({
        idHash: `erased:${person.id}`,
        nameHash: `erased:${person.id}`,
        phoneEnc: null,
        phoneHash: null,
        maskedPhone: null,
        updatedAt: now,
      })
      .where(eq(persons.id, person.id));
    await tx
      .update(users)
      .set({ subject: `deleted:${userId}`, personId: null })
      .where(eq(users.id, userId));
    await tx.update(wallets).set({ passwordHash: "erased", commitmentText: null }).where(eq(wallets.personId, person.id));
    const convs = tx.select({ id: conversations.id }).from(conversations).where(eq(conversations.userId, userId));
    await tx.delete(conversationReplies).where(inArray(conversationReplies.conversationId, convs));
    await tx.delete(conversationMessages).where(inArray(conversationMessages.conversationId, convs));
    await tx.delete(conversations).where(eq(conversations.userId, userId));
    await tx.delete(notifications).where(eq(notifications.userId, userId));
    await recordAudit(tx, now, {
      actorType: "user",
      actorId: userId,
      action: "person.data_deleted",
      subjectType: "person",
      subjectId: person.id,
      details: { erased: ERASED, retainUntil: retainUntil.toISOString() },
    });
  });
  const financialUntil = new Date(now);
  financialUntil.setUTCFullYear(financialUntil.getUTCFullYear() + FINANCIAL_RETENTION_YEARS);
  return {
    deletedAt: now.toISOString(),
    erased: [...ERASED],
    kept: [
      {
        what: "identity" as const,
        detail: "姓名和身份证号加密保存，任何查询都找不到，到期后删除",
        detailEn: "Name and ID number, sealed and unreachable by any look-up, erased when the period ends",
        law: "《中华人民共和国反洗钱法》第三十四条：客户身份资料在业务关系结束后至少保存十年",
        lawEn: "Anti-Money Laundering Law of the PRC, Art. 34: customer identity data kept at least 10 years after the relationship ends",
        until: retainUntil.toISOString(),
      },
      {
        what: "financial_records" as const,
        detail: "账务、转账、医药费结算、保费和审计记录，只保留脱敏姓名",
        detailEn: "Ledger, transfers, medical payments, premiums and the audit log, with masked names only",
        law: "《会计档案管理办法》第十四条：会计凭证、会计账簿保存三十年",
        lawEn: "Accounting Archives Management Measures, Art. 14: vouchers and books kept 30 years",
        until: financialUntil.toISOString(),
      },
    ],
  };
}

/** Erases the sealed identity kept under the legal hold once its period has ended. */
export async function purgeRetainedIdentities(ctx: Ctx): Promise<number> {
  const now = ctx.clock.now();
  const due = await ctx.db
    .select()
    .from(dataDeletions)
    .where(and(isNull(dataDeletions.sealedPurgedAt), lte(dataDeletions.retainUntil, now)))
    .limit(500);
  for (const d of due) {
    await ctx.db.transaction(async (tx) => {
      await tx.update(persons).set({ idEnc: "", nameEnc: "", updatedAt: now }).where(eq(persons.id, d.personId));
      await tx.update(dataDeletions).set({ sealedPurgedAt: now }).where(eq(dataDeletions.id, d.id));
      await recordAudit(tx, now, {
        actorType: "system",
        actorId: "privacy-retention",
        action: "person.identity_purged",
        subjectType: "person",
        subjectId: d.personId,
      });
    });
  }
  return due.length;
}
