import { afterAll } from "vitest";
import {
  handoffPort,
  registerHandoffPort,
  type HandoffConversation,
  type HandoffMessage,
  type HandoffPort,
} from "../../../src/modules/console/handoff-port";

let seq = 0;
const nextId = () => `h${Date.now().toString(36)}${(seq++).toString(36).padStart(4, "0")}`;

/**
 * An in-memory stand-in for the conversation module's hand-off queue, registered through the
 * console's port exactly as the real module will be, for the calling test file only: the port it
 * replaced is put back after the file, since files share their worker's modules (isolate: false)
 * and the next file's app must reach the real conversation module.
 */
export function memoryHandoffs() {
  const convs = new Map<string, HandoffConversation>();
  const port: HandoffPort = {
    listHandoffs: async () =>
      [...convs.values()].filter((c) => c.status !== "closed").sort((a, b) => a.since.getTime() - b.since.getTime()),
    getConversation: async (_ctx, id) => convs.get(id) ?? null,
    takeHandoff: async (_ctx, id, agentId) => {
      const c = convs.get(id);
      if (c?.status !== "waiting_agent") return false;
      c.status = "with_agent";
      c.agentId = agentId;
      return true;
    },
    postAgentMessage: async (_ctx, id, _agentId, text) => {
      const m: HandoffMessage = { id: nextId(), role: "agent", text, at: new Date() };
      convs.get(id)!.messages.push(m);
      return m;
    },
    closeHandoff: async (_ctx, id, agentId) => {
      const c = convs.get(id);
      if (!c || c.agentId !== agentId) return false;
      c.status = "closed";
      return true;
    },
  };
  const previous = handoffPort();
  registerHandoffPort(port);
  afterAll(() => registerHandoffPort(previous));
  return {
    port,
    /** A user asked for an agent after a few messages with the assistant. */
    add(userId: string, texts: string[] = ["给我妈转两百", "转账失败了，转人工客服"], topic = "transfer") {
      const id = nextId();
      const at = Date.now() - 5 * 60_000;
      const messages: HandoffMessage[] = texts.map((text, i) => ({
        id: nextId(),
        role: i % 2 === 0 ? "user" : "bot",
        text,
        at: new Date(at + i * 1000),
      }));
      convs.set(id, { id, userId, status: "waiting_agent", agentId: null, since: new Date(at), topic, messages });
      return id;
    },
    /** The user writes while the agent has the page open. */
    userSays(id: string, text: string) {
      convs.get(id)!.messages.push({ id: nextId(), role: "user", text, at: new Date() });
    },
    get: (id: string) => convs.get(id)!,
  };
}
