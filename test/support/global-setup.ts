import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { migrateDatabase, openDatabase } from "../../src/db/node";
import { connectPostgres, withDatabase } from "../../src/db/url";
import { prepareDatabase } from "./prepare";

/**
 * Migrates and seeds one database per run, through the real migrator: a PGlite data-dir dump that
 * every test file starts from, or a template database on PostgreSQL that each file clones.
 */
export default async function setup(project: TestProject) {
  // The statuses the HTTP tests observe, one file per test file (test/support/observed.ts), compared
  // with the OpenAPI document by scripts/openapi-statuses.ts after the run.
  // Each run has its own folder (runs can overlap); the script reads the newest.
  const root = join(process.cwd(), ".data", "openapi-observed");
  for (const old of existsSync(root) ? readdirSync(root) : []) {
    if (Date.now() - statSync(join(root, old)).mtimeMs > 86_400_000) rmSync(join(root, old), { recursive: true, force: true });
  }
  const observed = join(root, `run-${Date.now()}-${process.pid}`);
  mkdirSync(observed, { recursive: true });
  project.provide("observedStatusesDir", observed);
  const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (url) {
    // Every database of this run is named after it, so clean-up never touches another run's.
    const run = `${process.pid}_${Date.now().toString(36)}`;
    const template = `yb_tpl_${run}`;
    const admin = connectPostgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${template}`);
    const handle = await openDatabase({ databaseUrl: withDatabase(url, template), poolSize: 2 });
    await migrateDatabase(handle);
    await prepareDatabase(handle.db);
    await handle.close();
    project.provide("pgTemplate", template);
    project.provide("pgliteDump", "");
    return async () => {
      const dbs = await admin<
        { datname: string }[]
      >`select datname from pg_database where starts_with(datname, ${`yb_t_${run}_`}) or datname = ${template}`;
      for (const d of dbs) await admin.unsafe(`drop database if exists ${d.datname} with (force)`);
      await admin.end();
    };
  }
  const handle = await openDatabase({ pgliteDir: "memory://" });
  await migrateDatabase(handle);
  await prepareDatabase(handle.db);
  const pglite = (handle.db as unknown as { $client: { dumpDataDir(c?: "none" | "gzip"): Promise<Blob> } }).$client;
  const dump = await pglite.dumpDataDir("none");
  const dir = mkdtempSync(join(tmpdir(), "yb-pglite-"));
  const file = join(dir, "snapshot.tar");
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await handle.close();
  project.provide("pgliteDump", file);
  project.provide("pgTemplate", "");
}

declare module "vitest" {
  export interface ProvidedContext {
    pgliteDump: string;
    pgTemplate: string;
    observedStatusesDir: string;
  }
}
