import type { z } from "@hono/zod-openapi";
import type { Ctx } from "@/ctx";
import type { DomainError } from "@/lib/problem";
import type { Understanding } from "../nlu/intent";

export type Lang = "zh-CN" | "zh-TW" | "en";

/** A sentence in the three interface languages; rendered once, in the conversation's language. */
export type Text = Record<Lang, string>;

export const FLOW_NAMES = [
  "open_wallet",
  "bind_relative",
  "accept_invitation",
  "transfer",
  "incoming_transfers",
  "pay_premium",
  "balance",
  "bills",
  "ecode",
  "merchants",
  "unbind",
  "cancel_invitation",
  "change_pin",
  "usage_region",
  "close_wallet",
  "guardian",
  "family_payments",
  "rules",
  "agent",
  "menu",
] as const;
export type FlowName = (typeof FLOW_NAMES)[number];

/**
 * password_change: the client asks the current PIN, the new one and the new one again on its own
 * keypad and answers once with { oldPassword, newPassword }, so that no PIN outlives the request
 * that uses it.
 */
type PromptKind = "choice" | "text" | "amount" | "id_number" | "password" | "password_change" | "face" | "confirm" | "done";
export type StepKind = Exclude<PromptKind, "done">;

/** Cards carry masked data only: they are stored with the transcript and shown to agents. */
export type Card = { type: string } & Record<string, unknown>;

export interface OptionSpec {
  value: string;
  label: Text;
  /** Lets free text pick the option ("我妈" → the parent). */
  relation?: string;
}

/** What a step asks, before rendering. */
interface Ask {
  label: Text;
  options?: OptionSpec[];
  min?: number;
  max?: number;
  card?: Card;
}

/** The open prompt as the client sees it (rendered), kept in the conversation's state. */
export interface Prompt {
  stepId: string;
  kind: PromptKind;
  label: string;
  options?: { value: string; label: string; relation?: string }[];
  min?: number;
  max?: number;
}

/** How a flow moves on after a hook or its final action. */
export type Outcome =
  | { type: "done"; suggest?: FlowName[] }
  | { type: "cancelled" }
  | { type: "restart" }
  | { type: "switch"; flow: FlowName; heard?: Understanding | null }
  | { type: "handoff" };

/** What a flow sees of the running conversation. */
export interface FlowRun {
  ctx: Ctx;
  userId: string;
  conversationId: string;
  lang: Lang;
  ip: string;
  /** The free text the conversation was started with, if any (already understood into `heard`). */
  heardText?: string;
  /** Plain slots (no personal data). */
  slots: Record<string, unknown>;
  /** A sealed or transient slot's value, decrypted; undefined when not given. */
  secret(slot: string): Promise<string | undefined>;
  setSecret(slot: string, value: string): Promise<void>;
  /** The open prompt's id: a key that is the same every time this very step is applied. */
  stepKey(): string;
  /** `secret` joins the card in this response only: never stored, never shown to agents (an e-code). */
  say(text: Text, card?: Card, secret?: Record<string, unknown>): void;
}

export interface Step {
  id: string;
  kind: StepKind;
  slot: string;
  /** plain: in state; sealed: encrypted in state; transient: only for the request that answers it (the PIN). */
  storage?: "plain" | "sealed" | "transient";
  /** How the answer shows in the transcript when it is personal data. */
  mask?: "name";
  /** Whether the step applies at all (e.g. the name step only before real-name verification). */
  when?: (r: FlowRun) => boolean;
  ask: (r: FlowRun) => Ask | Promise<Ask>;
  /** Validates the answer once `coerce` has turned free text into the slot's type. */
  schema: z.ZodType;
  coerce?: (raw: unknown, r: FlowRun, prompt: Prompt) => unknown;
  /** Checks that need services; a DomainError re-asks this step with a friendly message. */
  check?: (r: FlowRun, value: unknown) => Promise<void>;
  /** Runs once the answer is stored; may end or redirect the flow. */
  // biome-ignore lint/suspicious/noConfusingVoidType: an async step that returns nothing goes on (Promise<void> is not Promise<undefined>)
  after?: (r: FlowRun) => Promise<Outcome | void>;
  /** Slots derived from this one, cleared with it when the user goes back. */
  clears?: string[];
  /** Said when an answer cannot be understood. */
  invalid?: Text;
  /** A confirmation that does not depend on earlier answers (the agreement): kept when one changes. */
  keep?: boolean;
}

export interface Flow {
  name: FlowName;
  /** Pre-fills slots from what the user said and what is known, or ends at once. */
  // biome-ignore lint/suspicious/noConfusingVoidType: a start that returns nothing goes on to the steps
  start?: (r: FlowRun, heard: Understanding | null) => Promise<Outcome | void>;
  steps: Step[];
  finish: (r: FlowRun) => Promise<Outcome>;
  /** The step a refused answer sends the user back to; undefined ends the flow politely. */
  recover?: (err: DomainError, r: FlowRun) => string | undefined;
  /** Said when the user answers "no" to a confirm step or cancels. */
  cancelled?: Text;
}

/** Everything the engine keeps between requests. */
export interface ConvState {
  slots: Record<string, unknown>;
  sealed: Record<string, string>;
  /** Steps passed (answered or pre-filled), most recent last: "back" pops one. */
  history: string[];
  seq: number;
  prompt: Prompt | null;
  /** The step definition behind `prompt`. */
  step: string | null;
}

export function emptyState(): ConvState {
  return { slots: {}, sealed: {}, history: [], seq: 0, prompt: null, step: null };
}

export const L = (zhCN: string, zhTW: string, en: string): Text => ({ "zh-CN": zhCN, "zh-TW": zhTW, en });
