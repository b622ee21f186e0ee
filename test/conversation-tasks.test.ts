// One end-to-end chat per task added by issue #23, against the real app and database, plus the
// misroutes that issue reported. Each flow calls the same service the HTTP route calls, so each
// test checks the effect through the ordinary API afterwards.
import { describe, expect, it } from "vitest";
import { agentToken } from "./support/admin";
import { createTestApp } from "./support/app";
import { chat } from "./support/chat";
import { bind } from "./support/family";
import { charge, newMerchant, orderNo } from "./support/merchants";
import { newPerson, relate, verifiedUser, type User } from "./support/people";
import { pair, send } from "./support/transfers";
import { openWallet, PIN, walletUser } from "./support/wallets";

const t = await createTestApp({ now: "2026-11-24T10:00:00+08:00" });

/** A user with a wallet (¥1,000 own funds) and a bound parent of the given sex who has a wallet too. */
async function withParent(gender: "male" | "female") {
  const user = await verifiedUser(t, { birthDate: "1985-05-01", personalAccountFen: 100_000 });
  await openWallet(t, user);
  const parent = await newPerson(t, { birthDate: "1958-03-03", gender, insurance: "resident" });
  await relate(t, user, parent, "parent");
  const { bindingId, relativeToken } = await bind(t, user, parent, "parent");
  await openWallet(t, { ...parent, token: relativeToken });
  return { user, parent: { ...parent, token: relativeToken } as User, bindingId };
}

const texts = (body: { messages: { text: string }[] }) => body.messages.map((m) => m.text).join("\n");

describe("misroutes of issue #23", () => {
  it("“给我妈转两百” with only a father bound says no mother is bound and offers to invite her; never the father", async () => {
    const { user } = await withParent("male");
    const c = chat(t, user.token);
    const first = await c.start({ text: "给我妈转两百" });
    expect(first.flow).toBe("transfer");
    expect(c.prompt).toMatchObject({ kind: "confirm", label: "您还没有绑定妈妈为共济亲属。要邀请她成为共济亲属吗？" });
    expect(first.messages.some((m: any) => m.card?.type === "transfer_summary")).toBe(false);
    const next = await c.say(true);
    expect(next.flow).toBe("bind_relative");
    expect(c.prompt).toMatchObject({ kind: "text", label: "请输入您父母的姓名" });
    const out = await t.api("GET", "/v1/transfers?direction=out", { token: user.token });
    expect(out.body.items).toHaveLength(0);
  });

  it("“给我爸转两百” goes to the father; English and Traditional too", async () => {
    const { user } = await withParent("male");
    const c = chat(t, user.token);
    await c.start({ text: "给我爸转两百" });
    expect(c.prompt.kind).toBe("confirm");
    expect(c.prompt.label).toContain("¥200.00");
    const en = chat(t, user.token);
    await en.start({ text: "send 200 to my mom", language: "en" });
    expect(en.prompt.label).toBe("Your mother is not bound to you as a relative. Invite her?");
    const tw = chat(t, user.token);
    await tw.start({ text: "給我媽轉兩百", language: "zh-TW" });
    expect(tw.prompt.label).toBe("您還沒有綁定媽媽為共濟親屬。要邀請她成為共濟親屬嗎？");
  });

  it("“我想解除和我爸的绑定” unbinds the father (never the bind flow), after a confirmation", async () => {
    const { user, parent } = await withParent("male");
    const c = chat(t, user.token);
    const first = await c.start({ text: "我想解除和我爸的绑定" });
    expect(first.flow).toBe("unbind");
    expect(c.prompt.kind).toBe("confirm");
    expect(c.prompt.label).toContain("确认解除与父母");
    await c.say("返回");
    expect(c.prompt.kind).toBe("choice");
    await c.say(c.prompt.options[0].value);
    const done = await c.say("确认");
    expect(done.status).toBe("done");
    expect(texts(done)).toContain("已解除共济关系。");
    const list = await t.api("GET", "/v1/relatives", { token: user.token });
    expect(list.body.items).toHaveLength(0);
    const theirs = await t.api("GET", "/v1/relatives", { token: parent.token });
    expect(theirs.body.items).toHaveLength(0);
  });

  it("“解除和我妈的绑定” with only a father bound unbinds nobody", async () => {
    const { user } = await withParent("male");
    const r = await chat(t, user.token).start({ text: "解除和我妈的绑定" });
    expect(r.status).toBe("done");
    expect(texts(r)).toContain("您没有绑定妈妈，不需要解除。");
    expect((await t.api("GET", "/v1/relatives", { token: user.token })).body.items).toHaveLength(1);
  });
});

describe("bills of a month", () => {
  it("“十一月的账单” lists November's lines; a month picked by words; an empty month said so", async () => {
    const u = await walletUser(t, { personalAccountFen: 12_345 });
    const c = chat(t, u.token);
    const r = await c.start({ text: "十一月的账单" });
    expect(r.flow).toBe("bills");
    expect(r.status).toBe("done");
    expect(texts(r)).toContain("2026年11月共 1 笔，收入 ¥123.45");
    expect(r.messages.find((m: any) => m.card?.type === "bills").card).toMatchObject({
      month: "2026-11",
      items: [{ kind: "wallet_opening", amountFen: 12_345 }],
    });
    const d = chat(t, u.token);
    await d.start({ flow: "bills", language: "en" });
    expect(d.prompt).toMatchObject({ kind: "choice", label: "Which month's statement?" });
    expect(d.prompt.options[0]).toEqual({ value: "2026-11", label: "November 2026" });
    const last = await d.say("last month");
    expect(texts(last)).toContain("No statement lines in October 2026.");
  });
});

describe("e-code", () => {
  it("shows a one-time code that pays at a counter; the code is in the response only, never in the transcript", async () => {
    const u = await walletUser(t);
    const c = chat(t, u.token);
    const r = await c.start({ text: "出示医保码" });
    expect(r.flow).toBe("ecode");
    expect(r.status).toBe("done");
    const card = r.messages.find((m: any) => m.card?.type === "ecode").card;
    expect(card.code).toMatch(/^\d{18}$|^\w{8,}$/);
    const transcript = await t.api("GET", `/v1/conversations/${c.id}`, { token: u.token });
    const stored = transcript.body.messages.find((m: any) => m.card?.type === "ecode").card;
    expect(stored.code).toBeUndefined();
    expect(JSON.stringify(transcript.body)).not.toContain(card.code);
    const m = await newMerchant(t, { regionCode: "320500" });
    const paid = await charge(t, m, { ecode: card.code, orderNo: orderNo(), amountFen: 3_500 });
    expect(paid.status, JSON.stringify(paid.body)).toBe(201);
  });
});

describe("institutions that accept the wallet", () => {
  it("lists the pharmacies of the usage region that accept it, and another city's hospitals when named", async () => {
    const u = await walletUser(t);
    const r = await chat(t, u.token).start({ text: "哪些药店能用医保钱包" });
    expect(r.flow).toBe("merchants");
    const said = texts(r);
    expect(said).toContain("苏州市可以使用医保钱包的定点药店");
    expect(said).toContain("老百姓大药房（苏州观前店）");
    expect(said).not.toContain("雷允上"); // does not accept the wallet
    expect(said).not.toContain("医院");
    const bj = await chat(t, u.token).start({ text: "北京哪些医院可以用", language: "en" });
    expect(texts(bj)).toContain("In 北京市, these hospitals accept the wallet");
    expect(texts(bj)).toContain("北京协和医院 (hospital)");
  });
});

describe("cancel an invitation", () => {
  it("“撤回给我妈的邀请” withdraws the pending invitation to the mother", async () => {
    const user = await verifiedUser(t, { birthDate: "1985-05-01" });
    const mum = await newPerson(t, { birthDate: "1958-03-03", gender: "female", insurance: "resident" });
    await relate(t, user, mum, "parent");
    const inv = await t.api("POST", "/v1/invitations", {
      token: user.token,
      body: { relation: "parent", name: mum.name, idNumber: mum.idNumber },
    });
    expect(inv.status).toBe(201);
    const c = chat(t, user.token);
    const r = await c.start({ text: "撤回给我妈的邀请" });
    expect(r.flow).toBe("cancel_invitation");
    expect(c.prompt.kind).toBe("confirm");
    expect(c.prompt.label).toContain("确认撤回发给父母");
    const done = await c.say(true);
    expect(texts(done)).toContain("邀请已撤回");
    const view = await t.api("GET", `/v1/invitations/${inv.body.code}`, { token: user.token });
    expect(view.body.status).toBe("cancelled");
  });
});

describe("change the PIN", () => {
  it("one password_change prompt; a wrong current PIN and a weak new one are asked again; no PIN in the transcript", async () => {
    const u = await walletUser(t);
    const c = chat(t, u.token);
    await c.start({ text: "修改支付密码" });
    expect(c.prompt.kind).toBe("password_change");
    await c.say({ oldPassword: "000000", newPassword: "250813" });
    expect(c.texts()).toContain("支付密码错误，还可以再试 4 次。");
    expect(c.prompt.kind).toBe("password_change");
    await c.say({ oldPassword: PIN, newPassword: "123456" });
    expect(c.prompt.kind).toBe("password_change");
    const done = await c.say({ oldPassword: PIN, newPassword: "250813" });
    expect(done.status).toBe("done");
    expect(c.texts()).toContain("支付密码已修改");
    const transcript = JSON.stringify((await t.api("GET", `/v1/conversations/${c.id}`, { token: u.token })).body);
    expect(transcript).not.toContain(PIN);
    expect(transcript).not.toContain("250813");
    const check = await t.api("PUT", "/v1/wallet/password", { token: u.token, body: { oldPassword: "250813", newPassword: PIN } });
    expect(check.status).toBe(204);
  });
});

describe("usage location", () => {
  it("“我搬到南京了” asks to confirm 南京市 and changes it", async () => {
    const u = await walletUser(t);
    const c = chat(t, u.token);
    const r = await c.start({ text: "我搬到南京了" });
    expect(r.flow).toBe("usage_region");
    expect(texts(r)).toContain("您现在的使用地是苏州市。");
    expect(c.prompt).toMatchObject({ kind: "confirm", label: "确认把使用地改为南京市？" });
    await c.say("返回");
    expect(c.prompt.kind).toBe("choice");
    await c.say("成都");
    expect(c.prompt.label).toBe("确认把使用地改为成都市？");
    await c.say(true);
    const w = await t.api("GET", "/v1/wallet", { token: u.token });
    expect(w.body.usageRegionCode).toBe("510100");
  });
});

describe("close the wallet", () => {
  it("closes after the PIN, saying where the money went; a pending transfer stops it", async () => {
    const empty = await walletUser(t, { personalAccountFen: 0 });
    const c = chat(t, empty.token);
    const r = await c.start({ text: "注销钱包" });
    expect(r.flow).toBe("close_wallet");
    expect(c.prompt.kind).toBe("confirm");
    await c.say(true);
    expect(c.prompt.kind).toBe("password");
    const done = await c.say(PIN);
    expect(texts(done)).toContain("医保钱包已注销。");
    expect((await t.api("GET", "/v1/wallet", { token: empty.token })).body.status).toBe("closed");

    const rich = await walletUser(t);
    const d = chat(t, rich.token);
    await d.start({ text: "close my wallet", language: "en" });
    await d.say(true);
    const closed = await d.say(PIN);
    expect(closed.status).toBe("done");
    expect(texts(closed)).toMatch(/¥1,000\.00 goes back to your personal account in \D+ \(credited\)\./);
    expect((await t.api("GET", "/v1/wallet", { token: rich.token })).body.status).toBe("closed");

    const { sender, bindingId } = await pair(t);
    expect((await send(t, sender.token, bindingId, 100)).status).toBe(201);
    // Refused before the confirmation and the PIN (#23), in each language.
    for (const [language, said] of [
      ["en", "The wallet cannot be closed yet: a transfer is still waiting to be accepted."],
      ["zh-CN", "暂时不能注销医保钱包：有一笔转账还在等待确认。"],
      ["zh-TW", "暫時不能註銷醫保錢包：有一筆轉賬還在等待確認。"],
    ]) {
      const e = chat(t, sender.token);
      const refused = await e.start({ text: "close my wallet", language });
      expect(refused.status).toBe("done");
      expect(e.prompt.kind).toBe("done");
      expect(texts(refused)).toContain(said);
    }
    expect((await t.api("GET", "/v1/wallet", { token: sender.token })).body.status).toBe("active");
  });
});

describe("close the wallet: refusals before the PIN (#23)", () => {
  it("a transfer arriving while the user reads the confirmation, a refundable payment, a frozen wallet: said, the PIN never asked", async () => {
    const { sender, recipient, bindingId } = await pair(t);
    const c = chat(t, recipient.token);
    await c.start({ text: "注销钱包" });
    expect(c.prompt.kind).toBe("confirm");
    expect((await send(t, sender.token, bindingId, 100)).status).toBe(201);
    const refused = await c.say("确认");
    expect(texts(refused)).toContain("暂时不能注销医保钱包：有一笔转账还在等待确认。");
    expect(c.prompt.kind).toBe("done");

    const payer = await walletUser(t);
    const m = await newMerchant(t, { regionCode: "320500" });
    const code = chat(t, payer.token);
    const shown = await code.start({ text: "出示医保码" });
    const ecode = shown.messages.find((x: any) => x.card?.type === "ecode").card.code;
    expect((await charge(t, m, { ecode, orderNo: orderNo(), amountFen: 1_000 })).status).toBe(201);
    const d = chat(t, payer.token);
    const r = await d.start({ text: "我要销户", language: "zh-TW" });
    expect(r.flow).toBe("close_wallet");
    expect(texts(r)).toContain("暫時不能註銷醫保錢包：30 天內的醫藥費結算還可能退款。");
    expect(d.prompt.kind).toBe("done");

    const frozenUser = await walletUser(t);
    const agent = await agentToken(t, "agent01");
    const w = await t.api("GET", "/v1/wallet", { token: frozenUser.token });
    expect((await t.api("POST", `/v1/agent/wallets/${w.body.id}/freeze`, { token: agent, body: { reason: "风险排查" } })).status).toBe(200);
    const f = chat(t, frozenUser.token);
    const fr = await f.start({ text: "注销钱包" });
    expect(texts(fr)).toContain("您的医保钱包已冻结，不能注销，请联系客服。");
    expect(f.prompt.kind).toBe("done");
    for (const u of [recipient, payer, frozenUser]) {
      expect((await t.api("GET", "/v1/wallet", { token: u.token })).body.status).not.toBe("closed");
    }
  });
});

describe("guardian", () => {
  it("binds a child under 16 and opens the child's wallet as guardian; the child's code can then be shown", async () => {
    const user = await walletUser(t, { birthDate: "1985-05-01" });
    const child = await newPerson(t, { birthDate: "2016-04-04", insurance: "resident", gender: "female" });
    await relate(t, child, user, "parent");
    const c = chat(t, user.token);
    const r = await c.start({ text: "帮我女儿开通钱包" });
    expect(r.flow).toBe("guardian");
    expect(c.prompt).toMatchObject({ kind: "text", label: "请输入孩子的姓名" });
    await c.say(child.name);
    expect(c.prompt.kind).toBe("id_number");
    await c.say(child.idNumber);
    expect(c.prompt.kind).toBe("confirm");
    const bound = await c.say(true);
    expect(texts(bound)).toContain("您是监护人");
    expect(c.prompt.kind).toBe("confirm"); // the commitment
    await c.say(true);
    expect(c.prompt.kind).toBe("face");
    await c.say(`face-ok:${user.idNumber}`);
    expect(c.prompt.kind).toBe("password");
    const done = await c.say("250813");
    expect(done.status).toBe("done");
    const transcript = JSON.stringify((await t.api("GET", `/v1/conversations/${c.id}`, { token: user.token })).body);
    expect(transcript).not.toContain(child.idNumber);
    expect(transcript).not.toContain("250813");
    const list = await t.api("GET", "/v1/relatives", { token: user.token });
    expect(list.body.items[0]).toMatchObject({ relation: "child", guardian: true, hasWallet: true, managedByMe: true });

    const e = chat(t, user.token);
    await e.start({ flow: "ecode" });
    expect(e.prompt.kind).toBe("choice");
    expect(e.prompt.options).toHaveLength(2);
    const shown = await e.say(e.prompt.options[1].value);
    expect(shown.messages.find((m: any) => m.card?.type === "ecode").card.code).toBeTruthy();
  });
});
