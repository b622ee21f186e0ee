import type { TestApp } from "./app";

/** A bearer token of one of the seeded sandbox console accounts. */
export async function agentToken(t: TestApp, username = "supervisor01", password = "Sandbox#2026"): Promise<string> {
  const r = await t.api("POST", "/v1/agent/sessions", { body: { username, password } });
  if (r.status !== 201) throw new Error(`agent login: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token;
}
