import postgres from "postgres";

/**
 * A PostgreSQL URL as libpq reads it, for postgres.js: `?host=/var/run/postgresql` names the directory
 * of a Unix-domain socket (libpq's form; postgres.js would send an unknown `host` parameter to the
 * server as a setting and fail). Returns the URL without that parameter and the options that carry it.
 */
export function pgConnection(url: string): { url: string; options: { host?: string } } {
  const q = url.indexOf("?");
  if (q < 0) return { url, options: {} };
  const params = new URLSearchParams(url.slice(q + 1));
  const host = params.get("host");
  if (!host?.startsWith("/")) return { url, options: {} };
  params.delete("host");
  const rest = params.toString();
  return { url: url.slice(0, q) + (rest ? `?${rest}` : ""), options: { host } };
}

/** A postgres.js client on a URL read as libpq reads it (TCP, or a Unix socket through `?host=`). */
export function connectPostgres(url: string, options: postgres.Options<Record<string, postgres.PostgresType>> = {}) {
  const target = pgConnection(url);
  return postgres(target.url, { ...target.options, ...options });
}

/** The same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
