import type { Ctx } from "@/ctx";
import { hmacHex } from "@/lib/crypto";
import { newId, randomCode } from "@/lib/ids";
import { type AuditEvent, recordAudit } from "@/modules/audit/audit.service";
import { requireVerifiedPerson } from "@/modules/identity/identity.service";
import { hitRateLimit } from "@/modules/platform/rate-limit";
import { walletById, type WalletRow } from "@/modules/wallet/wallet.repo";
import { requireOwnWallet } from "@/modules/wallet/wallet.service";
import { mayActForWallet } from "@/modules/wallet/wallet-powers";
import { expireEcodes } from "./settlement.repo";
import { settlementErrors } from "./settlement.errors";
import { ecodes } from "./settlement.schema";

export const ECODE_TTL_SECONDS = 60;
/** 31^24 ≈ 2^119 possibilities: a live code cannot be guessed within its minute. */
const ECODE_LENGTH = 24;

/** Keyed, so the stored hashes are useless to someone who reads the table but not the key. */
export function ecodeHash(ctx: Ctx, code: string): Promise<string> {
  return hmacHex(ctx.config.secrets.lookupHmac, `ecode:${code.trim().toUpperCase()}`);
}

/**
 * The wallet a code is for: my own, or (with `walletId`) one I manage — a guardian shows the code of
 * the minor whose wallet they opened. Anything else is a 404, like any other person's resource.
 */
async function walletForCode(ctx: Ctx, userId: string, walletId?: string): Promise<WalletRow> {
  if (!walletId) return (await requireOwnWallet(ctx, userId)).wallet;
  await requireVerifiedPerson(ctx, ctx.db, userId);
  const wallet = await walletById(ctx.db, walletId);
  // A guardian's powers end with the binding (wallet-powers.ts).
  if (!wallet || !(await mayActForWallet(ctx.db, userId, wallet.id))) throw settlementErrors.walletNotFound();
  return wallet;
}

export async function issueEcode(ctx: Ctx, userId: string, walletId?: string) {
  const wallet = await walletForCode(ctx, userId, walletId);
  return mintEcode(ctx, userId, wallet);
}

/**
 * A new code for a wallet the caller may show. With `audit`, the code's row and the audit row are
 * written together (a carer showing a relative's code: every such code is on record).
 */
export async function mintEcode(ctx: Ctx, userId: string, wallet: WalletRow, audit?: Omit<AuditEvent, "actorType" | "actorId">) {
  if (wallet.status !== "active") throw settlementErrors.walletNotActive("payer");
  // Generous: the mini-program refreshes the code every half minute while it is on screen.
  await hitRateLimit(ctx, `ecode:user:${userId}`, 300, 60);
  const code = randomCode(ECODE_LENGTH);
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + ECODE_TTL_SECONDS * 1000);
  const id = newId();
  const row = { id, codeHash: await ecodeHash(ctx, code), walletId: wallet.id, requestedByUserId: userId, createdAt: now, expiresAt };
  if (audit) {
    await ctx.db.transaction(async (tx) => {
      await tx.insert(ecodes).values(row);
      await recordAudit(tx, now, { actorType: "user", actorId: userId, ...audit, details: { ecodeId: id, ...audit.details } });
    });
  } else {
    await ctx.db.insert(ecodes).values(row);
  }
  return { code, expiresAt: expiresAt.toISOString(), walletId: wallet.id };
}

/** Scheduled job: expire codes past their minute (business time). */
export function expireEcodesJob(ctx: Ctx): Promise<number> {
  return expireEcodes(ctx.db, ctx.clock.now());
}
