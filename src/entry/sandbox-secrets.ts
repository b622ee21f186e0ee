import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { ConfigError, parseConfig, SECRETS } from "@/config";
import { randomSecret } from "@/lib/crypto";

/** The file that keeps an embedded sandbox database's generated secrets: beside its folder. */
export function sandboxSecretsPath(pgliteDir: string): string {
  return `${pgliteDir.replace(/[\\/]+$/, "")}.secrets.json`;
}

/**
 * Node only. In sandbox mode on an embedded database kept on disk, the secrets the environment does
 * not give are generated once and kept in a file beside the database (mode 0600), so that a restart
 * opens the same sealed fields, look-up hashes, PIN hashes and sessions. Outside sandbox mode, with
 * DATABASE_URL, or with a throw-away `memory://` database the environment is returned as it is
 * (parseConfig then requires the secrets, or generates throw-away ones for a throw-away database).
 */
export function withSandboxSecrets(env: Record<string, string | undefined>): {
  env: Record<string, string | undefined>;
  file?: string;
  generated: string[];
} {
  const config = parseConfig(env);
  if (!config.sandbox || config.databaseUrl || config.pgliteDir.startsWith("memory://")) return { env, generated: [] };
  const file = sandboxSecretsPath(config.pgliteDir);
  let kept: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      kept = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    } catch {
      throw new ConfigError(`${file} is not valid JSON: restore it, or delete it together with ${config.pgliteDir} to start afresh`);
    }
    // Secrets are for this user only.
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  }
  const out = { ...env };
  const generated: string[] = [];
  for (const s of SECRETS) {
    if (out[s.env]) continue;
    const v = kept[s.env];
    if (typeof v === "string" && v.length >= s.min) {
      out[s.env] = v;
    } else {
      kept[s.env] = out[s.env] = randomSecret();
      generated.push(s.env);
    }
  }
  if (generated.length) {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(kept, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, file);
  }
  return { env: out, file, generated };
}
