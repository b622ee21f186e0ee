import type { Context } from "hono";

/** The socket's remote address where the runtime exposes one (Node server); undefined elsewhere. */
export function getConnInfo(c: Context): string | undefined {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress;
}
