import type { Ctx } from "@/ctx";

/**
 * What the console needs from the conversation module, and nothing more. The conversation module
 * owns the `conversations` table and its statuses (`waiting_agent` → `with_agent`); it registers an
 * implementation at start-up with `registerHandoffPort`. Until then the queue is simply empty.
 */
type HandoffStatus = "waiting_agent" | "with_agent" | "closed";

interface HandoffSummary {
  id: string;
  userId: string;
  status: HandoffStatus;
  /** The agent who took it, once taken. */
  agentId: string | null;
  /** When the user asked for an agent (the queue is ordered by it). */
  since: Date;
  /** The flow the user was in, e.g. `transfer`, for a hint in the queue. */
  topic: string | null;
}

export interface HandoffMessage {
  id: string;
  role: "bot" | "user" | "agent";
  text: string;
  at: Date;
}

export interface HandoffConversation extends HandoffSummary {
  messages: HandoffMessage[];
}

export interface HandoffPort {
  /** Conversations waiting for or being served by an agent, oldest first. */
  listHandoffs(ctx: Ctx): Promise<HandoffSummary[]>;
  getConversation(ctx: Ctx, id: string): Promise<HandoffConversation | null>;
  /** waiting_agent → with_agent for this agent; false when someone else took it first. */
  takeHandoff(ctx: Ctx, id: string, agentId: string): Promise<boolean>;
  /** Appends an agent message to the user's transcript (and notifies the user). */
  postAgentMessage(ctx: Ctx, id: string, agentId: string, text: string): Promise<HandoffMessage>;
  /** Hands the conversation back to the assistant. */
  closeHandoff?(ctx: Ctx, id: string, agentId: string): Promise<boolean>;
}

const emptyPort: HandoffPort = {
  listHandoffs: async () => [],
  getConversation: async () => null,
  takeHandoff: async () => false,
  postAgentMessage: async () => {
    throw new Error("no conversation module is registered");
  },
};

let current: HandoffPort = emptyPort;

export function registerHandoffPort(port: HandoffPort) {
  current = port;
}

export function handoffPort(): HandoffPort {
  return current;
}
