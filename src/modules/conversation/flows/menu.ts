import { z } from "@hono/zod-openapi";
import { understand, type Intent } from "../nlu/intent";
import { FLOW_TITLES } from "../engine/text";
import { FLOW_NAMES, L, type Flow, type FlowName } from "../engine/types";

const OFFERED: FlowName[] = [
  "ecode",
  "transfer",
  "incoming_transfers",
  "pay_premium",
  "balance",
  "bills",
  "merchants",
  "bind_relative",
  "accept_invitation",
  "cancel_invitation",
  "unbind",
  "guardian",
  "open_wallet",
  "change_pin",
  "usage_region",
  "close_wallet",
  "rules",
  "agent",
];

/** Which flow an understood intent starts; help, unknown and stray commands show the menu. */
export function flowForIntent(intent: Intent): FlowName {
  return (FLOW_NAMES as readonly string[]).includes(intent) ? (intent as FlowName) : "menu";
}

/** Help: what the assistant can do; a choice (or a sentence) starts that flow. */
export const menuFlow: Flow = {
  name: "menu",
  async start(r, heard) {
    if (heard && heard.intent === "unknown") {
      r.say(L("抱歉，我没有完全听懂。", "抱歉，我沒有完全聽懂。", "Sorry, I did not quite get that."));
    }
  },
  steps: [
    {
      id: "flow",
      kind: "choice",
      slot: "flow",
      ask: () => ({
        label: L(
          "您好，我是医保钱包助手，可以帮您办理以下业务：",
          "您好，我是醫保錢包助手，可以幫您辦理以下業務：",
          "Hello, I am the wallet assistant. I can help you with:",
        ),
        options: OFFERED.map((f) => ({ value: f, label: FLOW_TITLES[f] })),
      }),
      coerce(v, r) {
        if (typeof v !== "string" || OFFERED.includes(v as FlowName)) return v;
        const flow = flowForIntent(understand(v, r.ctx.clock.now()).intent);
        if (flow === "menu") return v;
        // A sentence instead of a button: its slots go to the flow it starts, which resets the
        // state in this same request, so the sentence is never stored.
        r.slots.said = v;
        return flow;
      },
      schema: z.enum(OFFERED as [FlowName, ...FlowName[]]),
    },
  ],
  async finish(r) {
    const said = typeof r.slots.said === "string" ? r.slots.said : null;
    return { type: "switch", flow: r.slots.flow as FlowName, heard: said ? understand(said, r.ctx.clock.now()) : null };
  },
};
