import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "@/app-env";
import type { Config } from "@/config";

/** Every feature's router, in one list, so app.ts stays the same as features are added. */
export function moduleRouters(_config: Config): OpenAPIHono<AppEnv>[] {
  return [];
}
