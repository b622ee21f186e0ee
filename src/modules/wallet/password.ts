import { sql } from "drizzle-orm";
import type { Ctx } from "@/ctx";
import { hmacHex, toBase64Url, verifyPassword } from "@/lib/crypto";
import { DomainError } from "@/lib/problem";
import { rowsOf } from "@/lib/rows";
import { checkPaymentPassword } from "./password-rules";
import type { WalletRow } from "./wallet.repo";

const MAX_PASSWORD_FAILURES = 5;
const PASSWORD_LOCK_HOURS = 24;

const WEAK: Record<string, [string, string]> = {
  format: ["支付密码须为6位数字", "The payment PIN must be 6 digits"],
  sequential: ["支付密码不能是连续数字", "The payment PIN cannot be a sequence of digits"],
  repeated: ["支付密码不能是相同的数字", "The payment PIN cannot repeat one digit"],
  birth_date: ["支付密码不能是出生日期", "The payment PIN cannot be your birth date"],
};

/**
 * A payment PIN is verified as a keyed hash: HMAC-SHA-256 under `PIN_KEY`, a key kept outside the
 * database (in production a KMS/HSM key, as banks verify PINs under ISO 9564). A 6-digit PIN has
 * 10^6 values, so iterations would not stop offline guessing: the key and the lockout do.
 * Format `pin-hmac-sha256$<key version>$<salt>$<mac>`; older `pbkdf2-sha256$…` hashes are verified
 * once more the old way and re-hashed on their next successful check.
 */
const KEYED = "pin-hmac-sha256";
const KEY_VERSION = "1";

async function keyedHash(pinKey: string, pin: string, salt: string): Promise<string> {
  return `${KEYED}$${KEY_VERSION}$${salt}$${await hmacHex(pinKey, `${salt}$${pin}`)}`;
}

/** A new salted hash of a PIN under the PIN key (also what bulk loads write). */
export async function keyedPinHash(pinKey: string, pin: string): Promise<string> {
  return keyedHash(pinKey, pin, toBase64Url(crypto.getRandomValues(new Uint8Array(16))));
}

const newKeyedHash = (ctx: Ctx, pin: string) => keyedPinHash(ctx.config.secrets.pinKey, pin);

/** Refuses weak PINs, then hashes under the PIN key. */
export async function newPasswordHash(ctx: Ctx, pin: string, birthDate: string): Promise<string> {
  const problem = checkPaymentPassword(pin, birthDate);
  if (problem) {
    const [zh, en] = WEAK[problem] ?? WEAK.format!;
    throw new DomainError("PASSWORD_WEAK", 422, zh, en, { reason: problem });
  }
  return newKeyedHash(ctx, pin);
}

function passwordLocked(until: Date) {
  return new DomainError(
    "PASSWORD_LOCKED",
    423,
    "支付密码错误次数过多，已锁定24小时",
    "Too many wrong PINs: payments are locked for 24 hours",
    { lockedUntil: until.toISOString() },
  );
}

function passwordWrong(failures: number) {
  const remaining = MAX_PASSWORD_FAILURES - failures;
  return new DomainError(
    "PASSWORD_WRONG",
    422,
    `支付密码错误，还可以再试 ${remaining} 次`,
    `Wrong payment PIN; ${remaining} attempts left`,
    {
      remainingAttempts: remaining,
    },
  );
}

interface Checked {
  pin_clean: boolean | null;
  pin_claimed: boolean;
  pin_ok: boolean | null;
  pin_failures: number | null;
  pin_locked_until: string | Date | null;
}

/**
 * Checks the payment PIN as one atomic step, before any money lock is taken: whatever the parallelism,
 * at most MAX_PASSWORD_FAILURES wrong PINs are ever evaluated, and after the fifth a right one is
 * refused until the lock ends.
 *
 * Keyed hashes: one statement. The candidate hash is computed here from the stored salt; the database
 * compares it with the stored hash and, in the same UPDATE whose WHERE refuses a locked row (judged on
 * the row's latest version, under its row lock), counts a failure or clears the count. A right PIN on
 * a clean row writes nothing.
 *
 * Old PBKDF2 hashes: the attempt is claimed first (counted as a failure, and the lock set if it is the
 * fifth, in one UPDATE that refuses a locked row), then verified the slow way; a right PIN clears the
 * count and re-hashes under the key.
 */
export async function verifyPaymentPassword(ctx: Ctx, wallet: Pick<WalletRow, "id" | "passwordHash">, pin: string): Promise<void> {
  const check = await pinCheckSql(ctx, wallet, pin);
  if (check) {
    const [r] = rowsOf<Record<string, unknown>>(await ctx.db.execute(sql`with ${sql.join(check.ctes, sql`, `)} select ${check.select}`));
    return pinOutcome(ctx, wallet, r);
  }
  return verifyOldHash(ctx, wallet, pin);
}

/**
 * The keyed check as parts of a statement, so a payment can check its PIN in its own statement: CTEs
 * `pin_cur` and `pin_upd`, `ok` (the PIN is right and the wallet not locked: true only then) and the
 * result columns that `pinOutcome` reads. Null for an old PBKDF2 hash (verifyPaymentPassword first).
 */
export async function pinCheckSql(ctx: Ctx, wallet: Pick<WalletRow, "id" | "passwordHash">, pin: string) {
  const [alg, , salt] = (wallet.passwordHash ?? "").split("$");
  if (alg !== KEYED || !salt) return null;
  const { lockTs, next, unlocked } = pinTerms(ctx);
  const candidate = /^\d{6}$/.test(pin) ? await keyedHash(ctx.config.secrets.pinKey, pin, salt) : "-";
  return {
    ctes: [
      sql`pin_cur as materialized (
          select w.password_hash = ${candidate} and w.password_failures = 0 and w.password_locked_until is null as clean from wallets w where w.id = ${wallet.id}
        )`,
      sql`pin_upd as (
          update wallets w set
            password_failures = case when w.password_hash = ${candidate} then 0 else ${next} end,
            password_locked_until = case when w.password_hash = ${candidate} then null when ${next} >= ${MAX_PASSWORD_FAILURES} then ${lockTs} else null end
          where w.id = ${wallet.id} and ${unlocked} and not coalesce((select clean from pin_cur), false)
          returning w.password_hash = ${candidate} as ok, w.password_failures as failures, w.password_locked_until as locked_until
        )`,
    ],
    ok: sql`(coalesce((select clean from pin_cur), false) or coalesce((select ok from pin_upd), false))`,
    select: sql`(select clean from pin_cur) as pin_clean, exists (select 1 from pin_upd) as pin_claimed, (select ok from pin_upd) as pin_ok,
          (select failures from pin_upd) as pin_failures, (select locked_until from pin_upd) as pin_locked_until`,
  };
}

/** What a keyed check's columns say: nothing when the PIN was right, else PASSWORD_WRONG or PASSWORD_LOCKED. */
export async function pinOutcome(ctx: Ctx, wallet: Pick<WalletRow, "id">, row: Record<string, unknown> | undefined): Promise<void> {
  const r = row as Partial<Checked> | undefined;
  if (r?.pin_clean) return;
  if (!r?.pin_claimed) throw await lockedNow(ctx, wallet.id, ctx.clock.now());
  if (r.pin_ok) return;
  const failures = Number(r.pin_failures);
  ctx.log.warn("payment PIN wrong", { walletId: wallet.id, failures });
  if (failures >= MAX_PASSWORD_FAILURES) throw passwordLocked(new Date(r.pin_locked_until!));
  throw passwordWrong(failures);
}

function pinTerms(ctx: Ctx) {
  const now = ctx.clock.now();
  const nowTs = sql`${now.toISOString()}::timestamptz`;
  const lockTs = sql`${new Date(now.getTime() + PASSWORD_LOCK_HOURS * 3600_000).toISOString()}::timestamptz`;
  // A lock that has ended starts the count again.
  const next = sql`(case when w.password_locked_until is not null and w.password_locked_until <= ${nowTs} then 1 else w.password_failures + 1 end)`;
  const unlocked = sql`(w.password_locked_until is null or w.password_locked_until <= ${nowTs})`;
  return { now, nowTs, lockTs, next, unlocked };
}

async function verifyOldHash(ctx: Ctx, wallet: Pick<WalletRow, "id" | "passwordHash">, pin: string): Promise<void> {
  const { now, lockTs, next, unlocked } = pinTerms(ctx);
  const formatOk = /^\d{6}$/.test(pin);
  // An old PBKDF2 hash: claim the attempt, then verify it the slow way.
  const [claim] = rowsOf<{ failures: number; locked_until: string | Date | null }>(
    await ctx.db.execute(sql`
      update wallets w set password_failures = ${next},
        password_locked_until = case when ${next} >= ${MAX_PASSWORD_FAILURES} then ${lockTs} else null end
      where w.id = ${wallet.id} and ${unlocked}
      returning w.password_failures as failures, w.password_locked_until as locked_until`),
  );
  if (!claim) throw await lockedNow(ctx, wallet.id, now);
  const ok = formatOk && !!wallet.passwordHash && (await verifyPassword(pin, ctx.config.secrets.passwordPepper, wallet.passwordHash));
  if (ok) {
    const rehashed = await newKeyedHash(ctx, pin);
    await ctx.db.execute(sql`
      update wallets set password_failures = 0, password_locked_until = null,
        password_hash = case when password_hash = ${wallet.passwordHash} then ${rehashed} else password_hash end
      where id = ${wallet.id}`);
    return;
  }
  const failures = Number(claim.failures);
  ctx.log.warn("payment PIN wrong", { walletId: wallet.id, failures });
  if (failures >= MAX_PASSWORD_FAILURES) throw passwordLocked(new Date(claim.locked_until!));
  throw passwordWrong(failures);
}

async function lockedNow(ctx: Ctx, walletId: string, now: Date) {
  const [r] = rowsOf<{ locked_until: string | Date | null }>(
    await ctx.db.execute(sql`select password_locked_until as locked_until from wallets where id = ${walletId}`),
  );
  return passwordLocked(r?.locked_until ? new Date(r.locked_until) : new Date(now.getTime() + PASSWORD_LOCK_HOURS * 3600_000));
}
