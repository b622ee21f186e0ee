import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { listenOn } from "@/entry/listen";

// SO_REUSEPORT through node:net's `reusePort`: Node 22.12+ and 23.1+, on Linux.
const [major, minor] = process.versions.node.split(".").map(Number) as [number, number];
const reusePort = process.platform === "linux" && (major > 23 || (major === 23 && minor >= 1) || (major === 22 && minor >= 12));

const fetch = () => new Response("ok");
const open: { close(cb?: () => void): unknown }[] = [];
const closeAll = () => Promise.all(open.splice(0).map((s) => new Promise<void>((r) => s.close(() => r()))));
afterEach(closeAll);

/** One request on a fresh connection (no keep-alive agent), so each is a new accept. */
function get(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: "/", agent: false }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve(body));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("listening sockets (src/entry/listen.ts)", () => {
  it("serves on one socket when asked for one", async () => {
    const { servers, port } = await listenOn(fetch, { port: 0, host: "127.0.0.1", sockets: 1 });
    open.push(...servers);
    expect(servers).toHaveLength(1);
    expect(await get(port)).toBe("ok");
  });

  it("spreads new connections over several sockets on the same port where the runtime can share it", async () => {
    const { servers, port } = await listenOn(fetch, { port: 0, host: "127.0.0.1", sockets: 4 });
    open.push(...servers);
    expect(servers).toHaveLength(reusePort ? 4 : 1);
    const accepted = servers.map(() => 0);
    servers.forEach((s, i) => {
      s.on("connection", () => accepted[i]!++);
    });
    const bodies = await Promise.all(Array.from({ length: 64 }, () => get(port)));
    expect(bodies.every((b) => b === "ok")).toBe(true);
    expect(accepted.reduce((a, b) => a + b, 0)).toBe(64);
    // The kernel hashes each connection's addresses over the sockets: 64 never all land on one of 4.
    if (reusePort) expect(accepted.filter((n) => n > 0).length).toBeGreaterThan(1);
  });

  it("refuses a port another server already listens on, with or without shared sockets", async () => {
    const other: Server = createServer();
    await new Promise<void>((r) => other.listen(0, "127.0.0.1", () => r()));
    open.push(other);
    const taken = (other.address() as AddressInfo).port;
    await expect(listenOn(fetch, { port: taken, host: "127.0.0.1", sockets: 4 })).rejects.toMatchObject({ code: "EADDRINUSE" });
    await expect(listenOn(fetch, { port: taken, host: "127.0.0.1", sockets: 1 })).rejects.toMatchObject({ code: "EADDRINUSE" });
  });

  it("does not let a second copy of the server join the first one's shared sockets", async () => {
    const first = await listenOn(fetch, { port: 0, host: "127.0.0.1", sockets: 4 });
    open.push(...first.servers);
    await expect(listenOn(fetch, { port: first.port, host: "127.0.0.1", sockets: 4 })).rejects.toMatchObject({ code: "EADDRINUSE" });
    expect(await get(first.port)).toBe("ok");
  });
});
