import { createLogger } from "@/lib/logger";
import { migrateDatabase, openDatabase } from "./node";

/** `npm run db:migrate`: applies the committed migrations to DATABASE_URL (or the embedded database). Needs no secrets. */
const log = createLogger("info");
const handle = await openDatabase({
  databaseUrl: process.env.DATABASE_URL || undefined,
  pgliteDir: process.env.PGLITE_DIR ?? ".data/pglite",
});
await migrateDatabase(handle);
await handle.close();
log.info("migrations applied", { database: handle.kind });
