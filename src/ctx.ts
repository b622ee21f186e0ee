import type { Adapters } from "@/adapters";
import type { Config } from "@/config";
import type { Db } from "@/db/client";
import type { Clock } from "@/lib/clock";
import type { Logger } from "@/lib/logger";

/** What every service function receives: built once per request from the app's dependencies. */
export interface Ctx {
  config: Config;
  clock: Clock;
  log: Logger;
  db: Db;
  adapters: Adapters;
  requestId: string;
  /** Set once the request has passed the money routes' admission gate (platform/admission.ts). */
  admitted?: boolean;
}
