import { createRouter } from "@/lib/http";
import { checkLedger } from "@/modules/ledger/ledger.check";
import { requireAgent } from "@/modules/platform/agent-auth";
import { requireSignature, requireUser } from "@/modules/platform/middleware";
import { WALLET_AGREEMENT } from "./agreement";
import { creditPersonalAccount } from "./credits.service";
import { deliverReturns } from "./closing.service";
import { registerJob } from "@/modules/jobs";
import * as routes from "./wallet.routes";
import { listRegions } from "./regions.service";
import * as service from "./wallet.service";

registerJob({ name: "personal-account-returns", run: (ctx) => deliverReturns(ctx) });

export function walletRouter() {
  const router = createRouter();
  router.use("/v1/wallet", requireUser);
  router.use("/v1/wallet/entries", requireUser);
  router.use("/v1/wallet/password", requireUser);
  router.use("/v1/wallet/close", requireUser);
  router.use("/v1/wallet/closure", requireUser);
  router.use("/v1/wallet/usage-region", requireUser);
  router.use("/v1/integration/personal-account-credits", requireSignature("region"));
  router.use("/v1/admin/ledger/check", requireAgent(["supervisor", "auditor"]));

  router.openapi(routes.agreement, (c) => c.json(WALLET_AGREEMENT, 200));

  router.openapi(routes.openWallet, async (c) =>
    c.json(await service.openOwnWallet(c.get("ctx"), c.get("user").userId, c.req.valid("json")), 201),
  );

  router.openapi(routes.getWallet, async (c) => c.json(await service.getOwnWallet(c.get("ctx"), c.get("user").userId), 200));

  router.openapi(routes.entries, async (c) => {
    const ctx = c.get("ctx");
    const { wallet } = await service.requireOwnWallet(ctx, c.get("user").userId);
    return c.json(await service.listEntries(ctx, wallet, c.req.valid("query")), 200);
  });

  router.openapi(routes.changePassword, async (c) => {
    const body = c.req.valid("json");
    await service.changePassword(c.get("ctx"), c.get("user").userId, body.oldPassword, body.newPassword);
    return c.body(null, 204);
  });

  router.openapi(routes.closeWallet, async (c) =>
    c.json(await service.closeOwnWallet(c.get("ctx"), c.get("user").userId, c.req.valid("json").paymentPassword), 200),
  );
  router.openapi(routes.closure, async (c) => c.json(await service.ownClosure(c.get("ctx"), c.get("user").userId), 200));
  router.openapi(routes.regionsList, async (c) => c.json(await listRegions(c.get("ctx")), 200));
  router.openapi(routes.usageRegion, async (c) =>
    c.json(await service.changeUsageRegion(c.get("ctx"), c.get("user").userId, c.req.valid("json").usageRegionCode), 200),
  );

  router.openapi(routes.credit, async (c) => {
    const r = await creditPersonalAccount(c.get("ctx"), c.get("caller").ownerId, c.req.valid("json"));
    return r.status === 201 ? c.json(r.body, 201) : c.json(r.body, 200);
  });

  router.openapi(routes.ledgerCheck, async (c) => c.json(await checkLedger(c.get("ctx").db), 200));

  return router;
}
