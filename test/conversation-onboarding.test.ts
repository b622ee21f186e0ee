import { describe, expect, it } from "vitest";
import { createTestApp } from "./support/app";
import { chat } from "./support/chat";
import { family, loginAs } from "./support/family";
import { login, newPerson, relate, verifiedUser } from "./support/people";
import { PIN } from "./support/wallets";

const t = await createTestApp({ now: "2026-11-24T10:00:00+08:00" });

describe("open_wallet", () => {
  it("verifies a new user (name, ID number, face), takes the agreement and a PIN, and opens the wallet", async () => {
    const p = await newPerson(t, { insurance: "employee", personalAccountFen: 12_345 });
    const token = await login(t);
    const c = chat(t, token);
    await c.start({ text: "我要开通医保钱包" });
    expect(c.prompt.kind).toBe("text");
    await c.say(p.name);
    expect(c.prompt.kind).toBe("id_number");
    await c.say("110101199003070000"); // bad check digit
    expect(c.texts()).toContain("身份证号码不正确");
    expect(c.prompt.kind).toBe("id_number");
    await c.say(p.idNumber);
    expect(c.prompt.kind).toBe("confirm");
    expect(c.all.some((m) => m.card?.type === "agreement")).toBe(true);
    await c.say(true);
    expect(c.prompt.kind).toBe("face");
    await c.say(`face-ok:${p.idNumber}`);
    expect(c.prompt.kind).toBe("password");
    await c.say("123456");
    expect(c.texts()).toContain("支付密码不能是连续数字");
    expect(c.prompt.kind).toBe("password");
    const done = await c.say(PIN);
    expect(done.status).toBe("done");
    expect(c.texts()).toContain("个人账户资金 ¥123.45");
    const me = await t.api("GET", "/v1/wallet", { token });
    expect(me.body.balances.ownFen).toBe(12_345);
  });

  it("a wrong name is asked again; a verified user with a wallet is told it is open", async () => {
    const p = await newPerson(t, { insurance: "resident" });
    const token = await login(t);
    const c = chat(t, token);
    await c.start({ flow: "open_wallet" });
    await c.say("张三丰");
    await c.say(p.idNumber);
    await c.say("同意");
    await c.say(`face-ok:${p.idNumber}`);
    await c.say(PIN);
    expect(c.texts()).toContain("姓名与身份证号码不一致");
    expect(c.prompt.kind).toBe("text");
    await c.say(p.name);
    expect(c.prompt.kind).toBe("password"); // the other answers stand
    expect((await c.say(PIN)).status).toBe("done");
    const again = await chat(t, token).start({ flow: "open_wallet" });
    expect(again.status).toBe("done");
    expect(again.messages.map((m: any) => m.text)).toContain("您的医保钱包已经开通了。");
  });
});

describe("bind_relative and accept_invitation", () => {
  it("invites a relative named in the sentence; the relative accepts through their own conversation", async () => {
    const user = await verifiedUser(t, { birthDate: "1985-05-01" });
    const relative = await newPerson(t, { name: "钱秀英", birthDate: "1958-03-03", insurance: "resident" });
    await relate(t, user, relative, "parent");
    const c = chat(t, user.token);
    await c.start({ text: `添加我妈${relative.name}为共济亲属` });
    expect(c.prompt.kind).toBe("id_number"); // relation and name came from the sentence
    await c.say(relative.idNumber);
    expect(c.prompt.kind).toBe("confirm");
    const masked = `${relative.idNumber.slice(0, 4)}**********${relative.idNumber.slice(-4)}`;
    expect(c.prompt.label).toContain(masked);
    const done = await c.say("确认");
    const invitation = done.messages.find((m: any) => m.card?.type === "invitation").card;
    expect(invitation).toMatchObject({ relation: "parent", status: "pending" });

    const relToken = await loginAs(t, relative);
    const r = chat(t, relToken);
    await r.start({ text: `我收到邀请码 ${invitation.code}` });
    expect(r.prompt.kind).toBe("choice");
    expect(r.prompt.label).toContain("（您的子女）");
    await r.say("接受");
    expect(r.prompt.kind).toBe("face");
    await r.say("face-bad");
    expect(r.texts()).toContain("人脸识别未通过");
    expect(r.prompt.kind).toBe("face");
    const accepted = await r.say(`face-ok:${relative.idNumber}`);
    expect(accepted.status).toBe("done");
    const list = await t.api("GET", "/v1/relatives", { token: user.token });
    expect(list.body.items).toHaveLength(1);
  });

  it("offers only the relations the region allows; a relation the registry cannot confirm ends politely", async () => {
    const { user, relative } = await family(t, "sibling", { userRegion: "110000" }); // Beijing: core relations only
    const c = chat(t, user.token);
    await c.start({ flow: "bind_relative" });
    expect(c.prompt.options.map((o: any) => o.value)).toEqual(["spouse", "parent", "child"]);
    await c.say("配偶");
    await c.say(relative.name);
    await c.say(relative.idNumber);
    const end = await c.say(true);
    expect(c.texts()).toContain("未能在户籍或参保登记中核实");
    expect(end.status).toBe("done");
    expect(end.prompt.options.map((o: any) => o.value)).toContain("agent");
  });

  it("an unknown invitation code is asked again; declining needs no face check once verified", async () => {
    const { user, relative } = await family(t, "spouse");
    const inv = await t.api("POST", "/v1/invitations", {
      token: user.token,
      body: { relation: "spouse", name: relative.name, idNumber: relative.idNumber },
    });
    const relToken = await loginAs(t, relative);
    const r = chat(t, relToken);
    await r.start({ flow: "accept_invitation" });
    await r.say("ZZZZ2222");
    expect(r.texts()).toContain("没有找到");
    expect(r.prompt.kind).toBe("text");
    await r.say(inv.body.code.toLowerCase());
    const done = await r.say("拒绝");
    expect(done.status).toBe("done");
    expect((await t.api("GET", `/v1/invitations/${inv.body.code}`, { token: relToken })).body.status).toBe("declined");
  });

  it("an unverified relative verifies inside the accept flow", async () => {
    const { user, relative } = await family(t, "child");
    const inv = await t.api("POST", "/v1/invitations", {
      token: user.token,
      body: { relation: "child", name: relative.name, idNumber: relative.idNumber },
    });
    const token = await login(t);
    const r = chat(t, token);
    await r.start({ text: `接受邀请 ${inv.body.code}` });
    await r.say("accept");
    expect(r.prompt.kind).toBe("text");
    await r.say(relative.name);
    await r.say(relative.idNumber);
    const done = await r.say(`face-ok:${relative.idNumber}`);
    expect(done.status).toBe("done");
    const me = await t.api("GET", "/v1/relatives", { token });
    expect(me.body.items[0].relation).toBe("parent");
  });

  it("bind needs real-name first", async () => {
    const token = await login(t);
    const r = await chat(t, token).start({ flow: "bind_relative" });
    expect(r.status).toBe("done");
    expect(r.prompt.options.map((o: any) => o.value)).toEqual(["open_wallet"]);
  });
});
