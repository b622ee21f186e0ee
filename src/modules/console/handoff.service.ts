import { eq, inArray } from "drizzle-orm";
import type { AuthAgent } from "@/app-env";
import type { Ctx } from "@/ctx";
import { DomainError, errors } from "@/lib/problem";
import { userContext } from "@/modules/agents/user-context.service";
import { agentAccounts } from "@/modules/agents/agents.schema";
import { recordAudit } from "@/modules/audit/audit.service";
import { understand } from "@/modules/conversation/nlu/intent";
import { persons, users } from "@/modules/identity/identity.schema";
import { handoffPort, type HandoffConversation } from "./handoff-port";

async function peopleOf(ctx: Ctx, userIds: string[]) {
  if (userIds.length === 0) return new Map<string, { personId: string; maskedName: string }>();
  const rows = await ctx.db
    .select({ userId: users.id, personId: persons.id, maskedName: persons.maskedName })
    .from(users)
    .innerJoin(persons, eq(persons.id, users.personId))
    .where(inArray(users.id, [...new Set(userIds)]));
  return new Map(rows.map((r) => [r.userId, { personId: r.personId, maskedName: r.maskedName }]));
}

const TOPIC_OF_INTENT: Record<string, string> = {
  transfer: "transfer",
  pay_premium: "pay_premium",
  bind_relative: "bind_relative",
  accept_invitation: "accept_invitation",
  incoming_transfers: "incoming_transfers",
  open_wallet: "open_wallet",
  balance: "balance",
  bills: "balance",
  rules: "rules",
};

/**
 * What the chat is about: the flow the user was in when they asked for a person; for a chat that
 * went straight to an agent, what the user's own words were about (the assistant's understanding),
 * else the first thing they wrote. Transcripts are stored redacted, so the words are safe to show.
 */
function topicOf(conv: Pick<HandoffConversation, "topic" | "messages">, now: Date): { topic: string | null; said: string | null } {
  if (conv.topic) return { topic: conv.topic, said: null };
  const userTexts = conv.messages
    .filter((m) => m.role === "user")
    .map((m) => m.text.trim())
    .filter(Boolean);
  for (const text of userTexts) {
    const topic = TOPIC_OF_INTENT[understand(text, now).intent];
    if (topic) return { topic, said: null };
  }
  const first = userTexts.find((t) => !/^(转人工|人工|客服|找客服)/.test(t));
  return { topic: null, said: first ? (Array.from(first).length > 24 ? `${Array.from(first).slice(0, 24).join("")}…` : first) : null };
}

export async function queue(ctx: Ctx) {
  const items = await handoffPort().listHandoffs(ctx);
  const people = await peopleOf(
    ctx,
    items.map((i) => i.userId),
  );
  const agentIds = [...new Set(items.map((i) => i.agentId).filter((a): a is string => !!a))];
  const agents = agentIds.length
    ? await ctx.db
        .select({ id: agentAccounts.id, username: agentAccounts.username })
        .from(agentAccounts)
        .where(inArray(agentAccounts.id, agentIds))
    : [];
  const now = ctx.clock.now();
  return Promise.all(
    items.map(async (i) => {
      // Only chats without a flow need their transcript read.
      const about = i.topic
        ? { topic: i.topic, said: null }
        : topicOf((await handoffPort().getConversation(ctx, i.id)) ?? { topic: null, messages: [] }, now);
      return {
        ...i,
        ...about,
        maskedName: people.get(i.userId)?.maskedName ?? null,
        agentUsername: agents.find((a) => a.id === i.agentId)?.username ?? null,
      };
    }),
  );
}

async function requireConversation(ctx: Ctx, id: string): Promise<HandoffConversation> {
  const conv = await handoffPort().getConversation(ctx, id);
  if (!conv) throw errors.notFound("会话", "conversation");
  return conv;
}

/** The transcript with the user's masked context beside it. */
export async function conversationView(ctx: Ctx, agent: AuthAgent, id: string) {
  const conv = await requireConversation(ctx, id);
  const person = (await peopleOf(ctx, [conv.userId])).get(conv.userId);
  const context = person ? await userContext(ctx, agent, person.personId) : null;
  return { conv, context };
}

export async function transcript(ctx: Ctx, id: string) {
  const conv = await requireConversation(ctx, id);
  return {
    status: conv.status,
    agentId: conv.agentId,
    messages: conv.messages.map((m) => ({ id: m.id, role: m.role, text: m.text, at: m.at.toISOString() })),
  };
}

function takenByOther() {
  return new DomainError("HANDOFF_TAKEN", 409, "该会话已由其他客服接入", "Another agent has taken this conversation");
}

export async function take(ctx: Ctx, agent: AuthAgent, id: string) {
  await requireConversation(ctx, id);
  if (!(await handoffPort().takeHandoff(ctx, id, agent.agentId))) throw takenByOther();
  await recordAudit(ctx.db, ctx.clock.now(), {
    actorType: "agent",
    actorId: agent.agentId,
    action: "handoff.take",
    subjectType: "conversation",
    subjectId: id,
  });
}

/** Replying to a waiting conversation takes it first; one that another agent serves is theirs. */
export async function reply(ctx: Ctx, agent: AuthAgent, id: string, text: string) {
  const conv = await requireConversation(ctx, id);
  if (conv.status === "closed") throw new DomainError("HANDOFF_CLOSED", 409, "会话已结束", "The conversation has ended");
  if (conv.status === "with_agent" && conv.agentId !== agent.agentId) throw takenByOther();
  if (conv.status === "waiting_agent") await take(ctx, agent, id);
  const m = await handoffPort().postAgentMessage(ctx, id, agent.agentId, text);
  // The message text stays in the transcript; the audit row records that it was sent, not what it said.
  await recordAudit(ctx.db, ctx.clock.now(), {
    actorType: "agent",
    actorId: agent.agentId,
    action: "handoff.reply",
    subjectType: "conversation",
    subjectId: id,
    details: { messageId: m.id, length: text.length },
  });
}

export async function close(ctx: Ctx, agent: AuthAgent, id: string) {
  const port = handoffPort();
  const conv = await requireConversation(ctx, id);
  if (conv.agentId !== agent.agentId) throw takenByOther();
  if (!port.closeHandoff || !(await port.closeHandoff(ctx, id, agent.agentId))) {
    throw new DomainError("HANDOFF_CLOSED", 409, "会话无法结束", "The conversation cannot be closed");
  }
  await recordAudit(ctx.db, ctx.clock.now(), {
    actorType: "agent",
    actorId: agent.agentId,
    action: "handoff.close",
    subjectType: "conversation",
    subjectId: id,
  });
}
