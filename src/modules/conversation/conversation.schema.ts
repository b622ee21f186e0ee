import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "../identity/identity.schema";

export const CONVERSATION_STATUSES = ["active", "waiting_agent", "with_agent", "done", "cancelled", "expired"] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

/**
 * One guided conversation. `state` holds the flow's slots (personal data only sealed), the open
 * prompt and the steps passed, so a client can resume and the server needs nothing in memory.
 */
export const conversations = pgTable(
  "conversations",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    flow: text("flow").notNull(),
    status: text("status", { enum: CONVERSATION_STATUSES }).notNull(),
    state: jsonb("state").notNull(),
    language: text("language", { enum: ["zh-CN", "zh-TW", "en"] }).notNull(),
    version: integer("version").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    /** Business time of the user's last reply: 30 idle minutes expire an active conversation. */
    lastActivityAt: timestamp("last_activity_at", { withTimezone: true }).notNull(),
    /** The flow the user was in when they asked for a person (the queue shows it as the topic). */
    handoffTopic: text("handoff_topic"),
    agentId: text("agent_id"),
    handedOffAt: timestamp("handed_off_at", { withTimezone: true }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
  },
  (t) => [
    index("conversations_user_idx").on(t.userId, t.createdAt),
    index("conversations_handoff_idx").on(t.handedOffAt).where(sql`${t.status} in ('waiting_agent', 'with_agent')`),
    index("conversations_active_idx").on(t.lastActivityAt).where(sql`${t.status} = 'active'`),
  ],
);

/** The transcript. User answers to password, ID-number and face steps are stored masked, never as typed. */
export const conversationMessages = pgTable(
  "conversation_messages",
  {
    id: text("id").primaryKey(),
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id),
    role: text("role", { enum: ["bot", "user", "agent"] }).notNull(),
    text: text("text").notNull(),
    card: jsonb("card"),
    /** The prompt a bot question opened or a user message answered. */
    stepId: text("step_id"),
    agentId: text("agent_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("conversation_messages_conv_idx").on(t.conversationId, t.id)],
);

/**
 * Each prompt is answered at most once: the first reply claims (conversation, step) and stores the
 * answer it got; a repeat gets that answer back. A claim without a response is a reply in progress.
 */
export const conversationReplies = pgTable(
  "conversation_replies",
  {
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id),
    stepId: text("step_id").notNull(),
    response: jsonb("response"),
    /** Real time: a claim left behind by a crashed request may be taken over after a minute. */
    claimedAt: timestamp("claimed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.stepId] })],
);
