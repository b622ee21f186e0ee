import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/postgres-js";
import { migrate as migratePg } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { Db, DbHandle } from "./client";
import * as schema from "./schema";

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../migrations", import.meta.url));

export interface OpenOptions {
  databaseUrl?: string;
  pgliteDir?: string;
  /** A PGlite data-dir dump to start from (tests start from a migrated snapshot). */
  loadDataDir?: Blob | File;
  poolSize?: number;
}

/** Node only: PGlite when no DATABASE_URL is given, postgres.js otherwise. */
export async function openDatabase(opts: OpenOptions): Promise<DbHandle> {
  if (opts.databaseUrl) {
    const sql = postgres(opts.databaseUrl, {
      max: opts.poolSize ?? 10,
      onnotice: () => {},
      connection: { application_name: "yibao-wallet", lock_timeout: 5000, statement_timeout: 30000 },
    });
    const db = drizzlePg(sql, { schema }) as unknown as Db;
    return { db, kind: "postgres", close: () => sql.end({ timeout: 5 }) };
  }
  const dir = opts.pgliteDir ?? "memory://";
  if (!dir.startsWith("memory://")) mkdirSync(dir, { recursive: true });
  const client = await PGlite.create({ dataDir: dir, loadDataDir: opts.loadDataDir });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return { db, kind: "pglite", close: () => client.close() };
}

export async function migrateDatabase(handle: DbHandle): Promise<void> {
  if (handle.kind === "postgres") {
    await migratePg(handle.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  } else {
    await migratePglite(handle.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  }
}
