import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "@/app-env";
import { DomainError } from "@/lib/problem";

/**
 * Text no stored field may hold: NUL (PostgreSQL's text cannot store it) and UTF-16 surrogates
 * without their partner (not Unicode text: they cannot be encoded as UTF-8).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function isBadText(s: string): boolean {
  return s.includes("\u0000") || LONE_SURROGATE.test(s);
}

function refused(path: string, message: string) {
  return new DomainError(
    "VALIDATION_FAILED",
    400,
    "请求参数不正确：含有无效字符",
    "The request is not valid: it holds characters that are not text",
    {
      errors: [{ path, message }],
    },
  );
}

const NOT_TEXT = "holds NUL or an unpaired surrogate";

/** The first bad string inside a parsed JSON value (keys too), as a dotted path; null if none. */
function badIn(v: unknown, path: string): string | null {
  if (typeof v === "string") return isBadText(v) ? path : null;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const p = badIn(v[i], `${path}.${i}`);
      if (p) return p;
    }
    return null;
  }
  if (v && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) {
      if (isBadText(k)) return `${path}.(key)`;
      const p = badIn(x, `${path}.${k}`);
      if (p) return p;
    }
  }
  return null;
}

function decodeOrRefuse(s: string, where: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw refused(where, "malformed percent-encoding");
  }
}

/**
 * One rule for every route: a path segment, a query parameter, a JSON or form body field holding NUL
 * or an unpaired surrogate (or percent-encoding that is not UTF-8) is a 400 VALIDATION_FAILED, before
 * any handler or database sees it. A JSON body is only parsed here when it holds an escape (`\u…`),
 * the only way such characters reach a parsed string; the text is cached for the route's validator.
 */
export const refuseBadText: MiddlewareHandler<AppEnv> = async (c, next) => {
  const url = c.req.url;
  const q = url.indexOf("?");
  const pathname = new URL(url).pathname;
  for (const seg of pathname.split("/"))
    if (seg.includes("%") && isBadText(decodeOrRefuse(seg, "(path)"))) throw refused("(path)", NOT_TEXT);
  if (q >= 0) {
    const search = url.slice(q + 1).split("#")[0]!;
    for (const pair of search.split("&")) {
      if (!pair) continue;
      const eq = pair.indexOf("=");
      const key = decodeOrRefuse((eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, " "), "query");
      const value = eq < 0 ? "" : decodeOrRefuse(pair.slice(eq + 1).replace(/\+/g, " "), `query.${key}`);
      if (isBadText(key) || isBadText(value)) throw refused(`query.${isBadText(key) ? "(key)" : key}`, NOT_TEXT);
    }
  }
  const method = c.req.method;
  if (method !== "GET" && method !== "HEAD" && method !== "OPTIONS") {
    const type = c.req.header("content-type") ?? "";
    if (/json/i.test(type)) {
      const text = await c.req.text();
      if (text.includes("\u0000")) throw refused("(body)", NOT_TEXT);
      if (text.includes("\\u") || isBadText(text)) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined; // the route's validator answers for bad JSON
        }
        const p = badIn(parsed, "body");
        if (p) throw refused(p.slice("body.".length) || "(body)", NOT_TEXT);
      }
    } else if (/application\/x-www-form-urlencoded/i.test(type)) {
      const text = await c.req.text();
      for (const pair of text.split("&")) {
        const eq = pair.indexOf("=");
        const key = decodeOrRefuse((eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, " "), "(form)");
        const value = eq < 0 ? "" : decodeOrRefuse(pair.slice(eq + 1).replace(/\+/g, " "), key);
        if (isBadText(key) || isBadText(value)) throw refused(isBadText(key) ? "(form)" : key, NOT_TEXT);
      }
    }
  }
  await next();
};
