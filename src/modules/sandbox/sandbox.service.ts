import { sandboxRegistry } from "@/adapters/registry";
import type { Ctx } from "@/ctx";
import { DomainError } from "@/lib/problem";
import { requireValidIdNumber, upsertPersonFromRegistry } from "@/modules/identity/identity.service";
import { issueApiKey } from "@/modules/platform/keys";
import { regionByCode } from "@/modules/relatives/policy.service";
import type { SandboxPerson } from "./sandbox.routes";

function registryOf(ctx: Ctx) {
  return sandboxRegistry(ctx.db, { lookup: ctx.config.secrets.lookupHmac, encryption: ctx.config.secrets.encryption });
}

async function requireRegion(ctx: Ctx, code: string) {
  if (!(await regionByCode(ctx.db, code))) throw new DomainError("REGION_UNKNOWN", 422, "未知的统筹区", "Unknown pooling region");
}

/** A fictitious person in the sandbox registry, and their person row. */
export async function createPerson(ctx: Ctx, body: SandboxPerson): Promise<{ personId: string }> {
  const parsed = requireValidIdNumber(ctx, body.idNumber);
  await requireRegion(ctx, body.regionCode);
  const record = { ...body, idNumber: parsed.idNumber, phone: body.phone ?? null };
  await registryOf(ctx).putPerson(record);
  const person = await upsertPersonFromRegistry(ctx, ctx.db, record);
  return { personId: person.id };
}

/** A relation fact between two persons already in the sandbox registry. */
export async function createRelation(
  ctx: Ctx,
  body: { idNumber: string; relativeIdNumber: string; relation: "spouse" | "parent" | "sibling" },
): Promise<void> {
  const a = requireValidIdNumber(ctx, body.idNumber);
  const b = requireValidIdNumber(ctx, body.relativeIdNumber);
  const reg = registryOf(ctx);
  if (!(await reg.findPerson(a.idNumber)) || !(await reg.findPerson(b.idNumber))) {
    throw new DomainError("NOT_INSURED", 422, "登记库中没有该人员", "The person is not in the sandbox registry");
  }
  await reg.putRelation(a.idNumber, b.idNumber, body.relation);
}

/** An API key for a region system, for a known region. */
export async function createRegionKey(ctx: Ctx, regionCode: string) {
  await requireRegion(ctx, regionCode);
  return issueApiKey(ctx, "region", regionCode);
}
