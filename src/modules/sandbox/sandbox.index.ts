import { createRouter } from "@/lib/http";
import { DomainError } from "@/lib/problem";
import { runDueJobs } from "@/modules/jobs";
import * as routes from "./sandbox.routes";
import * as service from "./sandbox.service";

/** Mounted only in sandbox mode, so every route here is a 404 in production. */
export function sandboxRouter() {
  const router = createRouter();

  router.openapi(routes.createPerson, async (c) => c.json(await service.createPerson(c.get("ctx"), c.req.valid("json")), 201));

  router.openapi(routes.createRelation, async (c) => {
    await service.createRelation(c.get("ctx"), c.req.valid("json"));
    return c.json({ ok: true as const }, 201);
  });

  router.openapi(routes.createRegionKey, async (c) =>
    c.json(await service.createRegionKey(c.get("ctx"), c.req.valid("json").regionCode), 201),
  );

  router.openapi(routes.setClock, async (c) => {
    const ctx = c.get("ctx");
    const to = new Date(c.req.valid("json").now);
    if (!ctx.clock.set) throw new DomainError("CLOCK_FIXED", 422, "时钟不可调整", "The clock cannot be moved");
    if (to.getTime() < ctx.clock.now().getTime()) {
      throw new DomainError("CLOCK_BACKWARDS", 422, "沙箱时钟只能向前调整", "The sandbox clock only moves forward");
    }
    ctx.clock.set(to);
    return c.json({ now: ctx.clock.now().toISOString() }, 200);
  });

  router.openapi(routes.getClock, (c) => c.json({ now: c.get("ctx").clock.now().toISOString() }, 200));

  router.openapi(routes.runJobs, async (c) => c.json({ ran: await runDueJobs(c.get("ctx")) }, 200));

  return router;
}
