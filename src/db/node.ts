import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/postgres-js";
import { migrate as migratePg } from "drizzle-orm/postgres-js/migrator";
import type postgres from "postgres";
import type { Db, DbHandle } from "./client";
import * as schema from "./schema";
import { connectPostgres } from "./url";

const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../migrations", import.meta.url));

export interface OpenOptions {
  databaseUrl?: string;
  pgliteDir?: string;
  /** A PGlite data-dir dump to start from (tests start from a migrated snapshot). */
  loadDataDir?: Blob | File;
  poolSize?: number;
  /** Named prepared statements (PostgreSQL parses and plans each query shape once per connection). Default true. */
  prepare?: boolean;
}

type AnySql = ReturnType<typeof postgres>;

/**
 * drizzle sends every query through `unsafe(…, { prepare: false })`, so PostgreSQL parses and plans
 * each one anew: for the multi-statement CTEs of the money paths that planning cost more than their
 * execution. This wrapper lets postgres.js prepare them (one named statement per query text and
 * connection, re-used with new parameters), inside transactions and savepoints too.
 */
export function preparing<T extends AnySql>(sql: T): T {
  return new Proxy(sql, {
    get(target, prop, receiver) {
      if (prop === "unsafe") {
        return (query: string, args?: unknown[], options?: Record<string, unknown>) =>
          (target.unsafe as (q: string, a?: unknown[], o?: Record<string, unknown>) => unknown)(query, args, { ...options, prepare: true });
      }
      if (prop === "begin" || prop === "savepoint") {
        return (...a: unknown[]) => {
          const fn = a[a.length - 1] as (tx: AnySql) => unknown;
          a[a.length - 1] = (tx: AnySql) => fn(preparing(tx));
          return (Reflect.get(target, prop, receiver) as (...x: unknown[]) => unknown).apply(target, a);
        };
      }
      const v = Reflect.get(target, prop, receiver);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
}

/** Node only: PGlite when no DATABASE_URL is given, postgres.js otherwise. */
export async function openDatabase(opts: OpenOptions): Promise<DbHandle> {
  if (opts.databaseUrl) {
    const sql = connectPostgres(opts.databaseUrl, {
      max: opts.poolSize ?? 10,
      onnotice: () => {},
      connection: { application_name: "yibao-wallet", lock_timeout: 5000, statement_timeout: 30000 },
    });
    const db = drizzlePg(opts.prepare === false ? sql : preparing(sql), { schema }) as unknown as Db;
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
