// Family payments by chat (#23, #18): quotas (共济额度) and care access (亲情账户) end to end
// against the real app, through the family module's own services; every refusal before the PIN.
import { describe, expect, it } from "vitest";
import { agentToken } from "./support/admin";
import { createTestApp } from "./support/app";
import { chat } from "./support/chat";
import { bind } from "./support/family";
import { newPerson, relate, verifiedUser, type User } from "./support/people";
import { openWallet, PIN } from "./support/wallets";

const t = await createTestApp({ now: "2026-11-24T10:00:00+08:00" });

/** A user with a wallet (¥1,000 own funds) and a bound parent of the given sex who has a wallet too. */
async function withParent(gender: "male" | "female") {
  const user = await verifiedUser(t, { birthDate: "1985-05-01", personalAccountFen: 100_000 });
  const walletId = await openWallet(t, user);
  const parent = await newPerson(t, { birthDate: "1958-03-03", gender, insurance: "resident" });
  await relate(t, user, parent, "parent");
  const { bindingId, relativeToken } = await bind(t, user, parent, "parent");
  await openWallet(t, { ...parent, token: relativeToken });
  return { user: { ...user, walletId }, parent: { ...parent, token: relativeToken } as User, bindingId };
}

const texts = (body: { messages: { text: string }[] }) => body.messages.map((m) => m.text).join("\n");
const quotas = async (token: string) => (await t.api("GET", "/v1/quotas", { token })).body;
const setByApi = (token: string, bindingId: string, annualFen: number, perPaymentFen?: number) =>
  t.api("PUT", `/v1/relatives/${bindingId}/quota`, { token, body: { annualFen, perPaymentFen, paymentPassword: PIN } });

describe("quotas by chat", () => {
  it("“给我妈设每年两千的额度，每次最多五百”: one confirmation naming her, the PIN, then the quota as the API shows it; no PIN in the transcript", async () => {
    const { user, parent, bindingId } = await withParent("female");
    const c = chat(t, user.token);
    const first = await c.start({ text: "给我妈设每年两千的额度，每次最多五百" });
    expect(first.flow).toBe("family_payments");
    expect(c.prompt.kind).toBe("confirm");
    expect(c.prompt.label).toMatch(/^确认给父母 \S+?设置共济额度每年 ¥2,000\.00，单笔最多 ¥500\.00？/);
    await c.say("确认");
    expect(c.prompt).toMatchObject({ kind: "password", label: "请输入6位支付密码" });
    const done = await c.say(PIN);
    expect(done.status).toBe("done");
    expect(texts(done)).toMatch(/已为父母 \S+?设置2026年共济额度 ¥2,000\.00，单笔最多 ¥500\.00，今年还剩 ¥2,000\.00。/);
    const theirs = await quotas(parent.token);
    expect(theirs.received).toEqual([
      expect.objectContaining({ bindingId, annualFen: 200_000, perPaymentFen: 50_000, usedFen: 0, status: "active" }),
    ]);
    const transcript = await t.api("GET", `/v1/conversations/${c.id}`, { token: user.token });
    expect(JSON.stringify(transcript.body)).not.toContain(PIN);
  });

  it("asks what it was not told (the cap), takes “不设上限”, re-asks a wrong PIN; a change keeps what was used", async () => {
    const { user, parent, bindingId } = await withParent("female");
    expect((await setByApi(user.token, bindingId, 50_000)).status).toBe(200);
    const c = chat(t, user.token);
    await c.start({ text: "把我妈的额度改成三千" });
    expect(c.prompt.kind).toBe("choice");
    expect(c.prompt.label).toContain("每次付款最多用多少");
    expect(c.prompt.options).toEqual([{ value: "none", label: "不设单笔上限" }]);
    await c.say("不设上限");
    expect(c.prompt.label).toMatch(/每年 ¥3,000\.00，不设单笔上限？/);
    await c.say("好的");
    const wrong = await c.say("147025");
    expect(texts(wrong)).toContain("支付密码错误，还可以再试 4 次。");
    expect(c.prompt.kind).toBe("password");
    await c.say(PIN);
    expect((await quotas(parent.token)).received[0]).toMatchObject({ annualFen: 300_000, perPaymentFen: null });
  });

  it("rules and refusals come before the PIN: amount out of range, a cap above the quota, a frozen wallet, nobody bound", async () => {
    const { user, bindingId } = await withParent("female");
    const c = chat(t, user.token);
    const first = await c.start({ text: "给我妈设每年十万的额度" });
    expect(texts(first)).toContain("共济额度每年须在 ¥0.01 至 ¥50,000.00 之间，请换一个金额。");
    expect(c.prompt.kind).toBe("amount");
    expect(c.prompt).toMatchObject({ min: 1, max: 5_000_000 });
    const again = await c.say("60000");
    expect(texts(again)).toContain("共济额度每年须在");
    expect(c.prompt.kind).toBe("amount");
    await c.say("两千");
    expect(c.prompt.kind).toBe("choice");
    const cap = await c.say("3000");
    expect(texts(cap)).toContain("单笔上限不能超过每年的额度，请换一个金额。");
    expect(c.prompt.kind).toBe("choice");
    await c.say("取消");
    expect((await quotas(user.token)).granted).toEqual([]);

    const agent = await agentToken(t, "agent01");
    const frozen = await t.api("POST", `/v1/agent/wallets/${user.walletId}/freeze`, { token: agent, body: { reason: "风险排查" } });
    expect(frozen.status).toBe(200);
    for (const [text, language, said] of [
      ["给我妈设个额度", "zh-CN", "您的医保钱包已冻结或注销，不能设置共济额度；已设置的额度也已暂停。"],
      ["給我媽設個額度", "zh-TW", "您的醫保錢包已凍結或註銷，不能設置共濟額度；已設置的額度也已暫停。"],
      ["set a quota for my mom", "en", "Your wallet is frozen or closed: you cannot set a quota, and the quotas you gave are stopped."],
    ]) {
      const d = chat(t, user.token);
      const r = await d.start({ text, language });
      expect(r.status).toBe("done");
      expect(texts(r)).toContain(said);
      expect(d.prompt.kind).toBe("done");
    }
    expect(bindingId).toBeTruthy();

    const lonely = await verifiedUser(t, { personalAccountFen: 10_000 });
    await openWallet(t, lonely);
    const e = await chat(t, lonely.token).start({ text: "设置共济额度" });
    expect(texts(e)).toContain("您还没有共济亲属，先绑定亲属才能设置共济额度。");
  });

  it("“给我妈设个额度” with only a father bound offers to invite her; never the father", async () => {
    const { user, parent } = await withParent("male");
    const c = chat(t, user.token);
    await c.start({ text: "给我妈设个额度" });
    expect(c.prompt).toMatchObject({ kind: "confirm", label: "您还没有绑定妈妈为共济亲属。要邀请她成为共济亲属吗？" });
    await c.say("不");
    expect((await quotas(parent.token)).received).toEqual([]);
  });

  it("revokes with the PIN (“取消给我妈的额度”); nothing to revoke is said before the PIN; the other relative's quota stays", async () => {
    const { user, parent, bindingId } = await withParent("female");
    const none = await chat(t, user.token).start({ text: "取消给我妈的额度" });
    expect(texts(none)).toContain("您没有给妈妈设置共济额度，不需要取消。");
    expect((await setByApi(user.token, bindingId, 80_000)).status).toBe(200);
    const c = chat(t, user.token);
    await c.start({ text: "取消给我妈的额度" });
    expect(c.prompt.label).toMatch(/^确认取消给父母 \S+?的共济额度？/);
    await c.say("确认");
    expect(c.prompt.kind).toBe("password");
    const done = await c.say(PIN);
    expect(texts(done)).toMatch(/已取消给父母 \S+?的共济额度。/);
    expect((await quotas(parent.token)).received[0]).toMatchObject({ status: "revoked", remainingFen: 0 });
    const inbox = await t.api("GET", "/v1/notifications", { token: parent.token });
    expect(inbox.body.items.map((n: { kind: string }) => n.kind)).toContain("quota.revoked");
  });

  it("how much is left: as giver (“我妈的额度还剩多少”) and as receiver (“我还能用多少”), in three languages", async () => {
    const { user, parent, bindingId } = await withParent("female");
    expect((await setByApi(user.token, bindingId, 200_000, 50_000)).status).toBe(200);
    const g = await chat(t, user.token).start({ text: "我妈的额度还剩多少" });
    expect(g.flow).toBe("family_payments");
    expect(texts(g)).toMatch(/您给父母 \S+?的：2026年额度 ¥2,000\.00，已用 ¥0\.00，还剩 ¥2,000\.00，单笔最多 ¥500\.00。/);
    const r = await chat(t, parent.token).start({ text: "我还能用多少" });
    expect(r.flow).toBe("family_payments");
    expect(texts(r)).toMatch(/子女 \S+?给您的：2026年额度 ¥2,000\.00，已用 ¥0\.00，还剩 ¥2,000\.00/);
    expect(texts(r)).toMatch(/在定点医药机构付款时，可用亲属的共济额度共 ¥2,000\.00，另有钱包余额 ¥[\d,]+\.\d\d。/);
    const tw = await chat(t, parent.token).start({ text: "我還能用多少額度", language: "zh-TW" });
    expect(texts(tw)).toMatch(/給您的：2026年額度 ¥2,000\.00，已用 ¥0\.00，還剩 ¥2,000\.00/);
    const en = await chat(t, user.token).start({ text: "how much quota does my mom have left", language: "en" });
    expect(texts(en)).toMatch(
      /You gave your parent \S+: 2026 quota ¥2,000\.00, used ¥0\.00, ¥2,000\.00 left; at most ¥500\.00 per payment\./,
    );
    const none = await chat(t, user.token).start({ text: "我爸的额度还剩多少" });
    expect(texts(none)).toContain("您没有绑定爸爸为共济亲属。");
  });

  it("English and Traditional Chinese set a quota end to end", async () => {
    const { user, parent } = await withParent("female");
    const en = chat(t, user.token);
    await en.start({ text: "set a 2000 quota for my mom, 500 per payment", language: "en" });
    expect(en.prompt.label).toMatch(/^Give your parent \S+ a quota of ¥2,000\.00 a year, at most ¥500\.00 per payment\?/);
    await en.say("yes");
    await en.say(PIN);
    expect((await quotas(parent.token)).received[0]).toMatchObject({ annualFen: 200_000, perPaymentFen: 50_000 });
    const tw = chat(t, user.token);
    await tw.start({ text: "給我媽設每年兩千的額度", language: "zh-TW" });
    expect(tw.prompt.label).toContain("每次付款最多用多少？可以直接輸入金額（不超過 ¥2,000.00）");
    await tw.say("每次最多三百");
    expect(tw.prompt.label).toMatch(/^確認給父母 \S+?設置共濟額度每年 ¥2,000\.00，單筆最多 ¥300\.00？/);
  });

  it("the menu asks what to do when nothing was said", async () => {
    const { user } = await withParent("female");
    const c = chat(t, user.token);
    await c.start({ flow: "family_payments" });
    expect(c.prompt.kind).toBe("choice");
    expect(c.prompt.options.map((o: { value: string }) => o.value)).toEqual([
      "set",
      "remaining",
      "cancel",
      "care",
      "care_grant",
      "care_revoke",
    ]);
    await c.say("remaining");
    expect(c.prompt.kind).toBe("done");
    expect(c.texts()).toContain("您目前没有生效的共济额度（没有给出，也没有收到）。");
  });
});

describe("care access by chat (亲情账户)", () => {
  it("the parent grants it with a face check; the child shows her e-code (never in the transcript) and gives it up with the PIN", async () => {
    const { user, parent } = await withParent("female");
    const before = await chat(t, user.token).start({ text: "出示我妈的医保码" });
    expect(texts(before)).toContain("妈妈还没有授权您代为出示医保码，需要对方在自己的手机上授权。");

    const g = chat(t, parent.token);
    const first = await g.start({ text: "开通亲情账户" });
    expect(first.flow).toBe("family_payments");
    expect(g.prompt.label).toMatch(/^确认让子女 \S+?在自己的手机上代您出示医保码？/);
    await g.say("确认");
    expect(g.prompt.kind).toBe("face");
    const failed = await g.say("face-bad");
    expect(texts(failed)).toContain("人脸识别未通过，请重试。");
    expect(g.prompt.kind).toBe("face");
    const granted = await g.say(`face-ok:${parent.idNumber}`);
    expect(texts(granted)).toMatch(/已授权子女 \S+?代您出示医保码，付款从您的医保钱包扣除。/);
    const again = await chat(t, parent.token).start({ text: "让我孩子代我出示医保码" });
    expect(texts(again)).toContain("这位亲属已经可以代您出示医保码了。");

    const show = chat(t, user.token);
    const shown = await show.start({ text: "出示我妈的医保码" });
    expect(shown.status).toBe("done");
    const card = shown.messages.find((m: any) => m.card?.type === "ecode").card;
    expect(card.code).toBeTruthy();
    const transcript = await t.api("GET", `/v1/conversations/${show.id}`, { token: user.token });
    expect(JSON.stringify(transcript.body)).not.toContain(card.code);
    const notDad = await chat(t, user.token).start({ text: "出示我爸的医保码" });
    expect(texts(notDad)).toContain("您没有绑定爸爸为共济亲属。");

    const stop = chat(t, user.token);
    await stop.start({ text: "取消亲情账户" });
    expect(stop.prompt.label).toMatch(/^确认不再代父母 \S+?出示医保码？/);
    await stop.say("确认");
    expect(stop.prompt.kind).toBe("password");
    await stop.say(PIN);
    const list = await t.api("GET", "/v1/care-access", { token: parent.token });
    expect(list.body.carers).toEqual([]);
    const after = await chat(t, user.token).start({ text: "取消亲情账户" });
    expect(texts(after)).toContain("您和亲属之间没有亲情账户授权，不需要取消。");
  });
});

describe("misroutes around family payments", () => {
  it("a quota is never a transfer, a cancel or my own e-code; the transfer limit stays a rule", async () => {
    const { user } = await withParent("female");
    const set = chat(t, user.token);
    const r = await set.start({ text: "给我妈设个每年两千的额度" });
    expect(r.flow).toBe("family_payments");
    expect(set.prompt.label).toContain("每次付款最多用多少");
    const send = await chat(t, user.token).start({ text: "给我妈两千" });
    expect(send.flow).toBe("transfer");
    const cancel = await chat(t, user.token).start({ text: "取消给我妈的额度" });
    expect(cancel.flow).toBe("family_payments");
    expect(texts(cancel)).toContain("您没有给妈妈设置共济额度，不需要取消。");
    const code = await chat(t, user.token).start({ text: "出示我妈的医保码" });
    expect(code.flow).toBe("family_payments");
    expect(code.messages.some((m: any) => m.card?.type === "ecode")).toBe(false);
    const own = await chat(t, user.token).start({ text: "出示医保码" });
    expect(own.flow).toBe("ecode");
    const rule = await chat(t, user.token).start({ text: "每天的额度是多少" });
    expect(rule.flow).toBe("rules");
    const balance = await chat(t, user.token).start({ text: "钱包里还能用多少钱" });
    expect(balance.flow).toBe("balance");
    expect((await t.api("GET", "/v1/transfers?direction=out", { token: user.token })).body.items).toHaveLength(0);
  });
});
