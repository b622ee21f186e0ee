import { eq, sql } from "drizzle-orm";
import type { Ctx } from "@/ctx";
import { hashPassword, verifyPassword } from "@/lib/crypto";
import { DomainError } from "@/lib/problem";
import { rowsOf } from "@/lib/rows";
import { checkPaymentPassword } from "./password-rules";
import type { WalletRow } from "./wallet.repo";
import { wallets } from "./wallet.schema";

export const MAX_PASSWORD_FAILURES = 5;
export const PASSWORD_LOCK_HOURS = 24;

const WEAK: Record<string, [string, string]> = {
  format: ["支付密码须为6位数字", "The payment PIN must be 6 digits"],
  sequential: ["支付密码不能是连续数字", "The payment PIN cannot be a sequence of digits"],
  repeated: ["支付密码不能是相同的数字", "The payment PIN cannot repeat one digit"],
  birth_date: ["支付密码不能是出生日期", "The payment PIN cannot be your birth date"],
};

/** Refuses weak PINs, then hashes with PBKDF2 (salted, peppered). */
export async function newPasswordHash(ctx: Ctx, pin: string, birthDate: string): Promise<string> {
  const problem = checkPaymentPassword(pin, birthDate);
  if (problem) {
    const [zh, en] = WEAK[problem] ?? WEAK.format!;
    throw new DomainError("PASSWORD_WEAK", 422, zh, en, { reason: problem });
  }
  return hashPassword(pin, ctx.config.secrets.passwordPepper, ctx.config.passwordHashIterations);
}

export function passwordLocked(until: Date) {
  return new DomainError(
    "PASSWORD_LOCKED",
    423,
    "支付密码错误次数过多，已锁定24小时",
    "Too many wrong PINs: payments are locked for 24 hours",
    { lockedUntil: until.toISOString() },
  );
}

/**
 * Checks the payment PIN before any money lock is taken. Failures are counted atomically in their own
 * statement (they must stick even though the payment is refused); the fifth locks payments for 24 h.
 */
export async function verifyPaymentPassword(ctx: Ctx, wallet: WalletRow, pin: string): Promise<void> {
  const now = ctx.clock.now();
  if (wallet.passwordLockedUntil && wallet.passwordLockedUntil > now) throw passwordLocked(wallet.passwordLockedUntil);
  const ok = /^\d{6}$/.test(pin) && (await verifyPassword(pin, ctx.config.secrets.passwordPepper, wallet.passwordHash));
  if (ok) {
    if (wallet.passwordFailures > 0) {
      await ctx.db.update(wallets).set({ passwordFailures: 0, passwordLockedUntil: null }).where(eq(wallets.id, wallet.id));
    }
    return;
  }
  const lockUntil = new Date(now.getTime() + PASSWORD_LOCK_HOURS * 3600_000);
  const nowTs = sql`${now.toISOString()}::timestamptz`;
  const lockTs = sql`${lockUntil.toISOString()}::timestamptz`;
  const [row] = rowsOf<{ failures: number; locked_until: string | Date | null }>(
    await ctx.db.execute(sql`
      update wallets set
        password_failures = case when password_locked_until is not null and password_locked_until <= ${nowTs} then 1 else password_failures + 1 end,
        password_locked_until = case
          when (case when password_locked_until is not null and password_locked_until <= ${nowTs} then 1 else password_failures + 1 end) >= ${MAX_PASSWORD_FAILURES}
          then ${lockTs} else null end
      where id = ${wallet.id}
      returning password_failures as failures, password_locked_until as locked_until`),
  );
  const failures = Number(row?.failures ?? MAX_PASSWORD_FAILURES);
  ctx.log.warn("payment PIN wrong", { walletId: wallet.id, failures });
  if (failures >= MAX_PASSWORD_FAILURES) throw passwordLocked(lockUntil);
  const remaining = MAX_PASSWORD_FAILURES - failures;
  throw new DomainError("PASSWORD_WRONG", 422, `支付密码错误，还可以再试 ${remaining} 次`, `Wrong payment PIN; ${remaining} attempts left`, {
    remainingAttempts: remaining,
  });
}
