import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { AppEnv } from "@/app-env";
import type { Ctx } from "@/ctx";
import { domainErrorResponse } from "@/lib/http";
import { DomainError, errors } from "@/lib/problem";
import { admitMoney, createAdmissionGate, gated } from "@/modules/platform/admission";
import { issueToken, verifyToken } from "@/modules/platform/tokens";

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe("admission gate", () => {
  it("runs up to its limit at once, queues the next in order, and refuses when the expected wait is over budget", async () => {
    const gate = createAdmissionGate({ limit: 2, maxQueueWaitMs: 4 });
    const holds = [deferred(), deferred()];
    const order: string[] = [];
    const running = holds.map((h, i) =>
      gate.run(async () => {
        await h.promise;
        return order.push(`held ${i}`);
      }),
    );
    expect(gate.inFlight).toBe(2);
    // Service time starts at 5 ms: one queued request expects (1 × 5) / 2 = 2.5 ms ≤ 4 → queued.
    const queued = gate.run(async () => order.push("queued"));
    expect(gate.queued).toBe(1);
    // The next would expect (2 × 5) / 2 = 5 ms > 4 → refused at once with 503 and Retry-After.
    const refused = await gate.run(async () => order.push("never")).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: "BUSY", status: 503 });
    expect((refused as DomainError).headers).toMatchObject({ "Retry-After": "1" });
    holds[0]!.resolve();
    holds[1]!.resolve();
    await Promise.all([...running, queued]);
    expect(order).toEqual(["held 0", "held 1", "queued"]);
    expect(gate.inFlight).toBe(0);
    expect(gate.queued).toBe(0);
  });

  it("puts priority work ahead of queued new work and gives it a longer budget", async () => {
    const gate = createAdmissionGate({ limit: 1, maxQueueWaitMs: 6, priorityFactor: 5 });
    const hold = deferred();
    const order: string[] = [];
    const first = gate.run(async () => {
      await hold.promise;
      return order.push("first");
    });
    const plain = gate.run(async () => order.push("new"));
    await expect(gate.run(async () => order.push("new 2"))).rejects.toMatchObject({ code: "BUSY" });
    const urgent = gate.run(async () => order.push("accept"), { priority: true });
    hold.resolve();
    await Promise.all([first, plain, urgent]);
    expect(order).toEqual(["first", "accept", "new"]);
  });

  it("frees its slot when the work fails", async () => {
    const gate = createAdmissionGate({ limit: 1, maxQueueWaitMs: 0 });
    await expect(gate.run(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(gate.inFlight).toBe(0);
    await expect(gate.run(async () => "ok")).resolves.toBe("ok");
  });

  it("at the door: refuses excess POSTs before authentication, lets reads through, and marks admitted requests", async () => {
    const gate = createAdmissionGate({ limit: 1, maxQueueWaitMs: 0 });
    const app = new Hono<AppEnv>();
    const seen: (boolean | undefined)[] = [];
    app.use("*", async (c, next) => {
      c.set("ctx", {} as Ctx);
      await next();
    });
    app.use("/money/*", admitMoney({ gate }));
    app.use("/money/*", async (c, next) => {
      if (c.req.header("authorization") !== "ok") throw errors.unauthenticated();
      seen.push(c.get("ctx").admitted);
      await next();
    });
    const hold = deferred();
    app.post("/money/slow", async (c) => {
      await hold.promise;
      return c.json({ done: true });
    });
    app.post("/money/fast", (c) => c.json({ done: true }));
    app.get("/money/fast", (c) => c.json({ read: true }));
    app.onError((err) => domainErrorResponse(err as DomainError, "test"));

    const slow = app.request("/money/slow", { method: "POST", headers: { authorization: "ok" } });
    await new Promise((r) => setTimeout(r, 5));
    // No credentials at all, yet the answer is 503, not 401: the gate came first.
    const refused = await app.request("/money/fast", { method: "POST" });
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect((await refused.json()).code).toBe("BUSY");
    const read = await app.request("/money/fast", { headers: { authorization: "ok" } });
    expect(read.status).toBe(200);
    hold.resolve();
    expect((await slow).status).toBe(200);
    expect(seen).toEqual([true, undefined]);
    expect((await app.request("/money/fast", { method: "POST" })).status).toBe(401);
  });

  it("takes one slot per request even when two registrations of the gate match the path", async () => {
    const gate = createAdmissionGate({ limit: 1, maxQueueWaitMs: 0 });
    const app = new Hono<AppEnv>();
    app.use("*", async (c, next) => {
      c.set("ctx", {} as Ctx);
      await next();
    });
    app.use("/money", admitMoney({ gate }));
    app.use("/money/*", admitMoney({ gate }));
    app.post("/money", (c) => c.json({ inFlight: gate.inFlight }));
    app.onError((err) => domainErrorResponse(err as DomainError, "test"));
    const r = await app.request("/money", { method: "POST" });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ inFlight: 1 });
    expect(gate.inFlight).toBe(0);
  });

  it("gated() runs admitted work directly and gates the rest", async () => {
    expect(await gated({ admitted: true } as Ctx, async () => 1)).toBe(1);
    expect(await gated({} as Ctx, async () => 2)).toBe(2);
  });
});

describe("session tokens", () => {
  it("keeps answering from its cache only while the token lives and only for the same secret and kind", async () => {
    const { token } = await issueToken("secret-one-0123456789abcdef", { sub: "u1", kind: "user" }, 60);
    expect(await verifyToken("secret-one-0123456789abcdef", token, "user")).toMatchObject({ sub: "u1", kind: "user" });
    expect(await verifyToken("secret-one-0123456789abcdef", token, "user")).toMatchObject({ sub: "u1" });
    expect(await verifyToken("another-secret-0123456789ab", token, "user")).toBeNull();
    expect(await verifyToken("secret-one-0123456789abcdef", token, "agent")).toBeNull();
    expect(await verifyToken("secret-one-0123456789abcdef", `${token}x`, "user")).toBeNull();
    const realNow = Date.now;
    try {
      Date.now = () => realNow() + 61_000;
      expect(await verifyToken("secret-one-0123456789abcdef", token, "user")).toBeNull();
    } finally {
      Date.now = realNow;
    }
  });
});
