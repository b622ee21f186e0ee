import { eq } from "drizzle-orm";
import type { AuthAgent } from "@/app-env";
import type { Ctx } from "@/ctx";
import { lookupHash, unseal } from "@/lib/pii";
import { errors } from "@/lib/problem";
import { recordAudit } from "@/modules/audit/audit.service";
import { persons, users } from "@/modules/identity/identity.schema";
import { wallets } from "@/modules/wallet/wallet.schema";
import { cleanReason } from "./reason";
import { regionNames } from "./user-context.service";

export type LookupKind = "id" | "phone" | "name";
export type RevealFieldName = "name" | "idNumber" | "phone";

/** An 18-character ID number, an 11-digit mobile number, or else a name: each matched exactly by its keyed hash. */
function classifyQuery(q: string): { kind: LookupKind; value: string } {
  const compact = q.replace(/[\s-]/g, "");
  if (/^\d{17}[\dXx]$/.test(compact)) return { kind: "id", value: compact.toUpperCase() };
  const phone = compact.replace(/^\+?86/, "");
  if (/^1\d{10}$/.test(phone)) return { kind: "phone", value: phone };
  return { kind: "name", value: q.trim() };
}

const MAX_RESULTS = 20;

export async function searchPersons(ctx: Ctx, agent: AuthAgent, q: string) {
  const { kind, value } = classifyQuery(q);
  const hash = await lookupHash(ctx.config.secrets.lookupHmac, kind, value);
  const column = kind === "id" ? persons.idHash : kind === "phone" ? persons.phoneHash : persons.nameHash;
  const rows = await ctx.db
    .select({ p: persons, userId: users.id, walletId: wallets.id, walletStatus: wallets.status })
    .from(persons)
    .leftJoin(users, eq(users.personId, persons.id))
    .leftJoin(wallets, eq(wallets.personId, persons.id))
    .where(eq(column, hash))
    .orderBy(persons.id)
    .limit(MAX_RESULTS);
  const names = await regionNames(
    ctx.db,
    rows.map((r) => r.p.regionCode),
  );
  const items = rows.map((r) => ({
    personId: r.p.id,
    userId: r.userId,
    maskedName: r.p.maskedName,
    maskedIdNumber: `${r.p.idPrefix4}**********${r.p.idLast4}`,
    maskedPhone: r.p.maskedPhone,
    regionCode: r.p.regionCode,
    regionName: names.get(r.p.regionCode) ?? r.p.regionCode,
    walletId: r.walletId,
    walletStatus: r.walletStatus,
  }));
  // The query itself is personal data: only its kind and what was shown go into the audit log.
  await recordAudit(ctx.db, ctx.clock.now(), {
    actorType: "agent",
    actorId: agent.agentId,
    action: "user.search",
    subjectType: "agent",
    subjectId: agent.agentId,
    details: { kind, personIds: items.map((i) => i.personId) },
  });
  return { items };
}

export async function revealField(ctx: Ctx, agent: AuthAgent, personId: string, field: RevealFieldName, reason: string) {
  const [p] = await ctx.db.select().from(persons).where(eq(persons.id, personId));
  if (!p) throw errors.notFound("人员", "person");
  const sealed = field === "name" ? p.nameEnc : field === "idNumber" ? p.idEnc : p.phoneEnc;
  const value = sealed ? await unseal(ctx.config.secrets.encryption, sealed) : null;
  await recordAudit(ctx.db, ctx.clock.now(), {
    actorType: "agent",
    actorId: agent.agentId,
    action: "user.reveal",
    subjectType: "person",
    subjectId: personId,
    details: { field, reason: cleanReason(reason) },
  });
  return { personId, field, value };
}
