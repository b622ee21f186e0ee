// What the agents' console uses of conversations: the queue, a transcript with the user's masked
// context, agent messages into the user's conversation, and closing. Implements the console's
// HandoffPort (src/modules/console/handoff-port.ts); the console writes the audit rows.

import type { Ctx } from "@/ctx";
import { newId } from "@/lib/ids";
import { DomainError, errors } from "@/lib/problem";
import { createNotifier } from "@/modules/notifications/notifications.service";
import { walletByPerson } from "@/modules/wallet/wallet.repo";
import * as repo from "./conversation.repo";
import { redactFreeText } from "./engine/answers";
import { T } from "./engine/text";
import { Turn } from "./engine/turn";
import { convStateOf, flowNameOf } from "./engine/state";

type HandoffStatus = "waiting_agent" | "with_agent" | "closed";
const MAX_AGENT_TEXT = 2000;

function inQueue(status: string): boolean {
  return status === "waiting_agent" || status === "with_agent";
}

function statusOf(row: repo.ConversationRow): HandoffStatus {
  return row.status === "waiting_agent" || row.status === "with_agent" ? row.status : "closed";
}

/** Masked only, as everywhere in the console. */
async function userContext(ctx: Ctx, userId: string) {
  const p = await repo.maskedPersonOfUser(ctx.db, userId);
  if (!p)
    return {
      verified: false,
      personId: null,
      maskedName: null,
      maskedIdNumber: null,
      maskedPhone: null,
      regionCode: null,
      insurance: null,
      walletStatus: null,
    };
  const w = await walletByPerson(ctx.db, p.personId);
  return {
    verified: true,
    personId: p.personId,
    maskedName: p.maskedName,
    maskedIdNumber: `${p.idPrefix4}**********${p.idLast4}`,
    maskedPhone: p.maskedPhone,
    regionCode: p.regionCode,
    insurance: p.insurance,
    walletStatus: w?.status ?? null,
  };
}

async function summary(ctx: Ctx, row: repo.ConversationRow) {
  return {
    id: row.id,
    userId: row.userId,
    status: statusOf(row),
    agentId: row.agentId,
    since: row.handedOffAt ?? row.createdAt,
    topic: row.handoffTopic,
    user: await userContext(ctx, row.userId),
  };
}

/** Conversations waiting for or with an agent, oldest request first, with the user's masked context. */
export async function listHandoffs(ctx: Ctx) {
  const rows = await repo.handoffQueue(ctx.db);
  return Promise.all(rows.map((r) => summary(ctx, r)));
}

/** A handed-off conversation with its transcript (stored masked already); null for any other. */
export async function getConversationForAgent(ctx: Ctx, id: string) {
  const row = await repo.conversationById(ctx.db, id);
  if (!row?.handedOffAt) return null;
  const messages = (await repo.messagesOf(ctx.db, id)).map((m) => ({
    id: m.id,
    role: m.role,
    text: m.text,
    at: m.createdAt,
    card: m.card ?? null,
  }));
  return { ...(await summary(ctx, row)), flow: row.flow, messages };
}

/** waiting_agent → with_agent for this agent; false when another agent took it first. */
export function takeHandoff(ctx: Ctx, id: string, agentId: string): Promise<boolean> {
  return repo.takeForAgent(ctx.db, id, agentId);
}

/** An agent's message into the user's conversation (role agent); takes the conversation if waiting. */
export async function postAgentMessage(ctx: Ctx, id: string, agentId: string, text: string) {
  // Agents see masked data only, but may still type a number a user read out to them.
  const body = redactFreeText(text.trim()).slice(0, MAX_AGENT_TEXT);
  if (!body) throw errors.validation([{ path: "text", message: "empty message" }]);
  const row = await repo.conversationById(ctx.db, id);
  if (!row) throw errors.notFound("对话", "conversation");
  if (!inQueue(row.status)) {
    throw new DomainError("HANDOFF_CLOSED", 409, "该会话已结束", "This conversation is no longer with the agents", {
      conversationStatus: row.status,
    });
  }
  if (!(await repo.takeForAgent(ctx.db, id, agentId))) {
    throw new DomainError("HANDOFF_TAKEN", 409, "该会话已由其他客服接待", "Another agent is serving this conversation");
  }
  const message = { id: newId(), conversationId: id, role: "agent" as const, text: body, agentId, createdAt: ctx.clock.now() };
  const notifier = createNotifier(ctx);
  await ctx.db.transaction(async (tx) => {
    await repo.insertMessages(tx, [message]);
    await notifier.add(tx, {
      userId: row.userId,
      kind: "conversation.agent_message",
      title: "客服回复了您",
      body: "请在医保钱包助手中查看客服的回复",
      data: { conversationId: id },
    });
  });
  await notifier.flush();
  return { id: message.id, role: message.role, text: message.text, at: message.createdAt };
}

/** Ends the hand-off: the user sees a closing message and the conversation is done. */
export async function closeHandoff(ctx: Ctx, id: string, _agentId: string): Promise<boolean> {
  const row = await repo.conversationById(ctx.db, id);
  if (!row || !inQueue(row.status)) return false;
  const turn = new Turn(
    ctx,
    { id, userId: row.userId, flow: flowNameOf(row), status: row.status, state: convStateOf(row), language: row.language },
    "",
  );
  turn.say(T.agentClosed);
  turn.end("done");
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    if (!(await repo.closeQueued(tx, id, turn.state, now))) return false;
    await repo.insertMessages(
      tx,
      turn.messages.map((m) => ({ id: newId(), conversationId: id, role: m.role, text: m.text, createdAt: now })),
    );
    return true;
  });
}

/** The console's port, for `registerHandoffPort`. */
export const conversationHandoffPort = {
  listHandoffs,
  getConversation: getConversationForAgent,
  takeHandoff,
  postAgentMessage,
  closeHandoff,
};
