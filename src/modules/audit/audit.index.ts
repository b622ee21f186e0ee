import { createRouter } from "@/lib/http";
import * as routes from "./audit.routes";
import { readAuditAs, verifyChainAs } from "./audit.service";

export function auditRouter() {
  const router = createRouter();

  router.openapi(routes.listAudit, async (c) => {
    return c.json(await readAuditAs(c.get("ctx"), c.get("agent").agentId, c.req.valid("query")), 200);
  });

  router.openapi(routes.verifyAudit, async (c) => {
    const ctx = c.get("ctx");
    const verdict = await verifyChainAs(ctx, c.get("agent").agentId);
    return c.json(verdict, 200);
  });

  return router;
}
