import { createRouter } from "@/lib/http";
import * as routes from "./audit.routes";
import { listAudit, recordAudit, verifyChainAs } from "./audit.service";

export function auditRouter() {
  const router = createRouter();

  router.openapi(routes.listAudit, async (c) => {
    const ctx = c.get("ctx");
    const agent = c.get("agent");
    const page = await listAudit(ctx.db, c.req.valid("query"));
    await recordAudit(ctx.db, ctx.clock.now(), {
      actorType: "agent",
      actorId: agent.agentId,
      action: "audit.read",
      subjectType: "audit_log",
      subjectId: "-",
    });
    return c.json(page, 200);
  });

  router.openapi(routes.verifyAudit, async (c) => {
    const ctx = c.get("ctx");
    const verdict = await verifyChainAs(ctx, c.get("agent").agentId);
    return c.json(verdict, 200);
  });

  return router;
}
