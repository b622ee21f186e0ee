import { and, eq, or } from "drizzle-orm";
import type { Ctx } from "@/ctx";
import { hmacHex } from "@/lib/crypto";
import { newId } from "@/lib/ids";
import { lookupHash } from "@/lib/pii";
import { isUniqueViolation } from "@/lib/pg-errors";
import { errors } from "@/lib/problem";
import { recordAudit } from "@/modules/audit/audit.service";
import { persons } from "@/modules/identity/identity.schema";
import { findPersonByIdHash } from "@/modules/identity/identity.repo";
import { requireValidIdNumber } from "@/modules/identity/identity.service";
import { canonicalJson, keyReused } from "@/modules/platform/idempotency";
import { returnPendingOfPerson } from "@/modules/transfers/transfers.settle";
import { endBinding } from "./bindings.service";
import { bindings, insuranceEvents } from "./relatives.schema";

type EventInput = { idNumber: string; event: "terminated" | "moved"; newRegionCode?: string; effectiveDate: string; reference: string };

function eventDto(r: typeof insuranceEvents.$inferSelect) {
  return { id: r.id, reference: r.reference, event: r.event, endedBindings: r.endedBindings, returnedTransfers: r.returnedTransfers };
}

/**
 * A person's insurance stopped or moved to another pooling region: their bindings end by themselves
 * and their pending transfers go back. Replays of the same reference return the first result.
 */
export async function applyInsuranceEvent(ctx: Ctx, regionCode: string, input: EventInput) {
  const parsed = requireValidIdNumber(ctx, input.idNumber);
  const requestHash = await hmacHex(ctx.config.secrets.lookupHmac, canonicalJson({ ...input, idNumber: parsed.idNumber }));
  const existing = async () => {
    const [r] = await ctx.db
      .select()
      .from(insuranceEvents)
      .where(and(eq(insuranceEvents.regionCode, regionCode), eq(insuranceEvents.reference, input.reference)));
    if (r && r.requestHash !== requestHash) throw keyReused();
    return r;
  };
  const first = await existing();
  if (first) return { status: 200 as const, body: eventDto(first) };
  const person = await findPersonByIdHash(ctx.db, await lookupHash(ctx.config.secrets.lookupHmac, "id", parsed.idNumber));
  if (!person) throw errors.notFound("参保人", "insured person");
  if (person.regionCode !== regionCode) throw errors.forbidden("该人员不属于本统筹区", "The person is not insured in this region");

  const now = ctx.clock.now();
  const returned = await returnPendingOfPerson(ctx, person.id, { type: "region", id: regionCode }, `insurance ${input.event}`);
  try {
    const row = await ctx.db.transaction(async (tx) => {
      const active = await tx
        .select()
        .from(bindings)
        .where(and(eq(bindings.status, "active"), or(eq(bindings.giverPersonId, person.id), eq(bindings.relativePersonId, person.id))));
      for (const b of active) await endBinding(tx, b.id, now, `insurance_${input.event}`);
      await tx
        .update(persons)
        .set(input.event === "moved" ? { regionCode: input.newRegionCode!, updatedAt: now } : { insurance: "none", updatedAt: now })
        .where(eq(persons.id, person.id));
      const [r] = await tx
        .insert(insuranceEvents)
        .values({
          id: newId(),
          regionCode,
          reference: input.reference,
          personId: person.id,
          event: input.event,
          newRegionCode: input.newRegionCode ?? null,
          effectiveDate: input.effectiveDate,
          requestHash,
          endedBindings: active.length,
          returnedTransfers: returned,
          createdAt: now,
        })
        .returning();
      await recordAudit(tx, now, {
        actorType: "region",
        actorId: regionCode,
        action: `insurance.${input.event}`,
        subjectType: "person",
        subjectId: person.id,
        details: { endedBindings: active.length, returnedTransfers: returned, reference: input.reference },
      });
      return r!;
    });
    return { status: 201 as const, body: eventDto(row) };
  } catch (e) {
    if (isUniqueViolation(e, "insurance_events_reference_uq")) {
      const r = await existing();
      if (r) return { status: 200 as const, body: eventDto(r) };
    }
    throw e;
  }
}
