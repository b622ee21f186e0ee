import { type ErrorCode, IDEMPOTENT_ROUTES } from "../services/api.gen";
import { UserAction } from "./action";
import { ApiError, friendlyMessage } from "./errors";
import { currentLang } from "./store";
import { clearSession, ensureToken } from "./session";
import { send, withQuery, type Method, type Query, type RawResponse } from "./transport";

export interface RequestOptions {
  method?: Method;
  path: string;
  query?: Query;
  data?: unknown;
  /** The user action a money POST belongs to; its Idempotency-Key survives retries. */
  action?: UserAction;
  /** Let the caller show the error (e.g. a form field) instead of a toast. */
  quiet?: boolean;
}

// The routes that need an Idempotency-Key, as the server's OpenAPI document lists them (generated).
const MONEY_POSTS = IDEMPOTENT_ROUTES.map((r) => ({ method: r.method, re: new RegExp(`^${r.path.replace(/\{[^}]+\}/g, "[^/]+")}$`) }));

function isMoneyPost(method: Method, path: string): boolean {
  return MONEY_POSTS.some((r) => r.method === method && r.re.test(path));
}

// A lost answer may be retried only where the server deduplicates: reads and keyed money POSTs.
function safeToRepeat(method: Method, keyed: boolean): boolean {
  return method === "GET" || keyed;
}

// These mean "not decided yet": the same key must be used again.
function undecided(res: RawResponse): boolean {
  const code = (res.data as { code?: ErrorCode } | null)?.code;
  return res.statusCode >= 500 || res.statusCode === 429 || code === "REQUEST_IN_PROGRESS";
}

export function showError(err: unknown): void {
  wx.showToast({ title: friendlyMessage(err, currentLang()), icon: "none", duration: 3000 });
}

/**
 * Calls the API. Success is decided by the HTTP status, never by a field in the body. A 401 logs
 * in again once and repeats the call with the same Idempotency-Key.
 */
export async function request<T = unknown>(opts: RequestOptions): Promise<T> {
  const method = opts.method ?? "GET";
  const path = withQuery(opts.path, opts.query);
  // A JSON content type with an empty body is not valid JSON to the API: send {} instead.
  const data = opts.data === undefined && (method === "POST" || method === "PUT") ? {} : opts.data;
  const header: Record<string, string> = { "content-type": "application/json" };
  const keyed = isMoneyPost(method, opts.path);
  const action = keyed ? (opts.action ?? new UserAction()) : null;
  if (action) header["Idempotency-Key"] = action.keyFor(data);

  let relogged = false;
  let repeated = false;
  try {
    for (;;) {
      header.Authorization = `Bearer ${await ensureToken()}`;
      let res: RawResponse;
      try {
        res = await send(method, path, data, header);
      } catch (e) {
        if (!repeated && safeToRepeat(method, keyed)) {
          repeated = true;
          continue;
        }
        throw e;
      }
      if (res.statusCode === 401 && !relogged) {
        relogged = true;
        clearSession();
        continue;
      }
      if (action && !undecided(res)) action.finish();
      if (res.statusCode >= 200 && res.statusCode < 300) return (res.statusCode === 204 ? undefined : res.data) as T;
      throw ApiError.fromResponse(res.statusCode, res.data);
    }
  } catch (e) {
    if (!opts.quiet) showError(e);
    throw e;
  }
}
