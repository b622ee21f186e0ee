import type { Ctx } from "@/ctx";
import { seal, unseal } from "@/lib/pii";
import type { ConversationStatus } from "../conversation.schema";
import { FLOW_TITLES, T, render } from "./text";
import type { Card, ConvState, Flow, FlowName, FlowRun, Lang, Prompt, Text } from "./types";

export interface TurnMessage {
  role: "bot" | "user";
  text: string;
  card?: Card;
  stepId?: string;
  /** Card fields for this response only (an e-code): the stored message and any replay lack them. */
  secret?: Record<string, unknown>;
}

/** The conversation as one request sees it: loaded, changed by the engine, then written back. */
export interface ConvSnapshot {
  id: string;
  userId: string;
  flow: FlowName;
  status: ConversationStatus;
  state: ConvState;
  language: Lang;
}

/**
 * One request's work on a conversation. Holds what the flow is told (FlowRun), the messages it
 * produced and the status change, so the service can persist everything in one transaction.
 */
export class Turn implements FlowRun {
  readonly messages: TurnMessage[] = [];
  /** Answers that must never be stored (the PIN): alive only for this request. */
  readonly transient: Record<string, string> = {};
  flow!: Flow;
  flowName: FlowName;
  status: ConversationStatus;
  state: ConvState;
  /** Set when this turn hands the conversation to the agents' queue. */
  handoffTopic: string | null | undefined;
  closed = false;
  /** The prompt being answered, for idempotency keys of the actions it triggers. */
  answering: string | null = null;
  heardText?: string;

  constructor(
    readonly ctx: Ctx,
    readonly conv: ConvSnapshot,
    readonly ip: string,
  ) {
    this.flowName = conv.flow;
    this.status = conv.status;
    this.state = structuredClone(conv.state);
  }

  get userId() {
    return this.conv.userId;
  }
  get conversationId() {
    return this.conv.id;
  }
  get lang() {
    return this.conv.language;
  }
  get slots() {
    return this.state.slots;
  }

  async secret(slot: string): Promise<string | undefined> {
    if (this.transient[slot] !== undefined) return this.transient[slot];
    const sealed = this.state.sealed[slot];
    return sealed === undefined ? undefined : unseal(this.ctx.config.secrets.encryption, sealed);
  }

  async setSecret(slot: string, value: string): Promise<void> {
    this.state.sealed[slot] = await seal(this.ctx.config.secrets.encryption, value);
  }

  stepKey(): string {
    // Same prompt, same key: a step applied twice (a retry, a double tap) pays once.
    return `conv-${this.conv.id}-${this.answering ?? this.state.prompt?.stepId ?? "start"}`;
  }

  say(text: Text, card?: Card, secret?: Record<string, unknown>): void {
    this.messages.push({ role: "bot", text: render(text, this.lang), ...(card ? { card } : {}), ...(card && secret ? { secret } : {}) });
  }

  userSaid(text: string, stepId?: string): void {
    this.messages.push({ role: "user", text, ...(stepId ? { stepId } : {}) });
  }

  nextStepId(step: string): string {
    this.state.seq += 1;
    return `${step}-${this.state.seq}`;
  }

  /** A fresh state for a new flow or a restart; the counter carries on so step ids never repeat. */
  reset(): void {
    this.state = { slots: {}, sealed: {}, history: [], seq: this.state.seq, prompt: null, step: null };
  }

  /** Ends the conversation: nothing personal is kept once no step can use it. */
  end(status: "done" | "cancelled" | "expired", suggest: FlowName[] = []): void {
    this.status = status;
    this.closed = true;
    this.state.sealed = {};
    this.state.prompt = donePrompt(this, status === "expired" ? T.startAgain : T.anythingElse, suggest);
    this.state.step = null;
  }

  /** Puts the conversation in the agents' queue, with a text prompt for messages to them. */
  handoff(): void {
    this.handoffTopic = this.flowName === "agent" || this.flowName === "menu" ? null : this.flowName;
    this.status = "waiting_agent";
    this.state.sealed = {};
    this.say(T.handoff);
    this.chatPrompt();
  }

  chatPrompt(): void {
    this.state.step = "message";
    this.state.prompt = { stepId: this.nextStepId("message"), kind: "text", label: render(T.chatLabel, this.lang) };
  }
}

function donePrompt(turn: Turn, label: Text, suggest: FlowName[]): Prompt {
  return {
    stepId: turn.nextStepId("done"),
    kind: "done",
    label: render(label, turn.lang),
    ...(suggest.length ? { options: suggest.map((f) => ({ value: f, label: render(FLOW_TITLES[f], turn.lang) })) } : {}),
  };
}
