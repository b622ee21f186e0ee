import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "@/app-env";
import type { Ctx } from "@/ctx";
import { busy } from "./idempotency";

/**
 * Admission control for money movements (overload shedding). At most `limit` run at once; the next
 * ones wait in a FIFO queue, unless the wait they can expect (Little's law: place in the queue times
 * the recent service time, over `limit`) exceeds `maxQueueWaitMs`, in which case they are refused at
 * once with 503 BUSY and Retry-After, before any work is done. So excess load is answered fast, the
 * requests admitted keep a bounded queueing delay, and nothing times out. `priority` work (finishing
 * what was started, like accepting a transfer whose money is already held) goes to the head of the
 * queue and may wait `priorityFactor` times longer before it is refused.
 */
export function createAdmissionGate(opts: { limit: number; maxQueueWaitMs: number; priorityFactor?: number }) {
  let inFlight = 0;
  let serviceMs = 5;
  const queue: (() => void)[] = [];
  let priorityQueued = 0;
  const factor = opts.priorityFactor ?? 5;
  return {
    get inFlight() {
      return inFlight;
    },
    get queued() {
      return queue.length;
    },
    async run<T>(f: () => Promise<T>, o: { priority?: boolean } = {}): Promise<T> {
      if (inFlight >= opts.limit) {
        const ahead = o.priority ? priorityQueued : queue.length;
        const budget = o.priority ? opts.maxQueueWaitMs * factor : opts.maxQueueWaitMs;
        if (((ahead + 1) * serviceMs) / opts.limit > budget) throw busy();
        if (o.priority) {
          priorityQueued++;
          await new Promise<void>((resolve) =>
            queue.splice(priorityQueued - 1, 0, () => {
              priorityQueued--;
              resolve();
            }),
          );
        } else await new Promise<void>((resolve) => queue.push(resolve));
      } else inFlight++;
      const started = performance.now();
      try {
        return await f();
      } finally {
        serviceMs = serviceMs * 0.95 + (performance.now() - started) * 0.05;
        const next = queue.shift();
        if (next) next();
        else inFlight--;
      }
    },
  };
}

/** One gate per process (or Worker isolate) for transfer creation and acceptance. */
const moneyGate = createAdmissionGate({ limit: 64, maxQueueWaitMs: 100 });

/**
 * Runs a money movement through `moneyGate`, unless its request was already admitted at the door
 * (`admitMoney`); callers without a request of their own (the chat's flows) are gated here.
 */
export function gated<T>(ctx: Ctx, f: () => Promise<T>, o: { priority?: boolean } = {}): Promise<T> {
  return ctx.admitted ? f() : moneyGate.run(f, o);
}

/**
 * Admission at the door, first on the money routes: before the session token is verified and before
 * the body is read or validated, so excess load is refused in well under a millisecond of work and
 * the CPU stays with the requests admitted (the benchmark's overload phase). Only POSTs are gated;
 * `priority(c)` marks the ones that finish a movement already started (deciding a held transfer).
 */
export function admitMoney(
  opts: { priority?: (path: string) => boolean; gate?: ReturnType<typeof createAdmissionGate> } = {},
): MiddlewareHandler<AppEnv> {
  const gate = opts.gate ?? moneyGate;
  return async (c, next) => {
    const ctx = c.get("ctx");
    // Once per request: a route matched by two registrations (`/x` and `/x/*` both match `/x`) must not
    // take a second slot while holding the first, or 64 such requests wait on each other for ever.
    if (c.req.method !== "POST" || ctx.admitted) return next();
    await gate.run(
      async () => {
        ctx.admitted = true;
        await next();
      },
      { priority: opts.priority?.(c.req.path) ?? false },
    );
  };
}
