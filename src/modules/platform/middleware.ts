import { eq, sql } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "@/app-env";
import { decryptText, timingSafeEqual } from "@/lib/crypto";
import { DomainError, errors } from "@/lib/problem";
import { rowsOf } from "@/lib/rows";
import { canonicalRequest, signRequest, type SignedParts } from "@/lib/signing";
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

/**
 * The routes that require an Idempotency-Key (requireIdempotencyKey), in one list: the OpenAPI
 * document marks the header required on these (src/modules/system/openapi.ts), the generated client
 * types carry the list to the mini-program (miniprogram/services/api.gen.ts), and
 * test/openapi-contract.test.ts checks that each one refuses a call without the key.
 */
export const IDEMPOTENT_ROUTES = [
  { method: "post", path: "/v1/transfers" },
  { method: "post", path: "/v1/premiums/payments" },
] as const;

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

/**
 * Which part of a signed call failed, as `reason` in the problem (docs/SIGNING.md). Each is safe to
 * say: none tells a caller without the secret anything it could not find out by itself.
 */
type SignatureFailure = "missing-headers" | "malformed-headers" | "timestamp-window" | "unknown-key" | "body-hash" | "signature-mismatch";

const SIGNATURE_FAILURES: Record<SignatureFailure, [string, string]> = {
  "missing-headers": [
    "缺少签名请求头（X-Key-Id、X-Timestamp、X-Nonce、X-Signature）",
    "missing signature headers (X-Key-Id, X-Timestamp, X-Nonce, X-Signature)",
  ],
  "malformed-headers": [
    "签名请求头格式不正确（时间戳为十进制秒，随机数不超过 128 个字符）",
    "malformed headers (X-Timestamp is decimal seconds, X-Nonce at most 128 characters)",
  ],
  "timestamp-window": ["时间戳不在服务器时间 ±300 秒之内", "timestamp outside the ±300 s window"],
  "unknown-key": ["签名密钥不存在、已吊销或不适用于此接口", "unknown key (absent, revoked or not for this route)"],
  "body-hash": [
    "请求体的 SHA-256 与 X-Content-SHA256 不一致：请求体在签名后被改动",
    "the body's SHA-256 differs from X-Content-SHA256: the body changed after it was signed",
  ],
  "signature-mismatch": [
    "签名不匹配：请对照返回的 canonical 字符串检查签名内容与密钥",
    "signature mismatch: compare your string to sign with `canonical` and check the secret",
  ],
};

function signatureInvalid(reason: SignatureFailure, extra: Record<string, unknown> = {}) {
  const [zh, en] = SIGNATURE_FAILURES[reason];
  return new DomainError("SIGNATURE_INVALID", 401, `请求签名无效：${zh}`, `The request signature is not valid: ${en}`, {
    reason,
    ...extra,
  });
}

/** A signature that does not match: the server's string to sign (no secret in it) and, if the caller sent one, where its body hash differs. */
async function mismatch(parts: SignedParts, contentSha256: string | undefined) {
  const canonical = await canonicalRequest(parts);
  const bodyHash = canonical.slice(canonical.lastIndexOf("\n") + 1);
  if (contentSha256 && contentSha256.toLowerCase() !== bodyHash) return signatureInvalid("body-hash", { canonical });
  return signatureInvalid("signature-mismatch", { canonical });
}

/**
 * Unsealed (AES-GCM-decrypted) signing secrets by key id, each with the sealed value and the
 * encryption key it came from: an entry only counts when the key's row still holds that very sealed
 * value, so a rotated secret is a miss. Bounded: the oldest entry goes first.
 */
const SECRET_CACHE_MAX = 1000;
const unsealedSecrets = new Map<string, { sealed: string; encryption: string; secret: string }>();

async function unsealSecret(encryption: string, keyId: string, sealed: string): Promise<string> {
  const hit = unsealedSecrets.get(keyId);
  if (hit && hit.sealed === sealed && hit.encryption === encryption) return hit.secret;
  const secret = await decryptText(encryption, sealed);
  unsealedSecrets.delete(keyId);
  if (unsealedSecrets.size >= SECRET_CACHE_MAX) unsealedSecrets.delete(unsealedSecrets.keys().next().value!);
  unsealedSecrets.set(keyId, { sealed, encryption, secret });
  return secret;
}

function replayedNonce() {
  return new DomainError("REPLAYED_NONCE", 409, "该请求已处理过（随机数重复）", "This nonce was already used", {
    reason: "nonce-replayed",
  });
}

/**
 * Merchants and region systems sign every call (API.md). Checked in order: headers, timestamp window
 * (real time), key, signature over the raw body; only then is the nonce spent, so a forged request
 * cannot burn someone else's nonce.
 *
 * With the key's secret already unsealed in this process, the signature is checked first, in memory,
 * and one statement then reads the key as it is now (a revocation counts at once) and spends the nonce
 * only if the key is live, of this kind, and still holds the sealed secret the signature was checked
 * with. Anything else (no cached secret, a mismatch, a rotated secret) takes the step-by-step path,
 * which gives the same answers in the same order.
 */
export function requireSignature(kind: "merchant" | "region"): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const ctx = c.get("ctx");
    const keyId = c.req.header("x-key-id");
    const timestamp = c.req.header("x-timestamp");
    const nonce = c.req.header("x-nonce");
    const signature = c.req.header("x-signature");
    if (!keyId || !timestamp || !nonce || !signature) throw signatureInvalid("missing-headers");
    if (!/^\d{1,12}$/.test(timestamp) || nonce.length > 128) throw signatureInvalid("malformed-headers");
    if (Math.abs(Math.floor(Date.now() / 1000) - Number(timestamp)) > CLOCK_SKEW_SECONDS) {
      throw signatureInvalid("timestamp-window", { serverTime: Math.floor(Date.now() / 1000) });
    }
    const encryption = ctx.config.secrets.encryption;
    const given = signature.toLowerCase();
    const parts = { method: c.req.method, path: c.req.path, timestamp, nonce, body: await c.req.text() };
    let checked: { secret: string; ok: boolean } | null = null;

    const cached = unsealedSecrets.get(keyId);
    if (cached && cached.encryption === encryption) {
      checked = { secret: cached.secret, ok: timingSafeEqual(await signRequest(cached.secret, parts), given) };
      if (checked.ok) {
        const [k] = rowsOf<{ kind: string; owner_id: string; revoked: boolean; same: boolean; spent: boolean }>(
          await ctx.db.execute(sql`
            with k as materialized (
              select kind, owner_id, revoked_at is not null as revoked, secret_enc = ${cached.sealed}::text as same
              from api_keys where key_id = ${keyId}::text
            ), n as (
              insert into request_nonces (key_id, nonce)
              select ${keyId}::text, ${nonce}::text from k where not k.revoked and k.kind = ${kind}::text and k.same
              on conflict do nothing
              returning 1
            )
            select k.kind, k.owner_id, k.revoked, k.same, exists (select 1 from n) as spent from k`),
        );
        if (!k || k.revoked || k.kind !== kind) throw signatureInvalid("unknown-key");
        if (k.same) {
          if (!k.spent) throw replayedNonce();
          c.set("caller", { keyId, kind, ownerId: k.owner_id });
          await next();
          return;
        }
        // The secret was rotated since it was cached: the step-by-step path below.
      }
    }

    const [key] = await ctx.db.select().from(apiKeys).where(eq(apiKeys.keyId, keyId));
    if (!key || key.revokedAt || key.kind !== kind) throw signatureInvalid("unknown-key");
    const secret = await unsealSecret(encryption, keyId, key.secretEnc);
    const ok = checked?.secret === secret ? checked.ok : timingSafeEqual(await signRequest(secret, parts), given);
    if (!ok) throw await mismatch(parts, c.req.header("x-content-sha256"));
    const spent = await ctx.db.insert(requestNonces).values({ keyId, nonce }).onConflictDoNothing().returning();
    if (spent.length === 0) throw replayedNonce();
    c.set("caller", { keyId, kind, ownerId: key.ownerId });
    await next();
  };
}
