import { hmacHex, sha256Hex } from "./crypto";

/** Server-to-server signature of API.md: HMAC-SHA-256 over METHOD\nPATH\nTIMESTAMP\nNONCE\nsha256(body). */
export async function signRequest(
  secret: string,
  parts: { method: string; path: string; timestamp: string; nonce: string; body: string | Uint8Array },
): Promise<string> {
  const bodyHash = await sha256Hex(parts.body);
  return hmacHex(secret, `${parts.method.toUpperCase()}\n${parts.path}\n${parts.timestamp}\n${parts.nonce}\n${bodyHash}`);
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
