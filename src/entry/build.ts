import type { AdapterOverrides } from "@/adapters";
import { createAdapters } from "@/adapters";
import { createApp } from "@/app";
import type { Config } from "@/config";
import type { Ctx } from "@/ctx";
import type { Db } from "@/db/client";
import { SandboxClock, systemClock, type Clock } from "@/lib/clock";
import type { Logger } from "@/lib/logger";
import { newId } from "@/lib/ids";

export function clockFor(config: Config): Clock {
  return config.sandbox ? new SandboxClock(config.fixedNow ?? null) : systemClock;
}

/** A Ctx outside of any request (start-up seeding, scheduled jobs). */
export function backgroundCtx(config: Config, db: Db, clock: Clock, log: Logger, adapters?: AdapterOverrides): Ctx {
  return { config, db, clock, log, adapters: createAdapters(config, db, log, adapters), requestId: `job-${newId()}` };
}

export { createApp };
