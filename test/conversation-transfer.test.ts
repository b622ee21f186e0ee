import { describe, expect, it } from "vitest";
import { createTestApp } from "./support/app";
import { chat } from "./support/chat";
import { bind, family } from "./support/family";
import { verifiedUser } from "./support/people";
import { pair } from "./support/transfers";
import { balances, openWallet, PIN } from "./support/wallets";

const t = await createTestApp({ now: "2026-11-24T10:00:00+08:00" });

describe("transfer", () => {
  it("“给我妈转两百” starts a transfer to the parent with ¥200.00 filled; confirm, PIN, done", async () => {
    const { sender, recipient } = await pair(t, { relation: "parent", relativeGender: "female" });
    const c = chat(t, sender.token);
    const first = await c.start({ text: "给我妈转两百" });
    expect(first).toMatchObject({ flow: "transfer", status: "active" });
    expect(first.messages[0]).toMatchObject({ role: "user", text: "给我妈转两百" });
    expect(c.prompt.kind).toBe("confirm");
    const summary = first.messages.find((m: any) => m.card?.type === "transfer_summary");
    expect(summary.card).toMatchObject({ amountFen: 20_000, to: { relation: "parent" } });
    expect(c.prompt.label).toContain("¥200.00");
    await c.say(true);
    expect(c.prompt.kind).toBe("password");
    const done = await c.say(PIN);
    expect(done.status).toBe("done");
    expect(done.prompt.kind).toBe("done");
    const receipt = done.messages.find((m: any) => m.card?.type === "transfer_receipt");
    expect(receipt.card).toMatchObject({ status: "pending", amountFen: 20_000 });
    expect(await balances(t, sender)).toMatchObject({ heldFen: 20_000 });
    const inbox = await t.api("GET", "/v1/transfers?direction=in&status=pending", { token: recipient.token });
    expect(inbox.body.items).toHaveLength(1);
  });

  it("asks back when two parents can receive, then the amount in words", async () => {
    const { user, relative: mum } = await family(t, "parent", { userFen: 100_000 });
    await openWallet(t, user);
    const { relativeToken: mumToken } = await bind(t, user, mum, "parent");
    await openWallet(t, { ...mum, token: mumToken });
    const { newPerson, relate } = await import("./support/people");
    const dad = await newPerson(t, { birthDate: "1956-02-02", insurance: "resident" });
    await relate(t, user, dad, "parent");
    const { relativeToken: dadToken } = await bind(t, user, dad, "parent");
    await openWallet(t, { ...dad, token: dadToken });

    const c = chat(t, user.token);
    await c.start({ text: "给父母转钱" });
    expect(c.prompt).toMatchObject({ kind: "choice", label: "您有两位可以转账的父母，请选择" });
    expect(c.prompt.options).toHaveLength(2);
    await c.say(c.prompt.options[1].value);
    expect(c.prompt.kind).toBe("amount");
    expect(c.prompt).toMatchObject({ min: 1, max: 100_000 }); // the real maximum: ¥1,000 available
    await c.say("三百五十块");
    expect(c.prompt.kind).toBe("confirm");
    expect(c.prompt.label).toContain("¥350.00");
  });

  it("goes back a step, re-asks an over-limit or unaffordable amount, and cancels", async () => {
    const { sender } = await pair(t, { userFen: 50_000 });
    const c = chat(t, sender.token);
    await c.start({ flow: "transfer" });
    expect(c.prompt.kind).toBe("amount"); // one relative: chosen without asking
    await c.say("5000");
    expect(c.texts()).toContain("单笔转账不能超过 ¥2,000.00");
    expect(c.prompt.kind).toBe("amount");
    await c.say(80_000); // integer fen: ¥800 > ¥500 own funds
    expect(c.texts()).toContain("余额不足");
    expect(c.prompt.kind).toBe("amount");
    await c.say("100");
    expect(c.prompt.kind).toBe("confirm");
    await c.say("返回");
    expect(c.prompt.kind).toBe("amount");
    await c.say("上一步");
    expect(c.prompt.kind).toBe("choice");
    await c.say("back");
    expect(c.texts()).toContain("已经是第一步了");
    expect(c.prompt.kind).toBe("choice");
    await c.say(c.prompt.options[0].value);
    await c.say("¥20.5");
    expect(c.prompt.label).toContain("¥20.50");
    const end = await c.say("取消");
    expect(end.status).toBe("cancelled");
    expect(end.messages.map((m: any) => m.text)).toContain("好的，已取消，没有转账。");
    expect(await balances(t, sender)).toMatchObject({ heldFen: 0 });
    const again = await t.api("POST", `/v1/conversations/${c.id}/replies`, {
      token: sender.token,
      body: { stepId: c.prompt.stepId, value: "x" },
    });
    expect(again.body.code).toBe("CONVERSATION_CLOSED");
  });

  it("a wrong PIN is re-asked with the attempts left; the password step posted twice pays once", async () => {
    const { sender, recipient } = await pair(t);
    const c = chat(t, sender.token);
    await c.start({ text: "给爱人转100" });
    await c.say("确认");
    const wrong = await c.say("000000");
    expect(wrong.messages.map((m: any) => m.text)).toContain("支付密码错误，还可以再试 4 次。");
    expect(wrong.status).toBe("active");
    expect(c.prompt.kind).toBe("password");
    const step = c.prompt.stepId;
    const [a, b] = await Promise.all([
      t.api("POST", `/v1/conversations/${c.id}/replies`, { token: sender.token, body: { stepId: step, value: PIN } }),
      t.api("POST", `/v1/conversations/${c.id}/replies`, { token: sender.token, body: { stepId: step, value: PIN } }),
    ]);
    const ok = [a, b].filter((r) => r.status === 200);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const r of [a, b]) if (r.status !== 200) expect(r.body.code).toBe("REQUEST_IN_PROGRESS");
    const again = await t.api("POST", `/v1/conversations/${c.id}/replies`, { token: sender.token, body: { stepId: step, value: PIN } });
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(ok[0]!.body);
    const out = await t.api("GET", "/v1/transfers?direction=out", { token: sender.token });
    expect(out.body.items).toHaveLength(1);
    expect(await balances(t, sender)).toMatchObject({ heldFen: 10_000 });
    const inbox = await t.api("GET", "/v1/transfers?direction=in&status=pending", { token: recipient.token });
    expect(inbox.body.items).toHaveLength(1);
  });

  it("a stale stepId is refused with the current prompt", async () => {
    const { sender } = await pair(t);
    const c = chat(t, sender.token);
    await c.start({ flow: "transfer" });
    const old = c.prompt.stepId;
    await c.say("50");
    const r = await t.api("POST", `/v1/conversations/${c.id}/replies`, { token: sender.token, body: { stepId: `${old}x`, value: "60" } });
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ code: "STEP_MISMATCH", prompt: { stepId: c.prompt.stepId, kind: "confirm" } });
  });

  it("a refusal the rules already decide comes before any question and before the PIN (GET /v1/transfers/options)", async () => {
    const { sender, bindingId } = await pair(t);
    const { send } = await import("./support/transfers");
    expect((await send(t, sender.token, bindingId, 5_000)).status).toBe(201);
    const c = chat(t, sender.token);
    const r = await c.start({ text: "给爱人转100" });
    expect(r.status).toBe("done");
    expect(r.prompt.kind).toBe("done");
    const options = await t.api("GET", "/v1/transfers/options", { token: sender.token });
    expect(options.body.blocked).not.toBeNull();
    expect(c.texts()).toContain(options.body.blocked.detail);
    expect(r.messages.some((m: any) => m.card?.type === "transfer_summary")).toBe(false);
  });

  it("without a relative to send to, points to binding one", async () => {
    const u = await verifiedUser(t, { insurance: "employee", personalAccountFen: 1_000 });
    await openWallet(t, u);
    const c = chat(t, u.token);
    const r = await c.start({ text: "转账" });
    expect(r.status).toBe("done");
    expect(r.prompt.options.map((o: any) => o.value)).toContain("bind_relative");
  });
});
