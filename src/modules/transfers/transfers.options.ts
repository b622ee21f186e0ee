import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "@/app-env";
import type { Ctx } from "@/ctx";
import { bearerSecurity, jsonResponse, problemResponses } from "@/lib/http";
import type { DomainError } from "@/lib/problem";
import { beijingDate } from "@/lib/time";
import { insufficientFunds } from "@/modules/ledger/ledger.service";
import { listRelatives } from "@/modules/relatives/bindings.service";
import { policyOnDate, regionByCode, requirePolicy } from "@/modules/relatives/policy.service";
import { walletBalances, walletByPerson } from "@/modules/wallet/wallet.repo";
import { requireOwnWallet } from "@/modules/wallet/wallet.service";
import { crossProvinceAllowed, isCrossProvince, transferAmountRange, transferWindow, transfersLeftToday } from "./transfer-rules";
import { transferErrors } from "./transfers.errors";
import { countSentOn, pendingOf } from "./transfers.repo";
import { settleExpiredFor } from "./transfers.settle";

// What a client checks before it asks for the PIN (API.md, GET /v1/transfers/options). Every answer
// comes from the same rule functions (transfer-rules.ts) and the same error texts (transfers.errors.ts)
// as creating a transfer, so a refusal the rules already decide is shown before the PIN, never after.

const Reason = z.object({ code: z.string(), detail: z.string(), detailEn: z.string() }).openapi("TransferRefusalReason");

export const TransferOptionsDto = z
  .object({
    availableFen: z.number().int().openapi({ description: "Own plus received funds, without what is held for a pending transfer" }),
    minFen: z.number().int(),
    maxFen: z.number().int().openapi({
      description: "The largest amount a transfer may have now: balance, per-transfer limit, 0 when no transfer is left today",
    }),
    remainingToday: z.number().int().openapi({ description: "Transfers the sender may still create today (Beijing day)" }),
    openNow: z.boolean(),
    opensAt: z.string().nullable().openapi({ description: "When transfers open again (end of the quiet hours); null while open" }),
    pendingTransferId: z
      .string()
      .nullable()
      .openapi({ description: "The sender's transfer awaiting acceptance; no other can be sent until it is decided" }),
    blocked: Reason.nullable().openapi({ description: "Why no transfer can be sent now to anyone (the first rule that refuses), or null" }),
    recipients: z.array(
      z.object({
        bindingId: z.string(),
        maskedName: z.string(),
        relation: z.string(),
        regionCode: z.string(),
        regionName: z.string().nullable(),
        canReceive: z.boolean(),
        reason: Reason.optional(),
      }),
    ),
  })
  .openapi("TransferOptions");

const optionsRoute = createRoute({
  method: "get",
  path: "/v1/transfers/options",
  tags: ["transfers"],
  summary: "What can be sent now, and to whom: checked before the PIN is asked for",
  security: bearerSecurity,
  responses: { 200: jsonResponse(TransferOptionsDto, "Transfer options"), ...problemResponses(401, 404, 422) },
});

const reasonOf = (e: DomainError) => ({ code: e.code, detail: e.detail, detailEn: e.detailEn });

export async function transferOptions(ctx: Ctx, userId: string): Promise<z.infer<typeof TransferOptionsDto>> {
  const { wallet } = await requireOwnWallet(ctx, userId);
  await settleExpiredFor(ctx, wallet.id);
  const now = ctx.clock.now();
  const today = beijingDate(now);
  const [policy, balances, sentToday, pending, relatives, myRegion] = await Promise.all([
    requirePolicy(ctx.db, wallet.regionCode, today),
    walletBalances(ctx.db, wallet),
    countSentOn(ctx.db, wallet.id, today),
    pendingOf(ctx.db, wallet.id),
    listRelatives(ctx, userId),
    regionByCode(ctx.db, wallet.regionCode),
  ]);
  const availableFen = balances.ownFen + balances.receivedFen;
  const window = transferWindow(now, policy);
  const remainingToday = transfersLeftToday(sentToday, policy);
  const range = transferAmountRange(policy, availableFen);
  const maxFen = remainingToday === 0 ? 0 : range.maxFen;

  // The sender-wide refusals, in the order creating a transfer checks them.
  let blocked: DomainError | null = null;
  if (wallet.status !== "active") blocked = transferErrors.walletNotActive("sender");
  else if (!window.openNow) blocked = transferErrors.fromRefusal({ code: "OUTSIDE_TRANSFER_HOURS" });
  else if (pending) blocked = transferErrors.pending();
  else if (remainingToday === 0)
    blocked = transferErrors.fromRefusal({ code: "LIMIT_EXCEEDED", limit: { kind: "daily_count", value: policy.maxDailyTransfers } });
  else if (range.maxFen < range.minFen) blocked = insufficientFunds();

  const provinces = new Map<string, string | undefined>([[wallet.regionCode, myRegion?.provinceCode]]);
  const recipients = [];
  for (const r of relatives.items) {
    const theirWallet = await walletByPerson(ctx.db, r.relative.personId);
    const regionCode = theirWallet?.regionCode ?? r.relative.regionCode;
    const region = await regionByCode(ctx.db, regionCode);
    provinces.set(regionCode, region?.provinceCode);
    let refusal: DomainError | null = null;
    if (!theirWallet || theirWallet.status === "closed") refusal = transferErrors.recipientNoWallet();
    else if (isCrossProvince(wallet.regionCode, regionCode, (c) => provinces.get(c))) {
      if (!crossProvinceAllowed(policy, await policyOnDate(ctx.db, regionCode, today))) refusal = transferErrors.crossProvince();
    }
    if (!refusal && pending && pending.bindingId === r.bindingId) refusal = transferErrors.pending();
    recipients.push({
      bindingId: r.bindingId,
      maskedName: r.relative.maskedName,
      relation: r.relation,
      regionCode,
      regionName: region?.name ?? null,
      canReceive: !refusal,
      ...(refusal ? { reason: reasonOf(refusal) } : {}),
    });
  }
  return {
    availableFen,
    minFen: range.minFen,
    maxFen,
    remainingToday,
    openNow: window.openNow,
    opensAt: window.opensAt?.toISOString() ?? null,
    pendingTransferId: pending?.id ?? null,
    blocked: blocked ? reasonOf(blocked) : null,
    recipients,
  };
}

/** Registered before `GET /v1/transfers/{id}`, which would otherwise take "options" for an id. */
export function registerTransferOptions(router: OpenAPIHono<AppEnv>): void {
  router.openapi(optionsRoute, async (c) => c.json(await transferOptions(c.get("ctx"), c.get("user").userId), 200));
}
