import { signedHeaders } from "../../src/lib/signing";
import type { ApiResult, TestApp } from "./app";

export interface Key {
  keyId: string;
  secret: string;
}

export async function regionKey(t: TestApp, regionCode = "320500"): Promise<Key> {
  const r = await t.api("POST", "/v1/sandbox/region-keys", { body: { regionCode } });
  if (r.status !== 201) throw new Error(`region key: ${r.status}`);
  return r.body;
}

/** A correctly signed server-to-server call; `tamper` lets a test break one part of it. */
export async function signedCall<T = any>(
  t: TestApp,
  key: Key,
  method: string,
  path: string,
  body: unknown,
  tamper: (h: Record<string, string>) => void = () => {},
): Promise<ApiResult<T>> {
  const raw = JSON.stringify(body);
  const headers = await signedHeaders(key.keyId, key.secret, method, path, raw);
  tamper(headers);
  return t.api<T>(method, path, { raw, headers });
}
