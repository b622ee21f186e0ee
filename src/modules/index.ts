import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "@/app-env";
import type { Config } from "@/config";
import { identityRouter } from "./identity/identity.index";
import { sandboxRouter } from "./sandbox/sandbox.index";

/** Every feature's router, in one list, so app.ts stays the same as features are added. */
export function moduleRouters(config: Config): OpenAPIHono<AppEnv>[] {
  const routers = [identityRouter()];
  if (config.sandbox) routers.push(sandboxRouter());
  return routers;
}
