import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "@/app-env";
import type { Config } from "@/config";
import { chainAuditJob } from "./audit/audit.service";
import { registerJob } from "./jobs";
import { purgeIdempotencyKeys } from "./platform/idempotency";
import { identityRouter } from "./identity/identity.index";
import { sandboxRouter } from "./sandbox/sandbox.index";
import { walletRouter } from "./wallet/wallet.index";
import { agentsRouter } from "./agents/agents.index";
import { auditRouter } from "./audit/audit.index";
import { consoleRouter } from "./console/console.index";
import { conversationRouter } from "./conversation/conversation.index";
import { relativesRouter } from "./relatives/relatives.index";
import { familyRouter } from "./family/family.index";
import { transfersRouter } from "./transfers/transfers.index";
import { notificationsRouter } from "./notifications/notifications.index";
import { premiumsRouter } from "./premiums/premiums.index";
import { privacyRouter } from "./privacy/privacy.index";
import { sandboxMerchantsRouter, settlementRouter } from "./settlement/settlement.index";

/** Every feature's router, in one list, so app.ts stays the same as features are added. */
export function moduleRouters(config: Config): OpenAPIHono<AppEnv>[] {
  const routers = [identityRouter(), walletRouter(), relativesRouter(), transfersRouter(), notificationsRouter()];
  routers.push(agentsRouter(), auditRouter(), consoleRouter());
  routers.push(settlementRouter(), premiumsRouter(), familyRouter());
  routers.push(conversationRouter(), privacyRouter());
  if (config.sandbox) routers.push(sandboxRouter());
  if (config.sandbox) routers.push(sandboxMerchantsRouter());
  return routers;
}

registerJob({ name: "audit-chain", run: chainAuditJob });
registerJob({ name: "idempotency-purge", run: purgeIdempotencyKeys });
