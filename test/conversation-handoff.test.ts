import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { conversationMessages, conversations } from "../src/db/schema";
import { rowsOf } from "../src/lib/rows";
import { handoffPort } from "../src/modules/console/handoff-port";
import { closeHandoff, getConversationForAgent, listHandoffs, postAgentMessage, takeHandoff } from "../src/modules/conversation/handoff";
import { createTestApp, type TestApp } from "./support/app";
import { chat } from "./support/chat";
import { family } from "./support/family";
import { login, newPerson } from "./support/people";
import { pair } from "./support/transfers";
import { PIN } from "./support/wallets";

const t = await createTestApp({ now: "2026-11-24T10:00:00+08:00" });

async function transcript(app: TestApp, id: string): Promise<string> {
  const rows = await app.db.select().from(conversationMessages).where(eq(conversationMessages.conversationId, id));
  const [conv] = await app.db.select().from(conversations).where(eq(conversations.id, id));
  return JSON.stringify(rows) + JSON.stringify(conv);
}

describe("hand-off to an agent", () => {
  it("“转人工” mid-flow queues the conversation with masked context; agent messages reach the user", async () => {
    const { sender } = await pair(t);
    const c = chat(t, sender.token);
    await c.start({ text: "给爱人转100" });
    const queued = await c.say("转人工");
    expect(queued.status).toBe("waiting_agent");
    expect(c.prompt.kind).toBe("text");
    await c.say("我的转账一直没到账");

    const ctx = t.ctx();
    const item = (await listHandoffs(ctx)).find((h) => h.id === c.id)!;
    expect(item).toMatchObject({
      status: "waiting_agent",
      topic: "transfer",
      agentId: null,
      user: { verified: true, regionCode: sender.regionCode },
    });
    expect(item.user.maskedName).toContain("*");
    expect(item.user.maskedIdNumber).toBe(`${sender.idNumber.slice(0, 4)}**********${sender.idNumber.slice(-4)}`);
    expect(JSON.stringify(item)).not.toContain(sender.name);
    expect((await handoffPort().listHandoffs(ctx)).some((h) => h.id === c.id)).toBe(true);

    const seen = await t.api("GET", `/v1/conversations/${c.id}`, { token: sender.token });
    const lastId = seen.body.messages.at(-1).id;
    // The user's client long-polls while the agent answers.
    const polling = t.api("GET", `/v1/conversations/${c.id}?after=${lastId}&wait=10`, { token: sender.token });
    await new Promise((r) => setTimeout(r, 300));
    await postAgentMessage(ctx, c.id, "agent-1", "您好，我来帮您查一下");
    const polled = await polling;
    expect(polled.status).toBe(200);
    expect(polled.body.messages).toEqual([expect.objectContaining({ role: "agent", text: "您好，我来帮您查一下" })]);
    expect(polled.body.status).toBe("with_agent");

    const agentView = await getConversationForAgent(ctx, c.id);
    expect(agentView!.messages.map((m) => m.role)).toEqual(expect.arrayContaining(["user", "bot", "agent"]));
    expect(agentView!.messages.some((m) => m.text === "我的转账一直没到账")).toBe(true);
    expect(await takeHandoff(ctx, c.id, "agent-2")).toBe(false);
    await expect(postAgentMessage(ctx, c.id, "agent-2", "我也来")).rejects.toMatchObject({ code: "HANDOFF_TAKEN" });

    await c.say("好的谢谢");
    expect(await closeHandoff(ctx, c.id, "agent-1")).toBe(true);
    const after = await t.api("GET", `/v1/conversations/${c.id}`, { token: sender.token });
    expect(after.body.status).toBe("done");
    expect(after.body.messages.at(-1)).toMatchObject({ role: "bot", text: "客服已结束本次服务，感谢您的耐心。" });
    expect((await listHandoffs(ctx)).some((h) => h.id === c.id)).toBe(false);
    const notices = await t.api("GET", "/v1/notifications", { token: sender.token });
    expect(notices.body.items[0].kind).toBe("conversation.agent_message");
  });

  it("the agent flow queues at once; the user can leave the queue", async () => {
    const token = await login(t);
    const c = chat(t, token);
    const r = await c.start({ flow: "agent" });
    expect(r.status).toBe("waiting_agent");
    const item = (await listHandoffs(t.ctx())).find((h) => h.id === c.id)!;
    expect(item).toMatchObject({ topic: null, user: { verified: false } });
    const left = await c.say("取消");
    expect(left.status).toBe("cancelled");
    expect(await takeHandoff(t.ctx(), c.id, "agent-1")).toBe(false);
  });

  it("long-poll returns empty when nothing arrives in time", async () => {
    const token = await login(t);
    const c = chat(t, token);
    const r = await c.start({ flow: "agent" });
    const started = Date.now();
    const polled = await t.api("GET", `/v1/conversations/${c.id}?after=${r.messages.at(-1).id}&wait=1`, { token });
    expect(polled.body.messages).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect((await t.api("GET", `/v1/conversations/${c.id}?wait=26`, { token })).status).toBe(400);
  });
});

describe("expiry", () => {
  it("an active conversation expires after 30 idle minutes of business time", async () => {
    const local = await createTestApp({ now: "2026-11-24T10:00:00+08:00" });
    const { sender } = await pair(local);
    const c = chat(local, sender.token);
    await c.start({ flow: "transfer" });
    local.clock.set(new Date("2026-11-24T10:29:00+08:00"));
    await c.say("100"); // activity: the 30 minutes start again
    local.clock.set(new Date("2026-11-24T10:58:59+08:00"));
    expect((await local.api("GET", `/v1/conversations/${c.id}`, { token: sender.token })).body.status).toBe("active");
    local.clock.set(new Date("2026-11-24T10:59:00+08:00"));
    const late = await local.api("POST", `/v1/conversations/${c.id}/replies`, {
      token: sender.token,
      body: { stepId: c.prompt.stepId, value: true },
    });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe("CONVERSATION_EXPIRED");
    const got = await local.api("GET", `/v1/conversations/${c.id}`, { token: sender.token });
    expect(got.body.status).toBe("expired");
    expect(got.body.prompt.kind).toBe("done");
    expect(got.body.messages.at(-1).text).toContain("30分钟");

    const d = chat(local, sender.token);
    await d.start({ flow: "transfer" });
    local.clock.set(new Date("2026-11-24T11:30:00+08:00"));
    const jobs = await local.api("POST", "/v1/sandbox/jobs/run");
    expect(jobs.body.ran).toContainEqual({ name: "conversations-expire", processed: 1 });
    expect((await local.api("GET", `/v1/conversations/${d.id}`, { token: sender.token })).body.status).toBe("expired");
  });
});

describe("privacy of the transcript", () => {
  it("never stores the PIN, a full ID number, a face token or a typed name", async () => {
    const p = await newPerson(t, { insurance: "employee", personalAccountFen: 1_000 });
    const token = await login(t);
    const c = chat(t, token);
    await c.start({ text: `开通钱包，我的身份证是${p.idNumber}，密码是${PIN}` });
    await c.say(p.name);
    await c.say(p.idNumber);
    await c.say(true);
    await c.say(`face-ok:${p.idNumber}`);
    await c.say("111111"); // weak: re-asked
    const done = await c.say(PIN);
    expect(done.status).toBe("done");
    const masked = `${p.idNumber.slice(0, 4)}**********${p.idNumber.slice(-4)}`;
    const userTexts = c.all.filter((m) => m.role === "user").map((m) => m.text);
    expect(userTexts).toContain(masked);
    expect(userTexts).toContain("******");
    const stored = await transcript(t, c.id);
    expect(stored).not.toContain(p.idNumber);
    expect(stored).not.toContain(PIN);
    expect(stored).not.toContain(p.name);
    expect(stored).not.toContain("face-ok");
    const got = await t.api("GET", `/v1/conversations/${c.id}`, { token });
    expect(JSON.stringify(got.body)).not.toContain(p.idNumber);
    expect(t.logLines.join("\n")).not.toContain(p.idNumber);
    expect(t.logLines.join("\n")).not.toContain(PIN);

    // A bind in progress keeps the relative's ID number only sealed in the state.
    const { user, relative } = await family(t, "spouse");
    const b = chat(t, user.token);
    await b.start({ flow: "bind_relative" });
    await b.say("spouse");
    await b.say(relative.name);
    await b.say(relative.idNumber);
    const state = rowsOf<{ state: string }>(await t.db.execute(sql`select state::text as state from conversations where id = ${b.id}`))[0]!
      .state;
    expect(state).not.toContain(relative.idNumber);
    expect(state).not.toContain(relative.name);
  });
});
