import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/**
 * Secure everywhere except plain http on this machine (tests and `npm start`), where a browser
 * would drop a Secure cookie. With Secure the `__Host-` prefix also pins it to this host and path /.
 */
function isSecureRequest(c: Context): boolean {
  const url = new URL(c.req.url);
  return !(url.protocol === "http:" && LOOPBACK.has(url.hostname));
}

function name(c: Context, base: string): string {
  return isSecureRequest(c) ? `__Host-${base}` : base;
}

export const SESSION_COOKIE = "yb_console";
export const LOGIN_CSRF_COOKIE = "yb_login_csrf";

export function readCookie(c: Context, base: string): string | undefined {
  return getCookie(c, name(c, base));
}

export function writeCookie(c: Context, base: string, value: string, maxAgeSeconds: number) {
  setCookie(c, name(c, base), value, {
    httpOnly: true,
    secure: isSecureRequest(c),
    sameSite: "Strict",
    path: "/",
    maxAge: maxAgeSeconds,
  });
}

export function clearCookie(c: Context, base: string) {
  deleteCookie(c, name(c, base), { path: "/", secure: isSecureRequest(c) });
}
