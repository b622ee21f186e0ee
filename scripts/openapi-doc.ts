import { createApp } from "../src/app";
import { parseConfig } from "../src/config";
import { SandboxClock } from "../src/lib/clock";
import { silentLogger } from "../src/lib/logger";
import { openApiDocument } from "../src/modules/system/system.index";

/** The app's OpenAPI document built in-process, sandbox routes included (no database is opened). */
export function buildOpenApiDocument(): Record<string, any> {
  const config = parseConfig({ SANDBOX: "1", PGLITE_DIR: "memory://", LOG_LEVEL: "error" });
  const app = createApp({ config, clock: new SandboxClock(null), log: silentLogger, db: {} as never });
  return openApiDocument(app);
}
