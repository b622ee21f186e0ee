import { describe, expect, it } from "vitest";
import { createTestApp } from "./support/app";
import { chat } from "./support/chat";
import { verifiedUser } from "./support/people";
import { pair } from "./support/transfers";
import { balances, PIN } from "./support/wallets";

const t = await createTestApp({ now: "2026-11-24T10:00:00+08:00" });

describe("incoming transfers", () => {
  it("lists pending money from relatives; accept one, decline the next", async () => {
    const a = await pair(t, { relation: "spouse" });
    const sent = await t.api("POST", "/v1/transfers", {
      token: a.sender.token,
      headers: { "idempotency-key": `in-${Date.now()}` },
      body: { bindingId: a.bindingId, amountFen: 12_300, paymentPassword: PIN },
    });
    expect(sent.status).toBe(201);
    const c = chat(t, a.recipient.token);
    const first = await c.start({ text: "有人给我转钱了吗" });
    expect(first.flow).toBe("incoming_transfers");
    expect(c.prompt.kind).toBe("choice");
    expect(c.prompt.label).toContain("¥123.00");
    const done = await c.say("接收");
    expect(done.status).toBe("done");
    expect(await balances(t, a.recipient)).toMatchObject({ receivedFen: 12_300 });
    const none = chat(t, a.recipient.token);
    expect((await none.start({ flow: "incoming_transfers" })).messages.map((m: any) => m.text)).toContain("目前没有待接受的转账。");

    const again = await t.api("POST", "/v1/transfers", {
      token: a.sender.token,
      headers: { "idempotency-key": `in2-${Date.now()}` },
      body: { bindingId: a.bindingId, amountFen: 500, paymentPassword: PIN },
    });
    const d = chat(t, a.recipient.token);
    await d.start({ flow: "incoming_transfers" });
    await d.say("decline");
    expect((await t.api("GET", `/v1/transfers/${again.body.id}`, { token: a.sender.token })).body.status).toBe("declined");
  });
});

describe("balance, rules and help", () => {
  it("declares its routes in the OpenAPI document", async () => {
    const doc = await t.api("GET", "/openapi.json");
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(["/v1/conversations", "/v1/conversations/{id}/replies", "/v1/conversations/{id}", "/v1/rules"]),
    );
  });

  it("shows balances and the last bills", async () => {
    const { sender, bindingId } = await pair(t);
    await t.api("POST", "/v1/transfers", {
      token: sender.token,
      headers: { "idempotency-key": `b-${Date.now()}` },
      body: { bindingId, amountFen: 1_000, paymentPassword: PIN },
    });
    const r = await chat(t, sender.token).start({ text: "查一下余额" });
    expect(r).toMatchObject({ flow: "balance", status: "done" });
    const card = r.messages.find((m: any) => m.card?.type === "balance").card;
    expect(card.balances).toMatchObject({ ownFen: 99_000, heldFen: 1_000, totalFen: 100_000 });
    const bills = r.messages.find((m: any) => m.card?.type === "bills").card;
    expect(bills.items[0]).toMatchObject({ kind: "transfer_hold", amountFen: -1_000 });
    expect(r.messages.map((m: any) => m.text).join("\n")).toContain("个人账户资金 ¥990.00");
  });

  it("explains this region's rules from the policy tables, and GET /v1/rules gives the same", async () => {
    const u = await verifiedUser(t, { regionCode: "320500" });
    const r = await chat(t, u.token).start({ flow: "rules" });
    const text = r.messages.map((m: any) => m.text).join("\n");
    expect(text).toContain("苏州市");
    expect(text).toContain("每天最多 3 笔");
    expect(text).toContain("2027年度居民医保：¥400.00");
    const rules = await t.api("GET", "/v1/rules", { token: u.token });
    expect(rules.status).toBe(200);
    expect(rules.body).toMatchObject({
      regionCode: "320500",
      regionName: "苏州市",
      relationScope: "close",
      crossProvince: true,
      limits: {
        minTransferFen: 1,
        maxTransferFen: 200_000,
        maxDailyTransfers: 3,
        quietStart: "22:00",
        quietEnd: "06:00",
        maxActiveBindings: 10,
      },
    });
    expect(rules.body.relationsAllowed).toHaveLength(6);
    expect(rules.body.premiums).toContainEqual({
      kind: "resident_medical",
      year: 2027,
      amountFen: 40_000,
      window: { start: "2026-09-01", end: "2026-12-31" },
      open: true,
    });
    const beijing = await t.api("GET", "/v1/rules?regionCode=110000", { token: u.token });
    expect(beijing.body).toMatchObject({ relationScope: "core", crossProvince: false, relationsAllowed: ["spouse", "parent", "child"] });
    expect((await t.api("GET", "/v1/rules")).status).toBe(401);
  });

  it("unknown text shows the menu; a sentence there starts its flow; English and Traditional work", async () => {
    const u = await verifiedUser(t);
    const c = chat(t, u.token);
    const r = await c.start({ text: "今天天气不错" });
    expect(r.flow).toBe("menu");
    expect(c.prompt.options.map((o: any) => o.value)).toContain("transfer");
    const next = await c.say("我能给谁转账");
    expect(next.flow).toBe("rules");
    const en = await chat(t, u.token).start({ text: "what are the rules", language: "en" });
    expect(en.messages.map((m: any) => m.text).join("\n")).toContain("Each transfer ¥0.01 to ¥2,000.00");
    const tw = await chat(t, u.token).start({ text: "查規則", language: "zh-TW" });
    expect(tw.messages.map((m: any) => m.text).join("\n")).toContain("每筆轉賬");
  });

  it("GET resumes a conversation (owner only); another user gets 404", async () => {
    const { sender } = await pair(t);
    const c = chat(t, sender.token);
    await c.start({ flow: "transfer" });
    const got = await t.api("GET", `/v1/conversations/${c.id}`, { token: sender.token });
    expect(got.status).toBe(200);
    expect(got.body.prompt).toEqual(c.prompt);
    expect(got.body.messages.length).toBe(c.all.length);
    const other = await verifiedUser(t);
    expect((await t.api("GET", `/v1/conversations/${c.id}`, { token: other.token })).status).toBe(404);
    expect(
      (await t.api("POST", `/v1/conversations/${c.id}/replies`, { token: other.token, body: { stepId: c.prompt.stepId, value: "1" } }))
        .status,
    ).toBe(404);
  });
});
