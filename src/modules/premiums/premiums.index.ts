import { createRouter } from "@/lib/http";
import { canonical } from "@/modules/platform/idempotency";
import { registerJob } from "@/modules/jobs";
import { requireIdempotencyKey, requireUser } from "@/modules/platform/middleware";
import { payPremium } from "./payment.service";
import * as routes from "./premiums.routes";
import "./premiums.seed";
import { quotePremium } from "./quote.service";
import { premiumRegistryJob } from "./registry-sync";

registerJob({ name: "premium-registry-sync", run: premiumRegistryJob });

export function premiumsRouter() {
  const router = createRouter();
  router.use("/v1/premiums/*", requireUser);
  router.use("/v1/premiums/payments", requireIdempotencyKey);

  router.openapi(routes.quote, async (c) => c.json(await quotePremium(c.get("ctx"), c.get("user").userId, c.req.valid("query")), 200));

  router.openapi(routes.pay, async (c) => {
    const r = await payPremium(c.get("ctx"), c.get("user").userId, c.get("idempotencyKey"), c.req.valid("json"));
    if (r.replayed) c.header("Idempotent-Replayed", "true");
    return c.json(canonical(r.body), 201);
  });

  return router;
}
