// The flow engine: asks the first step a flow still needs, applies answers, goes back, cancels,
// hands off, and turns domain errors into chat messages. Flows stay declarative (flows/*.ts).

import type { Understanding } from "../nlu/intent";
import { commandOf, coerceByKind, redactFreeText, transcriptOf } from "./answers";
import { friendly, isDomainError, suggestFor } from "./errors";
import { flowByName } from "./registry";
import { T, render } from "./text";
import type { Turn } from "./turn";
import type { FlowName, Outcome, Step } from "./types";

// A flow that keeps failing the same way must not loop within one request.
const MAX_ROUNDS = 8;

function filled(turn: Turn, step: Step): boolean {
  if (step.storage === "transient") return turn.transient[step.slot] !== undefined;
  if (step.storage === "sealed") return turn.state.sealed[step.slot] !== undefined;
  return turn.state.slots[step.slot] !== undefined;
}

function applies(turn: Turn, step: Step): boolean {
  return step.when ? step.when(turn) : true;
}

/** The first step that applies and is not answered; steps passed on the way join the history. */
function nextStep(turn: Turn): Step | undefined {
  for (const step of turn.flow.steps) {
    if (!applies(turn, step)) continue;
    if (!filled(turn, step)) return step;
    if (!turn.state.history.includes(step.id)) turn.state.history.push(step.id);
  }
  return undefined;
}

async function ask(turn: Turn, step: Step): Promise<void> {
  const a = await step.ask(turn);
  const stepId = turn.nextStepId(step.id);
  turn.state.step = step.id;
  turn.state.prompt = {
    stepId,
    kind: step.kind,
    label: render(a.label, turn.lang),
    ...(a.options
      ? {
          options: a.options.map((o) => ({
            value: o.value,
            label: render(o.label, turn.lang),
            ...(o.relation ? { relation: o.relation } : {}),
          })),
        }
      : {}),
    ...(a.min !== undefined ? { min: a.min } : {}),
    ...(a.max !== undefined ? { max: a.max } : {}),
  };
  turn.messages.push({ role: "bot", text: turn.state.prompt.label, stepId, ...(a.card ? { card: a.card } : {}) });
}

/**
 * Asks `stepId` again. Later answers stay, except confirmations and the PIN: whatever changed
 * must be confirmed again, so a new amount is never paid on the old "确认".
 */
function rewindTo(turn: Turn, stepId: string): void {
  const steps = turn.flow.steps;
  const at = steps.findIndex((s) => s.id === stepId);
  if (at < 0) return;
  const cleared = new Set<string>();
  steps.forEach((s, i) => {
    if (i < at || (i > at && (s.keep || (s.kind !== "confirm" && s.storage !== "transient")))) return;
    cleared.add(s.id);
    for (const slot of [s.slot, ...(s.clears ?? [])]) {
      delete turn.state.slots[slot];
      delete turn.state.sealed[slot];
      delete turn.transient[slot];
    }
  });
  turn.state.history = turn.state.history.filter((h) => !cleared.has(h));
}

/** A domain error said kindly; true when the flow goes on from the step the flow names. */
function recovered(turn: Turn, err: unknown): boolean {
  if (!isDomainError(err)) throw err;
  turn.ctx.log.info("conversation step refused", { conversationId: turn.conversationId, flow: turn.flowName, code: err.code });
  turn.say(friendly(err));
  const target = turn.flow.recover?.(err, turn);
  if (target && turn.flow.steps.some((s) => s.id === target)) {
    rewindTo(turn, target);
    return true;
  }
  turn.end("done", suggestFor(err));
  return false;
}

async function settle(turn: Turn, outcome: Outcome, depth = 0): Promise<void> {
  switch (outcome.type) {
    case "done":
      return turn.end("done", outcome.suggest ?? []);
    case "cancelled":
      turn.say(turn.flow.cancelled ?? T.cancelled);
      return turn.end("cancelled");
    case "handoff":
      return turn.handoff();
    case "restart":
      turn.reset();
      return begin(turn, turn.flowName, null, depth + 1);
    case "switch":
      turn.reset();
      return begin(turn, outcome.flow, outcome.heard ?? null, depth + 1);
  }
}

/** Asks the next step, or runs the flow's action when nothing is missing. */
async function advance(turn: Turn, depth = 0): Promise<void> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    try {
      const step = nextStep(turn);
      if (step) return await ask(turn, step);
      return await settle(turn, await turn.flow.finish(turn), depth);
    } catch (e) {
      if (!recovered(turn, e)) return;
    }
  }
  turn.end("done", ["agent"]);
}

/** Starts `name` in this turn: pre-fills from what was heard, then asks or acts. */
export async function begin(turn: Turn, name: FlowName, heard: Understanding | null, depth = 0): Promise<void> {
  if (depth > 3) return turn.end("done");
  turn.flowName = name;
  turn.flow = flowByName(name);
  try {
    const outcome = await turn.flow.start?.(turn, heard);
    if (outcome) return await settle(turn, outcome, depth);
  } catch (e) {
    if (!recovered(turn, e)) return;
  }
  return advance(turn, depth);
}

/** Applies the user's answer to the open prompt. */
export async function answer(turn: Turn, raw: unknown): Promise<void> {
  turn.flow = flowByName(turn.flowName);
  const prompt = turn.state.prompt!;
  const step = turn.flow.steps.find((s) => s.id === turn.state.step);
  if (!step) return advance(turn);
  turn.answering = prompt.stepId;
  const now = turn.ctx.clock.now();

  // A button's own value is never read as a command, whatever letters it happens to contain.
  const isOption = prompt.options?.some((o) => o.value === raw) ?? false;
  const command = isOption ? null : commandOf(raw, step.kind, now);
  if (command) {
    turn.userSaid(transcriptOf(step, raw, undefined, prompt, turn.lang, true), prompt.stepId);
    if (command === "cancel") return settle(turn, { type: "cancelled" });
    if (command === "agent") return settle(turn, { type: "handoff" });
    const previous = turn.state.history[turn.state.history.length - 1];
    if (!previous) {
      turn.say(T.firstStep);
      return ask(turn, step);
    }
    rewindTo(turn, previous);
    return advance(turn);
  }

  let value = coerceByKind(step.kind, raw, prompt, now);
  if (step.coerce) value = step.coerce(value, turn, prompt);
  const parsed = step.schema.safeParse(value);
  turn.userSaid(transcriptOf(step, raw, parsed.success ? parsed.data : undefined, prompt, turn.lang, false), prompt.stepId);
  if (!parsed.success) {
    turn.say(step.invalid ?? (step.kind === "choice" ? T.pickOption : T.notUnderstood));
    return ask(turn, step);
  }
  try {
    await step.check?.(turn, parsed.data);
  } catch (e) {
    if (recovered(turn, e)) return advance(turn);
    return;
  }
  const kept = typeof parsed.data === "string" ? parsed.data : JSON.stringify(parsed.data);
  if (step.storage === "transient") turn.transient[step.slot] = kept;
  else if (step.storage === "sealed") await turn.setSecret(step.slot, kept);
  else turn.state.slots[step.slot] = parsed.data;
  if (!turn.state.history.includes(step.id)) turn.state.history.push(step.id);

  if (step.kind === "confirm" && parsed.data === false) return settle(turn, { type: "cancelled" });
  if (step.after) {
    try {
      const outcome = await step.after(turn);
      if (outcome) return settle(turn, outcome);
    } catch (e) {
      if (!recovered(turn, e)) return;
    }
  }
  return advance(turn);
}

/** A message while the conversation is with the agents: kept for them; "取消" leaves the queue. */
export function chat(turn: Turn, raw: unknown): void {
  const prompt = turn.state.prompt!;
  const text = typeof raw === "string" ? raw : String(raw ?? "");
  const command = commandOf(text, "text", turn.ctx.clock.now());
  turn.userSaid(redactFreeText(text), prompt.stepId);
  if (command === "cancel") {
    turn.say(T.handoffCancelled);
    turn.end("cancelled");
    return;
  }
  turn.chatPrompt();
}
