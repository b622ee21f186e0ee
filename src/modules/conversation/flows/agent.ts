import type { Flow } from "../engine/types";

/** Straight to the agents' queue; the engine keeps a text prompt open for messages to them. */
export const agentFlow: Flow = {
  name: "agent",
  start: async () => ({ type: "handoff" }),
  steps: [],
  finish: async () => ({ type: "handoff" }),
};
