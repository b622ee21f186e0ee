import { z } from "@hono/zod-openapi";
import { MAX_MESSAGE_CHARS } from "./nlu/intent";
import { CONVERSATION_STATUSES } from "./conversation.schema";
import { FLOW_NAMES } from "./engine/types";

const Lang = z.enum(["zh-CN", "zh-TW", "en"]);

export const StartBody = z
  .object({
    flow: z
      .enum(FLOW_NAMES)
      .optional()
      .openapi({ description: "The flow to start; without it, `text` is understood, else the menu is shown" }),
    text: z.string().trim().min(1).max(MAX_MESSAGE_CHARS).optional().openapi({ example: "给我妈转两百" }),
    language: Lang.optional().openapi({ description: "Defaults to the user's language" }),
  })
  .openapi("ConversationStart");

export const ReplyBody = z
  .object({
    stepId: z.string().min(1).max(64),
    value: z
      .union([
        z.string().max(MAX_MESSAGE_CHARS),
        z.number(),
        z.boolean(),
        z
          .object({ oldPassword: z.string().max(32), newPassword: z.string().max(32) })
          .strict()
          .openapi("PasswordChangeAnswer"),
      ])
      .optional()
      .openapi({
        description:
          "choice: an option's value (or free text); amount: integer fen, or typed text such as “两百” / “200.5”; confirm: true/false; password, id_number, text: the string; password_change: { oldPassword, newPassword }; face: the face token. “返回”/“back” goes back a step, “取消”/“cancel” ends the flow, “转人工” asks for an agent.",
      }),
  })
  .openapi("ConversationReply");

export const ReadQuery = z.object({
  after: z.string().min(1).max(64).optional().openapi({ description: "Only messages after this message id" }),
  wait: z.coerce
    .number()
    .int()
    .min(1)
    .max(25)
    .optional()
    .openapi({ description: "Long-poll: wait up to this many seconds for a newer message" }),
});

export const RulesQuery = z.object({
  regionCode: z
    .string()
    .regex(/^\d{6}$/)
    .optional()
    .openapi({ description: "Another region's rules; by default the signed-in user's insured region" }),
});

const Message = z
  .object({
    id: z.string(),
    role: z.enum(["bot", "user", "agent"]),
    text: z.string(),
    card: z.record(z.string(), z.unknown()).optional(),
    stepId: z.string().optional(),
    at: z.string(),
  })
  .openapi("ConversationMessage");

const Prompt = z
  .object({
    stepId: z.string(),
    kind: z.enum(["choice", "text", "amount", "id_number", "password", "password_change", "face", "confirm", "done"]),
    label: z.string(),
    options: z.array(z.object({ value: z.string(), label: z.string(), relation: z.string().optional() })).optional(),
    min: z.number().int().optional(),
    max: z.number().int().optional(),
  })
  .openapi("ConversationPrompt");

export const ConversationDto = z
  .object({
    id: z.string(),
    flow: z.string(),
    status: z.enum(CONVERSATION_STATUSES),
    language: Lang,
    messages: z.array(Message),
    prompt: Prompt.nullable(),
    handoff: z.object({ status: z.string(), agentId: z.string().nullable(), since: z.string() }).nullable().optional(),
  })
  .openapi("Conversation");

const Kind = z.enum(["resident_medical", "long_term_care"]);
const RelationEnum = z.enum(["spouse", "parent", "child", "sibling", "grandparent", "grandchild"]);

export const RulesDto = z
  .object({
    regionCode: z.string(),
    regionName: z.string(),
    provinceName: z.string(),
    asOf: z.string(),
    effectiveFrom: z.string(),
    relationScope: z.enum(["core", "close"]),
    relationsAllowed: z.array(RelationEnum),
    crossProvince: z.boolean(),
    limits: z.object({
      minTransferFen: z.number().int(),
      maxTransferFen: z.number().int(),
      maxDailyTransfers: z.number().int(),
      quietStart: z.string(),
      quietEnd: z.string(),
      maxActiveBindings: z.number().int(),
    }),
    premiums: z.array(
      z.object({
        kind: Kind,
        year: z.number().int(),
        amountFen: z.number().int(),
        window: z.object({ start: z.string(), end: z.string() }),
        open: z.boolean(),
      }),
    ),
  })
  .openapi("RegionRules");
