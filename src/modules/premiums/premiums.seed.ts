import type { Db } from "@/db/client";
import { newId } from "@/lib/ids";
import { onSeedReference } from "@/modules/sandbox/seed";
import regionsFixture from "@/modules/sandbox/fixtures/regions.json";
import { premiumSchedules, type PremiumKind } from "./premiums.schema";

/** Regions with long-term-care insurance (pilot cities); their premium is collected with the resident one. */
const LONG_TERM_CARE = { regions: ["320500", "130600"], amountFen: 5_000 };

/**
 * Every region's published schedule, inserted only when missing so an operator's corrections are
 * never overwritten (the unique index on region, kind and year decides what "missing" means).
 */
async function seedPremiumSchedules(db: Db): Promise<void> {
  const rows: (typeof premiumSchedules.$inferInsert)[] = [];
  for (const r of regionsFixture.regions) {
    for (const p of regionsFixture.premiums) {
      const base = { regionCode: r.code, year: p.year, windowStart: p.windowStart, windowEnd: p.windowEnd };
      rows.push({ id: newId(), ...base, kind: p.kind as PremiumKind, amountFen: p.amountFen });
      if (p.kind === "resident_medical" && LONG_TERM_CARE.regions.includes(r.code)) {
        rows.push({ id: newId(), ...base, kind: "long_term_care", amountFen: LONG_TERM_CARE.amountFen });
      }
    }
  }
  if (rows.length) await db.insert(premiumSchedules).values(rows).onConflictDoNothing();
}

onSeedReference(seedPremiumSchedules);
