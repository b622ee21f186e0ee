/**
 * How fast the audit chain links rows (src/modules/audit/audit.service.ts): a fresh database on the
 * local PostgreSQL, N unchained audit rows shaped like a transfer's, then `chainPending` and
 * `verifyAuditChain`, timed. `npx tsx bench/audit-chain.ts [rows]` (default 20,000);
 * BENCH_PG_URL as for `npm run bench`.
 */
import { migrateDatabase, openDatabase } from "../src/db/node";
import { connectPostgres, withDatabase } from "../src/db/url";
import { chainPending, verifyAuditChain } from "../src/modules/audit/audit.service";

const adminUrl = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const rows = Number(process.argv[2] ?? 20_000);
const connect = (url: string) => connectPostgres(url, { max: 1, onnotice: () => {} });
const admin = connect(adminUrl);
const name = `yb_bench_chain_${Date.now().toString(36)}`;
await admin.unsafe(`create database ${name}`);
const url = withDatabase(adminUrl, name);
const handle = await openDatabase({ databaseUrl: url });
try {
  await migrateDatabase(handle);
  const sql = connect(url);
  await sql`insert into audit_log (id, at, actor_type, actor_id, action, subject_type, subject_id, details)
    select 'id' || g, now(), 'user', 'u' || g, 'transfer.create', 'transfer', 't' || g,
      jsonb_build_object('amountFen', g, 'fromOwnFen', g, 'fromReceivedFen', 0, 'crossProvince', false)
    from generate_series(1, ${rows}) g`;
  await sql.end();
  let t = performance.now();
  const linked = await chainPending(handle.db, Math.ceil(rows / 5000) + 1);
  const chainS = (performance.now() - t) / 1000;
  t = performance.now();
  const verdict = await verifyAuditChain(handle.db);
  const verifyS = (performance.now() - t) / 1000;
  if (!verdict.ok || verdict.checked !== rows || linked !== rows)
    throw new Error(`chain: linked ${linked}, verdict ${JSON.stringify(verdict)}`);
  process.stdout.write(
    `audit chain: ${rows} rows linked in ${chainS.toFixed(2)} s (${Math.round(rows / chainS)} rows/s), verified in ${verifyS.toFixed(2)} s (${Math.round(rows / verifyS)} rows/s)\n`,
  );
} finally {
  await handle.close();
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
}
