import type { OpenAPIHono, RouteConfig, RouteHandler } from "@hono/zod-openapi";
import type { Ctx } from "@/ctx";

export interface AuthUser {
  userId: string;
}
export interface AuthAgent {
  agentId: string;
  role: "agent" | "supervisor" | "auditor";
  username: string;
}
export interface SignedCaller {
  keyId: string;
  kind: "merchant" | "region";
  ownerId: string;
}

export interface AppEnv {
  Variables: {
    ctx: Ctx;
    requestId: string;
    user: AuthUser;
    agent: AuthAgent;
    caller: SignedCaller;
    idempotencyKey: string;
  };
  Bindings: Record<string, unknown>;
}

export type AppOpenAPI = OpenAPIHono<AppEnv>;
export type AppRouteHandler<R extends RouteConfig> = RouteHandler<R, AppEnv>;
