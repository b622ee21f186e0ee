import { signedHeaders } from "../../src/lib/signing";
import { classify, type Outcome } from "./history";

export interface HttpResult {
  status?: number;
  text?: string;
  json?: any;
  error?: string;
  outcome: Outcome;
  tSend: number;
  tRecv: number;
}

export interface CallInit {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs: number;
  signed?: { keyId: string; secret: string };
}

/** One HTTP attempt against the server; never throws. */
export async function call(base: string, method: string, path: string, init: CallInit): Promise<HttpResult> {
  const raw = init.body === undefined ? undefined : JSON.stringify(init.body);
  const headers: Record<string, string> = { ...init.headers };
  if (raw !== undefined) headers["content-type"] = "application/json";
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.signed) Object.assign(headers, await signedHeaders(init.signed.keyId, init.signed.secret, method, path, raw ?? ""));
  const tSend = Date.now();
  try {
    const res = await fetch(base + path, { method, headers, body: raw, signal: AbortSignal.timeout(init.timeoutMs) });
    const text = await res.text();
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, text, json, outcome: classify(res.status, json), tSend, tRecv: Date.now() };
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const error = `${(e as Error).name}: ${(e as Error).message}${cause ? ` (${cause.code ?? ""} ${cause.message ?? ""})` : ""}`;
    return { error, outcome: classify(undefined, null, error), tSend, tRecv: Date.now() };
  }
}
