import { z } from "@hono/zod-openapi";
import { type ConvState, FLOW_NAMES, type FlowName, type Prompt } from "./types";

// The conversation row's jsonb state and its flow name, checked where they are read from the database:
// a row that does not hold a state this code wrote fails loudly here, not deep inside a flow.

const PROMPT_KINDS = [
  "choice",
  "text",
  "amount",
  "id_number",
  "password",
  "password_change",
  "face",
  "confirm",
  "done",
] as const satisfies readonly Prompt["kind"][];

const PromptSchema: z.ZodType<Prompt> = z.object({
  stepId: z.string(),
  kind: z.enum(PROMPT_KINDS),
  label: z.string(),
  options: z.array(z.object({ value: z.string(), label: z.string(), relation: z.string().optional() })).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
});

const ConvStateSchema: z.ZodType<ConvState> = z.object({
  slots: z.record(z.string(), z.unknown()),
  sealed: z.record(z.string(), z.string()),
  history: z.array(z.string()),
  seq: z.number().int(),
  prompt: PromptSchema.nullable(),
  step: z.string().nullable(),
});

const FlowNameSchema = z.enum(FLOW_NAMES);

export function convStateOf(row: { state: unknown }): ConvState {
  return ConvStateSchema.parse(row.state);
}

export function flowNameOf(row: { flow: string }): FlowName {
  return FlowNameSchema.parse(row.flow);
}
