import type { AddressInfo } from "node:net";
import { createAdaptorServer, type ServerType } from "@hono/node-server";

type Fetch = Parameters<typeof createAdaptorServer>[0]["fetch"];

/**
 * Listens on one port with `sockets` listening sockets (SO_REUSEPORT), all serving the same app.
 *
 * Why more than one: libuv (Node 20 and later) accepts a single connection each time a listening
 * socket is reported readable, then goes round its whole event loop before it accepts the next one
 * (libuv pull request 3696, "unix: don't accept() connections in a loop"). On a busy server one turn
 * of the loop takes tens of milliseconds, so new connections were accepted at ~30 a second: 400
 * clients connecting at once waited up to 6 s before their first request was read (BENCHMARKS.md,
 * "The overload tail"). With N sockets the kernel spreads new connections over them and each turn
 * accepts up to N. Where the runtime cannot share a port (`reusePort` needs Node 22.12+ or 23.1+ on
 * Linux) the second listen fails and the server keeps the one socket it has.
 *
 * A port another process already listens on stays an error: the port is first claimed by a plain
 * listen (which a socket with SO_REUSEPORT elsewhere would refuse), then released and taken again by
 * the shared sockets, so a second copy of the server cannot silently split the traffic with the first.
 */
export async function listenOn(
  fetch: Fetch,
  opts: { port: number; host: string; sockets: number },
): Promise<{ servers: ServerType[]; port: number }> {
  const listen = (port: number, reusePort: boolean) =>
    new Promise<ServerType>((resolve, reject) => {
      const server = createAdaptorServer({ fetch });
      server.once("error", reject);
      server.listen({ port, host: opts.host, reusePort }, () => {
        server.off("error", reject);
        resolve(server);
      });
    });
  const claim = await listen(opts.port, false);
  const port = (claim.address() as AddressInfo).port;
  if (opts.sockets <= 1) return { servers: [claim], port };
  await new Promise<void>((resolve) => claim.close(() => resolve()));
  const servers = [await listen(port, true)];
  for (let i = 1; i < opts.sockets; i++) {
    try {
      servers.push(await listen(port, true));
    } catch {
      break; // no SO_REUSEPORT here: one socket it is
    }
  }
  return { servers, port };
}
