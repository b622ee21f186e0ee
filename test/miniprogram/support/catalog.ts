import { mpRequire } from "./mp";

/** Every string of the compiled mini-program's tables as [namespace.key, [zh-CN, zh-TW, en]]. */
export function catalogTables(): [string, readonly string[]][] {
  const { catalog } = mpRequire<{ catalog: Record<string, Record<string, readonly string[]>> }>("lib/strings/index.js");
  return Object.entries(catalog).flatMap(([ns, table]) =>
    Object.entries(table).map(([k, v]) => [`${ns}.${k}`, v] as [string, readonly string[]]),
  );
}
