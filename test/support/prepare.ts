import type { Db } from "../../src/db/client";
import { seedReferenceData, seedSandbox } from "../../src/modules/sandbox/seed";
import { backgroundCtx } from "../../src/entry/build";
import { silentLogger } from "../../src/lib/logger";
import { SandboxClock } from "../../src/lib/clock";
import { testConfig } from "./config";
import "../../src/modules";

/** What the snapshot holds before any test runs: reference data and the sandbox fixtures. */
export async function prepareDatabase(db: Db) {
  const config = testConfig();
  await seedReferenceData(db);
  await seedSandbox(backgroundCtx(config, db, new SandboxClock(null), silentLogger));
}
