import { createRouter } from "@/lib/http";
import { registerJob } from "@/modules/jobs";
import { requireSignature, requireUser } from "@/modules/platform/middleware";
import { expireEcodesJob, issueEcode } from "./ecode.service";
import { listMerchants, registerMerchant } from "./merchants.service";
import { refundSettlement } from "./refund.service";
import * as routes from "./settlement.routes";
import "./settlement.seed";
import { getSettlement, settle } from "./settlement.service";
import { merchantStatement } from "./statement.service";
import { mySettlement } from "./my-settlement.service";

registerJob({ name: "ecode-expiry", run: expireEcodesJob });

/** E-codes for users, the public directory, and the signed merchant API. */
export function settlementRouter() {
  const router = createRouter();
  router.use("/v1/ecodes", requireUser);
  router.use("/v1/settlements/*", requireUser);
  router.use("/v1/merchant/*", requireSignature("merchant"));

  router.openapi(routes.merchants, async (c) => c.json(await listMerchants(c.get("ctx"), c.req.valid("query")), 200));

  router.openapi(routes.createEcode, async (c) => {
    const body = c.req.valid("json");
    return c.json(await issueEcode(c.get("ctx"), c.get("user").userId, body.walletId), 201);
  });

  router.openapi(routes.settle, async (c) => {
    const r = await settle(c.get("ctx"), c.get("caller").ownerId, c.req.valid("json"));
    return r.status === 201 ? c.json(r.body, 201) : c.json(r.body, 200);
  });

  router.openapi(routes.getSettlement, async (c) =>
    c.json(await getSettlement(c.get("ctx"), c.get("caller").ownerId, c.req.valid("param").id), 200),
  );

  router.openapi(routes.mySettlement, async (c) =>
    c.json(await mySettlement(c.get("ctx"), c.get("user").userId, c.req.valid("param").id), 200),
  );

  router.openapi(routes.refund, async (c) => {
    const r = await refundSettlement(c.get("ctx"), c.get("caller").ownerId, c.req.valid("param").id, c.req.valid("json"));
    return r.status === 201 ? c.json(r.body, 201) : c.json(r.body, 200);
  });

  router.openapi(routes.statement, async (c) =>
    c.json(await merchantStatement(c.get("ctx"), c.get("caller").ownerId, c.req.valid("query").date), 200),
  );

  return router;
}

/** Mounted only in sandbox mode. */
export function sandboxMerchantsRouter() {
  const router = createRouter();
  router.openapi(routes.sandboxMerchant, async (c) => c.json(await registerMerchant(c.get("ctx"), c.req.valid("json")), 201));
  return router;
}
