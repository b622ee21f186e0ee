import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "@/app-env";
import type { Config } from "@/config";
import { chainAuditJob } from "./audit/audit.service";
import { registerJob } from "./jobs";
import { purgeIdempotencyKeys } from "./platform/idempotency";
import { identityRouter } from "./identity/identity.index";
import { sandboxRouter } from "./sandbox/sandbox.index";
import { walletRouter } from "./wallet/wallet.index";

/** Every feature's router, in one list, so app.ts stays the same as features are added. */
export function moduleRouters(config: Config): OpenAPIHono<AppEnv>[] {
  const routers = [identityRouter(), walletRouter()];
  if (config.sandbox) routers.push(sandboxRouter());
  return routers;
}

registerJob({ name: "audit-chain", run: chainAuditJob });
registerJob({ name: "idempotency-purge", run: purgeIdempotencyKeys });
