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
