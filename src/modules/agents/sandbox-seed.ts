import type { AuthAgent } from "@/app-env";
import type { Ctx } from "@/ctx";
import { upsertAgentAccount } from "./auth.service";

/** Printed by `npm start` and documented in API.md; sandbox only. */
const SANDBOX_AGENT_PASSWORD = "Sandbox#2026";

const SANDBOX_AGENTS: { username: string; displayName: string; role: AuthAgent["role"] }[] = [
  { username: "agent01", displayName: "客服 01", role: "agent" },
  { username: "supervisor01", displayName: "主管 01", role: "supervisor" },
  { username: "supervisor02", displayName: "主管 02", role: "supervisor" },
  { username: "auditor01", displayName: "审计 01", role: "auditor" },
];

export async function seedSandboxAgents(ctx: Ctx): Promise<void> {
  for (const a of SANDBOX_AGENTS) await upsertAgentAccount(ctx, { ...a, password: SANDBOX_AGENT_PASSWORD });
}
