import { eq } from "drizzle-orm";
import { sandboxRegistry } from "@/adapters/registry";
import type { Ctx } from "@/ctx";
import { createRouter } from "@/lib/http";
import { DomainError } from "@/lib/problem";
import { requireValidIdNumber, upsertPersonFromRegistry } from "@/modules/identity/identity.service";
import { runDueJobs } from "@/modules/jobs";
import { issueApiKey } from "@/modules/platform/keys";
import { regions } from "@/modules/relatives/relatives.schema";
import * as routes from "./sandbox.routes";

function registryOf(ctx: Ctx) {
  return sandboxRegistry(ctx.db, { lookup: ctx.config.secrets.lookupHmac, encryption: ctx.config.secrets.encryption });
}

async function requireRegion(ctx: Ctx, code: string) {
  const [r] = await ctx.db.select().from(regions).where(eq(regions.code, code));
  if (!r) throw new DomainError("REGION_UNKNOWN", 422, "未知的统筹区", "Unknown pooling region");
}

/** Mounted only in sandbox mode, so every route here is a 404 in production. */
export function sandboxRouter() {
  const router = createRouter();

  router.openapi(routes.createPerson, async (c) => {
    const ctx = c.get("ctx");
    const body = c.req.valid("json");
    const parsed = requireValidIdNumber(ctx, body.idNumber);
    await requireRegion(ctx, body.regionCode);
    const record = { ...body, idNumber: parsed.idNumber, phone: body.phone ?? null };
    await registryOf(ctx).putPerson(record);
    const person = await upsertPersonFromRegistry(ctx, ctx.db, record);
    return c.json({ personId: person.id }, 201);
  });

  router.openapi(routes.createRelation, async (c) => {
    const ctx = c.get("ctx");
    const body = c.req.valid("json");
    const a = requireValidIdNumber(ctx, body.idNumber);
    const b = requireValidIdNumber(ctx, body.relativeIdNumber);
    const reg = registryOf(ctx);
    if (!(await reg.findPerson(a.idNumber)) || !(await reg.findPerson(b.idNumber))) {
      throw new DomainError("NOT_INSURED", 422, "登记库中没有该人员", "The person is not in the sandbox registry");
    }
    await reg.putRelation(a.idNumber, b.idNumber, body.relation);
    return c.json({ ok: true as const }, 201);
  });

  router.openapi(routes.createRegionKey, async (c) => {
    const ctx = c.get("ctx");
    const { regionCode } = c.req.valid("json");
    await requireRegion(ctx, regionCode);
    return c.json(await issueApiKey(ctx, "region", regionCode), 201);
  });

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
