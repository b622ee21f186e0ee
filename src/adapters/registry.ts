import { eq, inArray, or } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { lookupHash, seal, unseal } from "@/lib/pii";
import { sandboxRegistryEnrolments, sandboxRegistryPersons, sandboxRegistryRelations } from "@/modules/sandbox/sandbox.schema";
import { verifyRelation, type Relation } from "@/modules/relatives/relation-rules";
import { fetchJson } from "./http-json";
import { AdapterError, type FactRelation, type RegistryAdapter, type RegistryPerson } from "./types";

const RecordSchema = z.object({
  idNumber: z.string(),
  name: z.string(),
  regionCode: z.string(),
  insurance: z.enum(["employee", "resident", "none"]),
  personalAccountFen: z.number().int().min(0),
  phone: z.string().nullable(),
});

/** The sandbox registry lives in the database so that every server instance sees the same persons. */
export function sandboxRegistry(
  db: Db,
  keys: { lookup: string; encryption: string },
): RegistryAdapter & {
  putPerson(p: RegistryPerson): Promise<void>;
  putRelation(idNumber: string, relativeIdNumber: string, relation: FactRelation): Promise<void>;
} {
  const hashOf = (id: string) => lookupHash(keys.lookup, "id", id);
  return {
    async findPerson(idNumber) {
      const [row] = await db
        .select()
        .from(sandboxRegistryPersons)
        .where(eq(sandboxRegistryPersons.idHash, await hashOf(idNumber)));
      if (!row) return null;
      return RecordSchema.parse(JSON.parse(await unseal(keys.encryption, row.recordEnc)));
    },
    async putPerson(p) {
      const recordEnc = await seal(keys.encryption, JSON.stringify(RecordSchema.parse(p)));
      await db
        .insert(sandboxRegistryPersons)
        .values({ idHash: await hashOf(p.idNumber), recordEnc })
        .onConflictDoUpdate({ target: sandboxRegistryPersons.idHash, set: { recordEnc } });
    },
    async putRelation(idNumber, relativeIdNumber, relation) {
      await db
        .insert(sandboxRegistryRelations)
        .values({ idHash: await hashOf(idNumber), relativeIdHash: await hashOf(relativeIdNumber), relation })
        .onConflictDoNothing();
    },
    async confirmRelation(idNumber, relativeIdNumber, relation) {
      const a = await hashOf(idNumber);
      const b = await hashOf(relativeIdNumber);
      // Derived relations (grandparents, siblings through a parent) need facts two steps away.
      const rel = sandboxRegistryRelations;
      const near = await db
        .select()
        .from(rel)
        .where(or(inArray(rel.idHash, [a, b]), inArray(rel.relativeIdHash, [a, b])));
      const hop = new Set<string>();
      for (const f of near) hop.add(f.idHash).add(f.relativeIdHash);
      const far = hop.size
        ? await db
            .select()
            .from(rel)
            .where(or(inArray(rel.idHash, [...hop]), inArray(rel.relativeIdHash, [...hop])))
        : [];
      const facts = [...near, ...far].map((f) => ({ person: f.idHash, relative: f.relativeIdHash, relation: f.relation }));
      return verifyRelation(facts, a, b, relation as Relation);
    },
    async personalAccountBalance(idNumber) {
      const p = await this.findPerson(idNumber);
      return p?.insurance === "employee" ? p.personalAccountFen : 0;
    },
    async recordPremium(idNumber, kind, year, receiptNo) {
      await db
        .insert(sandboxRegistryEnrolments)
        .values({ idHash: await hashOf(idNumber), kind, year, receiptNo })
        .onConflictDoNothing();
    },
  };
}

const PersonAnswer = z.object({ person: RecordSchema.nullable() });
const BoolAnswer = z.object({ confirmed: z.boolean() });
const BalanceAnswer = z.object({ balanceFen: z.number().int().min(0) });

/** The insurance registry and region cores over HTTP (a national gateway in production). */
export function httpRegistry(opts: { apiBase?: string; apiKey?: string; timeoutMs?: number }): RegistryAdapter {
  const call = async (path: string, body: unknown) => {
    if (!opts.apiBase) throw new AdapterError("registry", "REGISTRY_API_BASE not configured");
    const res = await fetchJson("registry", `${opts.apiBase}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${opts.apiKey ?? ""}` },
      body: JSON.stringify(body),
      timeoutMs: opts.timeoutMs,
    });
    if (res.status !== 200) throw new AdapterError("registry", `HTTP ${res.status}`);
    return res.body;
  };
  return {
    async findPerson(idNumber) {
      return PersonAnswer.parse(await call("/v1/persons/lookup", { idNumber })).person;
    },
    async confirmRelation(idNumber, relativeIdNumber, relation) {
      return BoolAnswer.parse(await call("/v1/relations/confirm", { idNumber, relativeIdNumber, relation })).confirmed;
    },
    async personalAccountBalance(idNumber) {
      return BalanceAnswer.parse(await call("/v1/personal-accounts/balance", { idNumber })).balanceFen;
    },
    async recordPremium(idNumber, kind, year, receiptNo) {
      await call("/v1/enrolments", { idNumber, kind, year, receiptNo });
    },
  };
}
