import { eq } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "@/app-env";
import { decryptText, timingSafeEqual } from "@/lib/crypto";
import { DomainError, errors } from "@/lib/problem";
import { signRequest } from "@/lib/signing";
import { apiKeys, requestNonces } from "./platform.schema";
import { verifyToken } from "./tokens";

function bearer(header: string | undefined): string | null {
  const m = header?.match(/^Bearer\s+(\S+)$/i);
  return m?.[1] ?? null;
}

/** Users of the mini-programs: a valid user session token, else 401. */
export const requireUser: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = bearer(c.req.header("authorization"));
  const claims = token ? await verifyToken(c.get("ctx").config.secrets.token, token, "user") : null;
  if (!claims) throw errors.unauthenticated();
  c.set("user", { userId: claims.sub });
  await next();
};

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;

/** Money-moving user POSTs must carry an Idempotency-Key (1–128 printable characters). */
export const requireIdempotencyKey: MiddlewareHandler<AppEnv> = async (c, next) => {
  const key = c.req.header("idempotency-key");
  if (!key || !IDEMPOTENCY_KEY.test(key)) {
    throw new DomainError(
      "IDEMPOTENCY_KEY_REQUIRED",
      400,
      "缺少或无效的 Idempotency-Key 请求头（1–128 个可打印字符）",
      "An Idempotency-Key header of 1–128 printable characters is required",
    );
  }
  c.set("idempotencyKey", key);
  await next();
};

const CLOCK_SKEW_SECONDS = 300;

function signatureInvalid(reasonEn: string) {
  return new DomainError("SIGNATURE_INVALID", 401, "请求签名无效", `The request signature is not valid: ${reasonEn}`);
}

/**
 * Merchants and region systems sign every call (API.md). Checked in order: headers, timestamp window
 * (real time), key, signature over the raw body; only then is the nonce spent, so a forged request
 * cannot burn someone else's nonce.
 */
export function requireSignature(kind: "merchant" | "region"): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const ctx = c.get("ctx");
    const keyId = c.req.header("x-key-id");
    const timestamp = c.req.header("x-timestamp");
    const nonce = c.req.header("x-nonce");
    const signature = c.req.header("x-signature");
    if (!keyId || !timestamp || !nonce || !signature) throw signatureInvalid("missing signature headers");
    if (!/^\d{1,12}$/.test(timestamp) || nonce.length > 128) throw signatureInvalid("malformed headers");
    if (Math.abs(Math.floor(Date.now() / 1000) - Number(timestamp)) > CLOCK_SKEW_SECONDS) {
      throw signatureInvalid("timestamp outside the ±300 s window");
    }
    const [key] = await ctx.db.select().from(apiKeys).where(eq(apiKeys.keyId, keyId));
    if (!key || key.revokedAt || key.kind !== kind) throw signatureInvalid("unknown key");
    const secret = await decryptText(ctx.config.secrets.encryption, key.secretEnc);
    const body = await c.req.text();
    const expected = await signRequest(secret, { method: c.req.method, path: c.req.path, timestamp, nonce, body });
    if (!timingSafeEqual(expected, signature.toLowerCase())) throw signatureInvalid("signature mismatch");
    const spent = await ctx.db.insert(requestNonces).values({ keyId, nonce }).onConflictDoNothing().returning();
    if (spent.length === 0) {
      throw new DomainError("REPLAYED_NONCE", 409, "该请求已处理过（随机数重复）", "This nonce was already used");
    }
    c.set("caller", { keyId, kind, ownerId: key.ownerId });
    await next();
  };
}
