import { createRouter } from "@/lib/http";
import { requireUser } from "@/modules/platform/middleware";
import { carerEcode, grantCareAccess, listCareAccess, revokeCareAccess } from "./care.service";
import { bindElder, takeOverWallet } from "./elders.service";
import * as routes from "./family.routes";
import { listQuotas, revokeQuota, revokeQuotaByAgent, setQuota } from "./quotas.service";
// Registers the console person page's panel for quotas and care access.
import "./family.console";

/** Family payments at the counter: quotas, care access (亲情账户) and guardian opening for elders. */
export function familyRouter() {
  const router = createRouter();
  for (const p of ["/v1/quotas", "/v1/care-access", "/v1/relatives/elders", "/v1/relatives/:bindingId/*"]) router.use(p, requireUser);
  const uid = (c: { get(k: "user"): { userId: string } }) => c.get("user").userId;

  router.openapi(routes.setQuota, async (c) =>
    c.json(await setQuota(c.get("ctx"), uid(c), c.req.valid("param").bindingId, c.req.valid("json")), 200),
  );
  router.openapi(routes.revokeQuota, async (c) => {
    await revokeQuota(c.get("ctx"), uid(c), c.req.valid("param").bindingId);
    return c.body(null, 204);
  });
  router.openapi(routes.listQuotas, async (c) => c.json(await listQuotas(c.get("ctx"), uid(c)), 200));
  router.openapi(routes.setCareAccess, async (c) => {
    const body = c.req.valid("json");
    const { bindingId } = c.req.valid("param");
    const state = body.granted
      ? await grantCareAccess(c.get("ctx"), uid(c), bindingId, body.faceToken)
      : await revokeCareAccess(c.get("ctx"), uid(c), bindingId, body.side);
    return c.json(state, 200);
  });
  router.openapi(routes.listCare, async (c) => c.json(await listCareAccess(c.get("ctx"), uid(c)), 200));
  router.openapi(routes.carerEcode, async (c) => c.json(await carerEcode(c.get("ctx"), uid(c), c.req.valid("param").bindingId), 201));
  router.openapi(routes.bindElder, async (c) => c.json(await bindElder(c.get("ctx"), uid(c), c.req.valid("json")), 201));
  router.openapi(routes.takeover, async (c) =>
    c.json(await takeOverWallet(c.get("ctx"), uid(c), c.req.valid("param").bindingId, c.req.valid("json")), 200),
  );
  router.openapi(routes.agentRevokeQuota, async (c) => {
    const { giverPersonId, reason } = c.req.valid("json");
    return c.json(await revokeQuotaByAgent(c.get("ctx"), c.get("agent"), c.req.valid("param").bindingId, giverPersonId, reason), 200);
  });
  return router;
}
