import { hmacHex, sha256Hex } from "./crypto";

export interface SignedParts {
  method: string;
  /** The path only, without the query string, exactly as sent (percent-encoding included). */
  path: string;
  /** Unix time in whole seconds, decimal. */
  timestamp: string;
  nonce: string;
  /** The raw body bytes as sent (empty for none). */
  body: string | Uint8Array;
}

/**
 * The string that is signed (docs/SIGNING.md): five lines joined by "\n" (no trailing newline) —
 * METHOD (upper case), PATH, TIMESTAMP, NONCE, and the lower-case hex SHA-256 of the body.
 */
export async function canonicalRequest(parts: SignedParts): Promise<string> {
  const bodyHash = await sha256Hex(parts.body);
  return `${parts.method.toUpperCase()}\n${parts.path}\n${parts.timestamp}\n${parts.nonce}\n${bodyHash}`;
}

/** Server-to-server signature of API.md: lower-case hex HMAC-SHA-256, keyed with the secret's UTF-8 bytes, over canonicalRequest. */
export async function signRequest(secret: string, parts: SignedParts): Promise<string> {
  return hmacHex(secret, await canonicalRequest(parts));
}

/** Headers a merchant or region system sends; used by tests, the sandbox tools and the bench. */
export async function signedHeaders(
  keyId: string,
  secret: string,
  method: string,
  path: string,
  body: string,
  now = Date.now(),
): Promise<Record<string, string>> {
  const timestamp = String(Math.floor(now / 1000));
  const nonce = crypto.randomUUID();
  const signature = await signRequest(secret, { method, path: path.split("?")[0]!, timestamp, nonce, body });
  return {
    "content-type": "application/json",
    "x-key-id": keyId,
    "x-timestamp": timestamp,
    "x-nonce": nonce,
    "x-signature": signature,
  };
}
