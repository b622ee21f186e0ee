/** SQLSTATE of a database error, looking through the wrappers drizzle and the drivers add. */
export function pgCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function constraintOf(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e; i++) {
    const c = (e as { constraint_name?: unknown; constraint?: unknown }).constraint_name ?? (e as { constraint?: unknown }).constraint;
    if (typeof c === "string") return c;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A unique violation (23505), optionally of one named index. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  if (pgCode(err) !== "23505") return false;
  if (!constraint) return true;
  const c = constraintOf(err);
  if (c) return c === constraint;
  let e: unknown = err;
  for (let i = 0; i < 4 && e; i++) {
    if (String((e as Error).message ?? "").includes(constraint)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Lock timeouts, serialization failures, deadlocks, cancelled statements, lost connections: nothing was applied. */
export const RETRYABLE_PG_CODES = [
  "55P03",
  "40001",
  "40P01",
  "57014",
  "57P01",
  "57P02",
  "57P03",
  "53300",
  "08006",
  "08003",
  "08000",
  "08001",
];

const CONNECTION_LOST = /CONNECTION_(CLOSED|ENDED|DESTROYED)|CONNECT_TIMEOUT|ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT/;

/**
 * The connection to the database went away. drizzle wraps the driver's error ("Failed query: …"
 * with the driver's error as `cause`), so look through the wrappers as pgCode does — but never at a
 * wrapper's message: it lists the statement's text and parameters (user data, such as a memo), so a
 * failure of a statement that merely carried "ECONNRESET" would read as a lost connection (the same
 * mistake once made WALLET_NOT_ACTIVE out of any failed credit, #17). Whether the statement was
 * applied is unknown here (it may have been a COMMIT), so the answer built on this claims nothing.
 */
export function connectionLost(err: unknown): boolean {
  let e: unknown = err;
  for (let i = 0; i < 4 && e; i++) {
    const { code, message, query } = e as { code?: unknown; message?: unknown; query?: unknown };
    if (typeof code === "string" && CONNECTION_LOST.test(code)) return true;
    if (query === undefined && typeof message === "string" && CONNECTION_LOST.test(message)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
