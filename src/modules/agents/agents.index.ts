import { createRouter } from "@/lib/http";
import { registerJob } from "@/modules/jobs";
import { agentSessionOf } from "@/modules/platform/agent-auth";
import { clientIp } from "@/modules/platform/rate-limit";
import { onSeedSandbox } from "@/modules/sandbox/seed";
import * as routes from "./agents.routes";
import { loginAgent, logoutAgent } from "./auth.service";
import { cancelInvitation, resendInvitation } from "./invitation-actions.service";
import { revealField, searchPersons } from "./lookup.service";
import { decideReversal, getReversal, listReversals, proposeReversal } from "./reversals.service";
import { seedSandboxAgents } from "./sandbox-seed";
import { purgeAgentSessions } from "./sessions.job";
import { userContext } from "./user-context.service";
import { freezeWallet, unfreezeWallet } from "./wallet-actions.service";

onSeedSandbox(seedSandboxAgents);
registerJob({ name: "agent-sessions-purge", run: purgeAgentSessions });

export function agentsRouter() {
  const router = createRouter();

  router.openapi(routes.login, async (c) => {
    const { username, password } = c.req.valid("json");
    const ip = clientIp(c);
    const s = await loginAgent(c.get("ctx"), username, password, ip, "api");
    return c.json({ token: s.token, role: s.role, expiresAt: s.expiresAt.toISOString() }, 201);
  });

  router.openapi(routes.logout, async (c) => {
    const s = agentSessionOf(c);
    if (s) await logoutAgent(c.get("ctx"), c.get("agent"), s.session.id);
    return c.body(null, 204);
  });

  router.openapi(routes.me, (c) => {
    const a = c.get("agent");
    return c.json({ agentId: a.agentId, username: a.username, role: a.role }, 200);
  });

  router.openapi(routes.searchUsers, async (c) => c.json(await searchPersons(c.get("ctx"), c.get("agent"), c.req.valid("query").q), 200));

  router.openapi(routes.userContext, async (c) =>
    c.json(await userContext(c.get("ctx"), c.get("agent"), c.req.valid("param").personId), 200),
  );

  router.openapi(routes.reveal, async (c) => {
    const { field, reason } = c.req.valid("json");
    return c.json(await revealField(c.get("ctx"), c.get("agent"), c.req.valid("param").personId, field, reason), 200);
  });

  router.openapi(routes.freeze, async (c) =>
    c.json(await freezeWallet(c.get("ctx"), c.get("agent"), c.req.valid("param").id, c.req.valid("json").reason), 200),
  );

  router.openapi(routes.unfreeze, async (c) =>
    c.json(await unfreezeWallet(c.get("ctx"), c.get("agent"), c.req.valid("param").id, c.req.valid("json").reason), 200),
  );

  router.openapi(routes.cancelInvitation, async (c) =>
    c.json(await cancelInvitation(c.get("ctx"), c.get("agent"), c.req.valid("param").id, c.req.valid("json").reason), 200),
  );

  router.openapi(routes.resendInvitation, async (c) =>
    c.json(await resendInvitation(c.get("ctx"), c.get("agent"), c.req.valid("param").id), 200),
  );

  router.openapi(routes.proposeReversal, async (c) => {
    const { transferId, receiptNo, reason } = c.req.valid("json");
    return c.json(await proposeReversal(c.get("ctx"), c.get("agent"), { transferId, receiptNo }, reason), 201);
  });

  router.openapi(routes.listReversals, async (c) => c.json(await listReversals(c.get("ctx"), c.req.valid("query").status), 200));

  router.openapi(routes.getReversal, async (c) => c.json(await getReversal(c.get("ctx"), c.req.valid("param").id), 200));

  router.openapi(routes.approveReversal, async (c) =>
    c.json(await decideReversal(c.get("ctx"), c.get("agent"), c.req.valid("param").id, "approve"), 200),
  );

  router.openapi(routes.rejectReversal, async (c) =>
    c.json(await decideReversal(c.get("ctx"), c.get("agent"), c.req.valid("param").id, "reject"), 200),
  );

  return router;
}
