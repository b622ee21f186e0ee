import { eq, sql } from "drizzle-orm";
import { ConfigError, SECRETS, type Config } from "@/config";
import type { Db } from "@/db/client";
import { decryptText, hmacHex } from "@/lib/crypto";
import { lookupHash } from "@/lib/pii";
import { rowsOf } from "@/lib/rows";
import { secretFingerprints } from "@/modules/system/system.schema";

export function secretFingerprint(name: string, secret: string): Promise<string> {
  return hmacHex(secret, `yibao-wallet secret fingerprint v1:${name}`);
}

/**
 * Refuses to start with a secret that cannot open the data already in the database, rather than
 * answering 401, NOT_INSURED, PASSWORD_WRONG or 500 later. Each secret that data depends on has a
 * fingerprint recorded on first start; a database written before fingerprints existed is tried
 * once by opening one sealed identity and re-computing its look-up hash.
 */
export async function checkSecrets(db: Db, config: Config, hint: string): Promise<{ recorded: string[] }> {
  const guarded = SECRETS.filter((s) => s.guardsData);
  const rows = await db.select().from(secretFingerprints);
  const stored = new Map(rows.map((r) => [r.name, r.fingerprint]));
  const wrong: string[] = [];
  for (const s of guarded) {
    const want = stored.get(s.env);
    if (want !== undefined && want !== (await secretFingerprint(s.env, config.secrets[s.key]))) wrong.push(s.env);
  }
  if (!wrong.length && guarded.some((s) => !stored.has(s.env))) wrong.push(...(await tryExistingData(db, config)));
  if (wrong.length) {
    throw new ConfigError(
      `${wrong.join(", ")} ${wrong.length > 1 ? "are not the keys" : "is not the key"} this database was written with: ` +
        `its sealed personal data, look-up hashes or PIN hashes would not open. Refusing to start.\n  ${hint}`,
    );
  }
  const recorded: string[] = [];
  for (const s of guarded) {
    if (stored.has(s.env)) continue;
    const fingerprint = await secretFingerprint(s.env, config.secrets[s.key]);
    await db.insert(secretFingerprints).values({ name: s.env, fingerprint }).onConflictDoNothing();
    // Another instance may have recorded a different one at the same moment.
    const [row] = await db.select().from(secretFingerprints).where(eq(secretFingerprints.name, s.env));
    if (row && row.fingerprint !== fingerprint)
      throw new ConfigError(`${s.env} differs from the one another instance just recorded. Refusing to start.\n  ${hint}`);
    recorded.push(s.env);
  }
  return { recorded };
}

/** A database from before the fingerprints: open one sealed ID number and re-hash it. */
async function tryExistingData(db: Db, config: Config): Promise<string[]> {
  const samples: { sealed: string; hash: string; read: (plain: string) => string }[] = [];
  const [person] = rowsOf<{ id_enc: string; id_hash: string }>(await db.execute(sql`select id_enc, id_hash from persons limit 1`));
  if (person) samples.push({ sealed: person.id_enc, hash: person.id_hash, read: (p) => p });
  const [reg] = rowsOf<{ record_enc: string; id_hash: string }>(
    await db.execute(sql`select record_enc, id_hash from sandbox_registry_persons limit 1`),
  );
  if (reg)
    samples.push({
      sealed: reg.record_enc,
      hash: reg.id_hash,
      read: (p) => String((JSON.parse(p) as { idNumber?: unknown }).idNumber ?? ""),
    });
  for (const s of samples) {
    let plain: string;
    try {
      plain = s.read(await decryptText(config.secrets.encryption, s.sealed));
    } catch {
      return ["ENCRYPTION_KEY"];
    }
    if ((await lookupHash(config.secrets.lookupHmac, "id", plain)) !== s.hash) return ["LOOKUP_HMAC_KEY"];
  }
  return [];
}
