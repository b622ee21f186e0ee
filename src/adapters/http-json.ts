import { AdapterError } from "./types";

/** A JSON call to an outside service with a time limit; failures become AdapterError, never a hang. */
export async function fetchJson(
  adapter: string,
  url: string,
  init: RequestInit & { timeoutMs?: number } = {},
): Promise<{ status: number; body: unknown }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), init.timeoutMs ?? 5000);
  try {
    const res = await fetch(url, { ...init, signal: controller.signal });
    const text = await res.text();
    let body: unknown = null;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        throw new AdapterError(adapter, `non-JSON answer (HTTP ${res.status})`);
      }
    }
    return { status: res.status, body };
  } catch (e) {
    if (e instanceof AdapterError) throw e;
    throw new AdapterError(adapter, e instanceof Error ? e.name : "request failed");
  } finally {
    clearTimeout(timer);
  }
}
