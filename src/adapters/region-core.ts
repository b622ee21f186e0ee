import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { newId } from "@/lib/ids";
import { lookupHash } from "@/lib/pii";
import { signRequest } from "@/lib/signing";
import { sandboxRegionCoreReturns } from "@/modules/sandbox/sandbox.schema";
import { fetchJson } from "./http-json";
import { AdapterError, type PersonalAccountReturn, type RegionCoreAdapter, type RegistryAdapter } from "./types";

/**
 * The sandbox region core: a return is booked in its own table, once per return id; a repeat answers
 * the first reference, a repeat with another person or amount is refused, as a real core would.
 */
export function sandboxRegionCore(db: Db, registry: RegistryAdapter, keys: { lookup: string }): RegionCoreAdapter {
  return {
    async returnToPersonalAccount(r) {
      const idHash = await lookupHash(keys.lookup, "id", r.idNumber);
      const [first] = await db.select().from(sandboxRegionCoreReturns).where(eq(sandboxRegionCoreReturns.returnId, r.returnId));
      if (first) return sameOrRefused(first, idHash, r.amountFen);
      const person = await registry.findPerson(r.idNumber);
      if (!person || person.regionCode !== r.regionCode)
        throw new AdapterError("region-core", "no such insured person in the region", "rejected");
      const coreReference = `SBX-${newId()}`;
      const [row] = await db
        .insert(sandboxRegionCoreReturns)
        .values({ returnId: r.returnId, idHash, amountFen: r.amountFen, coreReference })
        .onConflictDoNothing()
        .returning();
      if (row) return { coreReference };
      const [other] = await db.select().from(sandboxRegionCoreReturns).where(eq(sandboxRegionCoreReturns.returnId, r.returnId));
      return sameOrRefused(other!, idHash, r.amountFen);
    },
  };
}

function sameOrRefused(first: { idHash: string; amountFen: number; coreReference: string }, idHash: string, amountFen: number) {
  if (first.idHash !== idHash || first.amountFen !== amountFen)
    throw new AdapterError("region-core", "return id already used for another return", "rejected");
  return { coreReference: first.coreReference };
}

const ReturnAnswer = z.object({ returnId: z.string(), status: z.literal("credited"), coreReference: z.string().min(1) });

/**
 * A region core over HTTP (the national gateway in production): `POST /v1/personal-accounts/returns`,
 * signed like the calls the cores make to us (docs/SIGNING.md: HMAC-SHA-256 over method, path,
 * timestamp, nonce and the body's hash), with `Idempotency-Key` = the return id. 200/201 with
 * `status: credited` confirms; 4xx is a definite refusal; anything else (5xx, timeout, reset, garbage)
 * leaves the outcome unknown, so the caller retries with the same return id.
 */
export function httpRegionCore(opts: {
  apiBase?: string;
  keyId?: string;
  secret?: string;
  timeoutMs?: number;
  now?: () => number;
}): RegionCoreAdapter {
  return {
    async returnToPersonalAccount(r: PersonalAccountReturn) {
      if (!opts.apiBase || !opts.keyId || !opts.secret)
        throw new AdapterError(
          "region-core",
          "REGION_CORE_API_BASE, REGION_CORE_KEY_ID and REGION_CORE_SECRET are required",
          "unconfigured",
        );
      const path = "/v1/personal-accounts/returns";
      const body = JSON.stringify(r);
      const timestamp = String(Math.floor((opts.now?.() ?? Date.now()) / 1000));
      const nonce = crypto.randomUUID();
      const signature = await signRequest(opts.secret, { method: "POST", path, timestamp, nonce, body });
      const res = await fetchJson("region-core", `${opts.apiBase}${path}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "idempotency-key": r.returnId,
          "x-key-id": opts.keyId,
          "x-timestamp": timestamp,
          "x-nonce": nonce,
          "x-signature": signature,
        },
        body,
        timeoutMs: opts.timeoutMs,
      });
      if (res.status === 200 || res.status === 201) {
        const a = ReturnAnswer.safeParse(res.body);
        if (!a.success || a.data.returnId !== r.returnId) throw new AdapterError("region-core", "unexpected answer");
        return { coreReference: a.data.coreReference };
      }
      // 408 and 429 say "not now", not "no".
      if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
        const code = (res.body as { code?: unknown } | null)?.code;
        throw new AdapterError(
          "region-core",
          `refused: HTTP ${res.status}${typeof code === "string" ? ` ${code.slice(0, 60)}` : ""}`,
          "rejected",
        );
      }
      throw new AdapterError("region-core", `HTTP ${res.status}`);
    },
  };
}
