import type { Ctx } from "@/ctx";

interface AuthUser {
  userId: string;
}
export interface AuthAgent {
  agentId: string;
  role: "agent" | "supervisor" | "auditor";
  username: string;
}
interface SignedCaller {
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
