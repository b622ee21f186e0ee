import { readFileSync } from "node:fs";
import { inject } from "vitest";
import { openDatabase } from "../../src/db/node";
import type { DbHandle } from "../../src/db/client";
import { connectPostgres, withDatabase } from "../../src/db/url";

let counter = 0;

/** A fresh database for the calling test file: a clone of the migrated template, or a PGlite from the snapshot. */
export async function createTestDatabase(): Promise<DbHandle & { url?: string }> {
  const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  const template = inject("pgTemplate");
  if (url && template) {
    const name = `yb_t_${template.slice("yb_tpl_".length)}_${process.pid}_${counter++}`;
    const admin = connectPostgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name} template ${template}`);
    await admin.end();
    const dbUrl = withDatabase(url, name);
    const handle = await openDatabase({ databaseUrl: dbUrl, poolSize: 20 });
    return {
      ...handle,
      url: dbUrl,
      close: async () => {
        await handle.close();
        const a = connectPostgres(url, { max: 1, onnotice: () => {} });
        await a.unsafe(`drop database if exists ${name} with (force)`);
        await a.end();
      },
    };
  }
  const dump = inject("pgliteDump");
  const blob = new Blob([readFileSync(dump)]);
  return openDatabase({ pgliteDir: "memory://", loadDataDir: blob });
}

/**
 * Waits until PostgreSQL shows a backend of this database blocked by `holderPid` (a condition, not a
 * delay) and answers that backend's pid, or undefined if none ever was.
 */
export async function blockedBy(watcher: ReturnType<typeof connectPostgres>, holderPid: number): Promise<number | undefined> {
  for (let i = 0; i < 100_000; i++) {
    const rows =
      await watcher`select pid from pg_stat_activity where datname = current_database() and ${holderPid} = any(pg_blocking_pids(pid))`;
    if (rows[0]) return Number(rows[0].pid);
  }
  return undefined;
}
