import { expect } from "vitest";
import type { TestApp } from "./app";

/** A user's side of one conversation: start it, then answer whatever prompt is open. */
export function chat(app: TestApp, token: string) {
  const c = {
    id: "",
    prompt: null as any,
    all: [] as any[],
    async start(body: Record<string, unknown>) {
      const r = await app.api("POST", "/v1/conversations", { token, body });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      c.id = r.body.id;
      c.prompt = r.body.prompt;
      c.all.push(...r.body.messages);
      return r.body;
    },
    async say(value: unknown) {
      const r = await app.api("POST", `/v1/conversations/${c.id}/replies`, { token, body: { stepId: c.prompt.stepId, value } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      c.prompt = r.body.prompt;
      c.all.push(...r.body.messages);
      return r.body;
    },
    texts: () => c.all.map((m: { text: string }) => m.text).join("\n"),
  };
  return c;
}
