import { parseConfig } from "@/config";
import { createLogger } from "@/lib/logger";
import { migrateDatabase, openDatabase } from "./node";

/** `npm run db:migrate`: applies the committed migrations to DATABASE_URL (or the embedded database). */
const config = parseConfig(process.env);
const log = createLogger(config.logLevel);
const handle = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir });
await migrateDatabase(handle);
await handle.close();
log.info("migrations applied", { database: handle.kind });
