import type { Ctx } from "@/ctx";
import { newId } from "@/lib/ids";
import { DomainError, errors } from "@/lib/problem";
import { requestInProgress } from "@/modules/platform/idempotency";
import * as repo from "./conversation.repo";
import type { ConversationRow, MessageRow } from "./conversation.repo";
import { redactFreeText } from "./engine/answers";
import { answer, begin, chat } from "./engine/engine";
import { T } from "./engine/text";
import { Turn, type ConvSnapshot } from "./engine/turn";
import { convStateOf, flowNameOf } from "./engine/state";
import { emptyState, type ConvState, type FlowName, type Lang, type Prompt } from "./engine/types";
import { flowForIntent } from "./flows/menu";
import { understand } from "./nlu/intent";

const IDLE_MINUTES = 30;
const IDLE_MS = IDLE_MINUTES * 60_000;
const POLL_MS = 500;

const conversationErrors = {
  expired: () =>
    new DomainError(
      "CONVERSATION_EXPIRED",
      409,
      "对话已超时结束，请重新开始",
      "The conversation expired after 30 idle minutes; start a new one",
    ),
  closed: (status: string) =>
    new DomainError("CONVERSATION_CLOSED", 409, "对话已结束，请重新开始", "The conversation has ended; start a new one", {
      conversationStatus: status,
    }),
  stepMismatch: (prompt: Prompt | null) =>
    new DomainError("STEP_MISMATCH", 409, "这一步已经过去了，请回答当前的问题", "That step is no longer open; answer the current prompt", {
      prompt,
    }),
};

function messageDto(m: MessageRow) {
  return {
    id: m.id,
    role: m.role,
    text: m.text,
    ...(m.card ? { card: m.card as Record<string, unknown> } : {}),
    ...(m.stepId ? { stepId: m.stepId } : {}),
    at: m.createdAt.toISOString(),
  };
}
export type MessageDto = ReturnType<typeof messageDto>;

function snapshot(row: ConversationRow): ConvSnapshot {
  return {
    id: row.id,
    userId: row.userId,
    flow: flowNameOf(row),
    status: row.status,
    state: convStateOf(row),
    language: row.language,
  };
}

function view(row: Pick<ConversationRow, "id" | "flow" | "status" | "language">, state: ConvState, messages: MessageDto[]) {
  return { id: row.id, flow: row.flow, status: row.status, language: row.language, messages, prompt: state.prompt };
}
export type ConversationView = ReturnType<typeof view>;

/** Writes one turn: the conversation, its new messages and (for a reply) the answer a repeat gets. */
async function persist(ctx: Ctx, turn: Turn, created: boolean, repliedStep?: string): Promise<ConversationView> {
  const now = ctx.clock.now();
  const rows = turn.messages.map((m) => ({
    id: newId(),
    conversationId: turn.conversationId,
    role: m.role,
    text: m.text,
    card: m.card ?? null,
    stepId: m.stepId ?? null,
    agentId: null,
    createdAt: now,
  }));
  const fields = {
    flow: turn.flowName,
    state: turn.state,
    lastActivityAt: now,
    ...(turn.status !== turn.conv.status ? { status: turn.status } : {}),
    ...(turn.handoffTopic !== undefined ? { handoffTopic: turn.handoffTopic, handedOffAt: now, agentId: null } : {}),
    ...(turn.closed ? { closedAt: now } : {}),
  };
  const stored = view(
    { id: turn.conversationId, flow: turn.flowName, status: turn.status, language: turn.lang },
    turn.state,
    rows.map(messageDto),
  );
  // Secret card fields (an e-code) reach this response only; the transcript and a replay lack them.
  const result = {
    ...stored,
    messages: stored.messages.map((m, i) => {
      const secret = turn.messages[i]?.secret;
      return secret && m.card ? { ...m, card: { ...m.card, ...secret } } : m;
    }),
  };
  await ctx.db.transaction(async (tx) => {
    if (created) {
      await repo.insertConversation(tx, {
        id: turn.conversationId,
        userId: turn.userId,
        status: turn.status,
        language: turn.lang,
        createdAt: now,
        ...fields,
      });
    } else {
      await repo.updateConversation(tx, turn.conversationId, fields);
    }
    await repo.insertMessages(tx, rows);
    if (repliedStep) await repo.storeReply(tx, turn.conversationId, repliedStep, stored);
  });
  return result;
}

export async function startConversation(ctx: Ctx, userId: string, body: { flow?: FlowName; text?: string; language?: Lang }, ip: string) {
  const language = body.language ?? (await repo.userLanguage(ctx.db, userId)) ?? "zh-CN";
  const conv: ConvSnapshot = { id: newId(), userId, flow: body.flow ?? "menu", status: "active", state: emptyState(), language };
  const turn = new Turn(ctx, conv, ip);
  const text = body.text?.trim();
  const heard = text ? understand(text, ctx.clock.now()) : null;
  if (text) {
    turn.heardText = text;
    turn.userSaid(redactFreeText(text));
  }
  await begin(turn, body.flow ?? (heard ? flowForIntent(heard.intent) : "menu"), heard);
  ctx.log.info("conversation started", { conversationId: conv.id, flow: turn.flowName, status: turn.status });
  return persist(ctx, turn, true);
}

async function ownConversation(ctx: Ctx, userId: string, id: string): Promise<ConversationRow> {
  const row = await repo.conversationById(ctx.db, id);
  // Another user's conversation is not theirs to know of.
  if (!row || row.userId !== userId) throw errors.notFound("对话", "conversation");
  return row;
}

/** Expires an active conversation idle for 30 minutes (business time); returns the current row. */
async function expireIfIdle(ctx: Ctx, row: ConversationRow): Promise<ConversationRow> {
  if (row.status !== "active" || ctx.clock.now().getTime() - row.lastActivityAt.getTime() < IDLE_MS) return row;
  const turn = new Turn(ctx, snapshot(row), "");
  turn.say(T.expired);
  turn.end("expired");
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    if (!(await repo.markExpired(tx, row, turn.state, now))) return;
    await repo.insertMessages(
      tx,
      turn.messages.map((m) => ({ id: newId(), conversationId: row.id, role: m.role, text: m.text, createdAt: now })),
    );
  });
  return (await repo.conversationById(ctx.db, row.id))!;
}

export async function replyToConversation(ctx: Ctx, userId: string, id: string, body: { stepId: string; value?: unknown }, ip: string) {
  let row = await ownConversation(ctx, userId, id);
  // A repeat of an applied step gets the first answer, whatever happened since.
  const earlier = await repo.findReply(ctx.db, id, body.stepId);
  if (earlier?.response) return { replayed: true, body: earlier.response as ConversationView };
  row = await expireIfIdle(ctx, row);
  if (row.status === "expired") throw conversationErrors.expired();
  if (row.status === "done" || row.status === "cancelled") throw conversationErrors.closed(row.status);
  const state = convStateOf(row);
  if (state.prompt?.stepId !== body.stepId) throw conversationErrors.stepMismatch(state.prompt);

  const claim = await repo.claimReply(ctx.db, id, body.stepId);
  if (claim.state === "replay") return { replayed: true, body: claim.response as ConversationView };
  if (claim.state === "busy") throw requestInProgress();
  try {
    const turn = new Turn(ctx, snapshot(row), ip);
    if (row.status === "waiting_agent" || row.status === "with_agent") chat(turn, body.value);
    else await answer(turn, body.value);
    return { replayed: false, body: await persist(ctx, turn, false, body.stepId) };
  } catch (e) {
    await repo.releaseReply(ctx.db, id, body.stepId);
    throw e;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The conversation with its transcript (or the messages after `after`). With `wait`, polls the
 * table until something newer arrives or the time is up: plain queries, so it works on Node and
 * on Workers alike, with no process-local pub/sub.
 */
export async function readConversation(ctx: Ctx, userId: string, id: string, q: { after?: string; wait?: number }) {
  let row = await expireIfIdle(ctx, await ownConversation(ctx, userId, id));
  const deadline = Date.now() + (q.wait ?? 0) * 1000;
  let messages = await repo.messagesOf(ctx.db, id, q.after);
  while (messages.length === 0 && q.after && Date.now() + POLL_MS <= deadline) {
    await sleep(POLL_MS);
    messages = await repo.messagesOf(ctx.db, id, q.after);
  }
  if (messages.length) row = (await repo.conversationById(ctx.db, id))!;
  return {
    ...view(row, convStateOf(row), messages.map(messageDto)),
    handoff: row.handedOffAt ? { status: row.status, agentId: row.agentId, since: row.handedOffAt.toISOString() } : null,
  };
}

/** The scheduled job: active conversations idle for 30 minutes become expired. */
export async function expireIdleConversations(ctx: Ctx): Promise<number> {
  const idle = await repo.idleActive(ctx.db, new Date(ctx.clock.now().getTime() - IDLE_MS), 500);
  let n = 0;
  for (const row of idle) if ((await expireIfIdle(ctx, row)).status === "expired") n++;
  return n;
}
