/**
 * Runs on Node 20+ and Cloudflare Workers. Personal data is encrypted with AES-GCM (WebCrypto) and
 * found again through keyed HMAC-SHA-256 hashes; passwords use PBKDF2 (WebCrypto, off the event loop)
 * with a pepper. Hashes and HMACs use `node:crypto` (on Workers through the `nodejs_compat` flag in
 * wrangler.toml): for inputs this small it is synchronous and several times cheaper than WebCrypto,
 * whose every call is a job with its own promise (the benchmark's profile: ~7 % of a transfer's server
 * CPU went to `hmacHex` alone). The functions stay async so callers need not care.
 */
import { createHash, createHmac, pbkdf2 as nodePbkdf2 } from "node:crypto";

const te = new TextEncoder();
const td = new TextDecoder();

export function toHex(buf: ArrayBuffer | Uint8Array): string {
  const bytes = buf instanceof Uint8Array ? buf : new Uint8Array(buf);
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

export function toBase64Url(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(s: string): Uint8Array<ArrayBuffer> {
  const b64 = s.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((s.length + 3) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  return createHash("sha256").update(data).digest("hex");
}

export async function hmacHex(secret: string, data: string): Promise<string> {
  return createHmac("sha256", secret).update(data).digest("hex");
}

/** Compares two strings in time independent of where they differ. */
export function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

const aesKeys = new Map<string, Promise<CryptoKey>>();
function aesKey(secret: string): Promise<CryptoKey> {
  let k = aesKeys.get(secret);
  if (!k) {
    // Any secret string becomes a 256-bit key; the secret itself should carry 256 bits of entropy.
    k = crypto.subtle
      .digest("SHA-256", te.encode(`yibao-aes:${secret}`))
      .then((raw) => crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]));
    aesKeys.set(secret, k);
  }
  return k;
}

/** `v1.<iv>.<ciphertext>` in base64url; a new random IV every time. */
export async function encryptText(secret: string, plain: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, await aesKey(secret), te.encode(plain));
  return `v1.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(ct))}`;
}

export async function decryptText(secret: string, sealed: string): Promise<string> {
  const [v, iv, ct] = sealed.split(".");
  if (v !== "v1" || !iv || !ct) throw new Error("unknown ciphertext format");
  const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: fromBase64Url(iv) }, await aesKey(secret), fromBase64Url(ct));
  return td.decode(plain);
}

// workerd names itself here; everywhere else this is Node.
const onWorkers = typeof navigator !== "undefined" && navigator.userAgent === "Cloudflare-Workers";

/**
 * PBKDF2-HMAC-SHA-256, 32 bytes. On Node through `node:crypto` (libuv's thread pool, like WebCrypto's
 * jobs, but without a key import per call: 215 instead of 297 µs of CPU at 1,000 iterations); on
 * Workers through WebCrypto, whose limits are the documented ones. Both give the same bytes
 * (src/lib/crypto.test.ts), so a hash made by either verifies on the other.
 */
export async function pbkdf2(
  password: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
  via: "auto" | "webcrypto" = "auto",
): Promise<Uint8Array> {
  if (!onWorkers && via === "auto") {
    return new Promise((resolve, reject) =>
      nodePbkdf2(password, salt, iterations, 32, "sha256", (e, key) => (e ? reject(e) : resolve(new Uint8Array(key)))),
    );
  }
  const base = await crypto.subtle.importKey("raw", te.encode(password), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, base, 256);
  return new Uint8Array(bits);
}

/** Salted, peppered, slow hash: `pbkdf2-sha256$<iterations>$<salt>$<hash>`. */
export async function hashPassword(password: string, pepper: string, iterations: number): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const peppered = await hmacHex(pepper, password);
  const hash = await pbkdf2(peppered, salt, iterations);
  return `pbkdf2-sha256$${iterations}$${toBase64Url(salt)}$${toBase64Url(hash)}`;
}

export async function verifyPassword(password: string, pepper: string, stored: string): Promise<boolean> {
  const [alg, iter, salt, hash] = stored.split("$");
  if (alg !== "pbkdf2-sha256" || !iter || !salt || !hash) return false;
  const peppered = await hmacHex(pepper, password);
  const candidate = await pbkdf2(peppered, fromBase64Url(salt), Number(iter));
  return timingSafeEqual(toBase64Url(candidate), hash);
}

export function randomSecret(bytes = 32): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}
