import { sql } from "drizzle-orm";
import type { Ctx } from "@/ctx";
import type { Db } from "@/db/client";
import { rowsOf } from "@/lib/rows";
import { regionPolicies, regions } from "@/modules/relatives/relatives.schema";
import { sandboxRegistry } from "@/adapters/registry";
import regionsFixture from "./fixtures/regions.json";
import registryFixture from "./fixtures/registry.json";

export type SeedHook = (ctx: Ctx) => Promise<void>;

/** Extra seeders that features register (premium schedules, merchants, agent accounts…). */
const referenceHooks: ((db: Db) => Promise<void>)[] = [];
const sandboxHooks: SeedHook[] = [];
export function onSeedReference(hook: (db: Db) => Promise<void>) {
  referenceHooks.push(hook);
}
export function onSeedSandbox(hook: SeedHook) {
  sandboxHooks.push(hook);
}

/**
 * Regions and their policies are reference data the product needs in every mode; rows are only
 * inserted when missing, so an operator's edits to a region's policy are never overwritten.
 */
export async function seedReferenceData(db: Db): Promise<void> {
  const limits = regionsFixture.limits;
  for (const r of regionsFixture.regions) {
    await db
      .insert(regions)
      .values({ code: r.code, provinceCode: r.province, name: r.name, provinceName: r.provinceName })
      .onConflictDoNothing();
    for (const p of r.policies) {
      await db
        .insert(regionPolicies)
        .values({
          regionCode: r.code,
          effectiveFrom: p.from,
          relationScope: p.relationScope as "core" | "close",
          crossProvince: p.crossProvince,
          minTransferFen: limits.minTransferFen,
          maxTransferFen: limits.maxTransferFen,
          maxDailyTransfers: limits.maxDailyTransfers,
          quietStart: limits.quietHours.start,
          quietEnd: limits.quietHours.end,
          maxActiveBindings: limits.maxActiveBindings,
        })
        .onConflictDoNothing();
    }
  }
  for (const hook of referenceHooks) await hook(db);
}

/**
 * Sandbox only: the fictitious registry persons and their relation facts, plus features' sandbox
 * data. Answers how many registry persons this call added (0 when they were already there).
 */
export async function seedSandbox(ctx: Ctx): Promise<{ persons: number }> {
  const registry = sandboxRegistry(ctx.db, { lookup: ctx.config.secrets.lookupHmac, encryption: ctx.config.secrets.encryption });
  const [{ n } = { n: 0 }] = rowsOf<{ n: number }>(await ctx.db.execute(sql`select count(*)::int as n from sandbox_registry_persons`));
  let added = 0;
  if (n === 0) {
    const byKey = new Map(registryFixture.persons.map((p) => [p.key, p]));
    for (const p of registryFixture.persons) {
      await registry.putPerson({
        idNumber: p.idNumber,
        name: p.name,
        regionCode: p.regionCode,
        insurance: p.insurance as "employee" | "resident" | "none",
        personalAccountFen: p.personalAccountFen,
        phone: p.phone,
      });
      added++;
    }
    for (const r of registryFixture.relations) {
      const a = byKey.get(r.person);
      const b = byKey.get(r.relative);
      if (a && b) await registry.putRelation(a.idNumber, b.idNumber, r.relation as "spouse" | "parent" | "sibling");
    }
  }
  for (const hook of sandboxHooks) await hook(ctx);
  return { persons: added };
}
