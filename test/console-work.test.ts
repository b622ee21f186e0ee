import { describe, expect, it } from "vitest";
import { auditRowHash } from "../src/modules/audit/audit.service";
import { ConsoleClient } from "./browser/support/console-client";
import { createTestApp } from "./support/app";
import { charge, ecode, newMerchant, orderNo, refund } from "./support/merchants";
import { pair, send } from "./support/transfers";
import { balances, walletUser } from "./support/wallets";

const t = await createTestApp({ now: "2026-11-24T10:00:00+08:00" });

async function signedIn(username: string) {
  const c = new ConsoleClient(t);
  const r = await c.login(username);
  expect(r.status).toBe(303);
  await c.get(r.location!);
  return c;
}

/** A succeeded transfer through the real API, with its receipt number. */
async function succeeded(amountFen: number) {
  const p = await pair(t);
  const r = await send(t, p.sender.token, p.bindingId, amountFen);
  expect(r.status).toBe(201);
  await t.api("POST", `/v1/transfers/${r.body.id}/accept`, { token: p.recipient.token });
  const receiptNo: string = (await t.api("GET", `/v1/transfers/${r.body.id}`, { token: p.sender.token })).body.receiptNo;
  return { ...p, transferId: r.body.id as string, receiptNo };
}

describe("console reversals", () => {
  it("finds the transfer by receipt number from the transfer row, and keeps what was typed on an error", async () => {
    const x = await succeeded(12_300);
    const c = await signedIn("agent01");
    const person = await c.get(`/console/users/${x.sender.personId}`);
    expect(person.text).toContain(`/console/reversals/new?receiptNo=${x.receiptNo}`);
    const form = await c.get(`/console/reversals/new?receiptNo=${x.receiptNo}`);
    expect(form.text).toContain(`value="${x.receiptNo}"`);
    expect(form.text).toContain("¥123.00");
    expect(form.text).toContain("novalidate");

    // A wrong number: the same page, the error beside the field, both fields still filled.
    const wrong = await c.post("/console/reversals", { receiptNo: "T202611249999999999", reason: "用户来电要求退回误转" });
    expect(wrong.status).toBe(404);
    expect(wrong.text).toContain("找不到回单号为 T202611249999999999 的转账");
    expect(wrong.text).toContain('value="T202611249999999999"');
    expect(wrong.text).toContain("用户来电要求退回误转");
    expect(wrong.text).toContain('id="receiptNo-error"');
    expect(wrong.text).toContain("提交冲正申请");

    const malformed = await c.post("/console/reversals", { receiptNo: "abc", reason: "原因写好了" });
    expect(malformed.status).toBe(400);
    expect(malformed.text).toContain("不是有效的回单号");
    expect(malformed.text).toContain("原因写好了");

    const short = await c.post("/console/reversals", { receiptNo: x.receiptNo, reason: "短" });
    expect(short.status).toBe(400);
    expect(short.text).toContain("请填写冲正原因（2–500 个字）");
    expect(short.text).toContain(`value="${x.receiptNo}"`);
    expect(short.text).toContain("¥123.00");

    const ok = await c.post("/console/reversals", { receiptNo: x.receiptNo, reason: "用户误转，收款方同意退回" });
    expect(ok.status).toBe(303);
    const dup = await c.post("/console/reversals", { receiptNo: x.receiptNo, reason: "重复提交" });
    expect(dup.status).toBe(409);
    expect(dup.text).toContain("该转账已有冲正申请");
    expect(dup.text).toContain("重复提交");
  });

  it("shows the checker payer, payee, amount, date, receipt number, proposer and reason, and approves only after a confirm step", async () => {
    const x = await succeeded(8_800);
    const maker = await signedIn("agent01");
    await maker.get("/console/reversals");
    await maker.post("/console/reversals", { receiptNo: x.receiptNo, reason: "收款方确认收错" });
    const sup = await signedIn("supervisor01");
    const list = await sup.get("/console/reversals?status=pending");
    const id = list.text.match(new RegExp(`/console/reversals/(\\w+)/approve" aria-label="批准冲正 ${x.receiptNo}"`))?.[1];
    expect(id).toBeTruthy();
    for (const s of [
      x.receiptNo,
      "¥88.00",
      "收款方确认收错",
      "agent01",
      `/console/users/${x.sender.personId}`,
      `/console/users/${x.recipient.personId}`,
      "2026年11月24日",
    ])
      expect(list.text).toContain(s);
    const before = await balances(t, x.sender);
    const confirm = await sup.get(`/console/reversals/${id}/approve`);
    expect(confirm.text).toContain("确认批准");
    expect(confirm.text).toContain("此操作不可撤销");
    expect((await balances(t, x.sender)).ownFen).toBe(before.ownFen);
    const done = await sup.post(`/console/reversals/${id}/approve`);
    expect(done.status).toBe(303);
    expect((await balances(t, x.sender)).ownFen).toBe(before.ownFen + 8_800);
    // The proposer's own confirm page offers no button.
    const y = await succeeded(100);
    await sup.get("/console/reversals");
    await sup.post("/console/reversals", { receiptNo: y.receiptNo, reason: "主管本人提出" });
    const own = (await sup.get("/console/reversals?status=pending")).text;
    expect(own).toContain("本人提出，须由其他主管审批");
  });
});

describe("console person page", () => {
  it("explains the balance: every movement of the month with the balance after it, relatives as links, region names", async () => {
    const x = await succeeded(50_000);
    const m = await newMerchant(t, { name: "苏州市立医院" });
    const paid = await charge(t, m, { ecode: await ecode(t, x.sender), orderNo: orderNo(), amountFen: 32_000 });
    expect(paid.status).toBe(201);
    expect((await refund(t, m, paid.body.id, { refundNo: orderNo("rf"), amountFen: 2_000 })).status).toBe(201);
    const b = await balances(t, x.sender);
    const c = await signedIn("agent01");
    const page = (await c.get(`/console/users/${x.sender.personId}`)).text;
    expect(page).toContain("资金明细");
    expect(page).toContain('<option value="2026-11" selected="">2026年11月</option>');
    for (const s of ["开通时个人账户余额", "共济转出", "就医购药结算", "医药费退款", "苏州市立医院", "−¥320.00", "+¥20.00", "−¥500.00"])
      expect(page).toContain(s);
    // The newest line's balance is today's available balance; the month closes on it.
    const firstBalance = page.match(/<table class="statement">[\s\S]*?<tbody>[\s\S]*?<td class="num nowrap">(¥[\d,.]+)<\/td>/)?.[1];
    expect(firstBalance).toBe(`¥${((b.ownFen + b.receivedFen) / 100).toLocaleString("en-US", { minimumFractionDigits: 2 })}`);
    expect(page).toContain(
      `月末余额 <strong>¥${((b.ownFen + b.receivedFen) / 100).toLocaleString("en-US", { minimumFractionDigits: 2 })}</strong>`,
    );
    expect(page).toContain(`/console/users/${x.recipient.personId}`);
    expect(page).toContain("苏州市");
    expect(page).not.toMatch(/参保地 \/ 使用地<\/dt><dd>\d{6}/);
    // Another month: nothing moved, the balance carried.
    const oct = (await c.get(`/console/users/${x.sender.personId}?month=2026-10`)).text;
    expect(oct).toContain("本月没有资金变动");
    expect(oct).toContain("月末余额 <strong>¥0.00</strong>");
    const bad = (await c.get(`/console/users/${x.sender.personId}?month=2026-13`)).text;
    expect(bad).toContain("请选择有效的月份");
    // The recipient sees the transfer in from the masked sender.
    const other = (await c.get(`/console/users/${x.recipient.personId}`)).text;
    expect(other).toContain("亲属转入");
    expect(other).toContain("+¥500.00");
  });

  it("shows who froze and unfroze the wallet, when and why; a too-short reason comes back beside the field with the text kept", async () => {
    const x = await succeeded(100);
    const c = await signedIn("agent01");
    await c.get(`/console/users/${x.sender.personId}`);
    const short = await c.post(`/console/wallets/${x.sender.walletId}/freeze`, {
      reason: "丢",
      back: `/console/users/${x.sender.personId}`,
    });
    expect(short.status).toBe(400);
    expect(short.text).toContain("请填写原因（2–500 个字）");
    expect(short.text).toContain('value="丢"');
    expect(short.text).toContain("资金明细");
    expect((await t.api("GET", "/v1/wallet", { token: x.sender.token })).body.status).toBe("active");
    await c.post(`/console/wallets/${x.sender.walletId}/freeze`, {
      reason: "用户报告手机丢失",
      back: `/console/users/${x.sender.personId}`,
    });
    const sup = await signedIn("supervisor01");
    const frozen = (await sup.get(`/console/users/${x.sender.personId}`)).text;
    expect(frozen).toContain("冻结原因");
    expect(frozen).toContain("用户报告手机丢失（agent01，");
    await sup.post(`/console/wallets/${x.sender.walletId}/unfreeze`, { reason: "已找回手机", back: `/console/users/${x.sender.personId}` });
    const page = (await sup.get(`/console/users/${x.sender.personId}`)).text;
    const history = page.slice(page.indexOf("冻结记录"));
    expect(history).toContain("解除冻结");
    expect(history).toContain("supervisor01（主管）");
    expect(history).toContain("已找回手机");
    expect(history).toContain("agent01（客服）");
    expect(history.indexOf("已找回手机")).toBeLessThan(history.indexOf("用户报告手机丢失"));
  });
});

/** A small RFC 4180 reader for the export (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let f = "";
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (q) {
      if (ch === '"' && text[i + 1] === '"') {
        f += '"';
        i++;
      } else if (ch === '"') q = false;
      else f += ch;
    } else if (ch === '"') q = true;
    else if (ch === ",") {
      row.push(f);
      f = "";
    } else if (ch === "\r") continue;
    else if (ch === "\n") {
      row.push(f);
      rows.push(row);
      row = [];
      f = "";
    } else f += ch;
  }
  if (f || row.length) {
    row.push(f);
    rows.push(row);
  }
  return rows;
}

describe("console audit log", () => {
  it("names actors by username and role, actions and details in Chinese words, amounts in yuan", async () => {
    const x = await succeeded(12_345);
    const a = await signedIn("agent01");
    await a.get(`/console/users/${x.sender.personId}`);
    await a.post(`/console/wallets/${x.sender.walletId}/freeze`, {
      reason: "审计页测试：疑似盗用",
      back: `/console/users/${x.sender.personId}`,
    });
    await a.get("/console/reversals");
    const aud = await signedIn("auditor01");
    const page = (await aud.get("/console/audit")).text;
    for (const s of [
      "冻结钱包",
      "原因：审计页测试：疑似盗用",
      "agent01",
      "客服登录",
      "查看用户详情",
      "发起共济转账",
      "金额：¥123.45",
      "审计员",
    ])
      expect(page).toContain(s);
    expect(page).not.toContain("<code>wallet.freeze</code>");
    expect(page).not.toContain("amountFen");
    expect(page).not.toMatch(/客服 <code>/);
  });

  it("filters by actor, action and date, and reports a bad date in Chinese beside the field", async () => {
    const aud = await signedIn("auditor01");
    const first = (await aud.get("/console/audit")).text;
    const agentOpt = first.match(/<option value="(agent:[^"]+)">agent01（客服）<\/option>/)?.[1];
    expect(agentOpt).toBeTruthy();
    const byAgent = (await aud.get(`/console/audit?actor=${encodeURIComponent(agentOpt!)}`)).text;
    const actors = [...byAgent.matchAll(/<td class="nowrap">([^<]+)<br\/?><span class="hint">/g)].map((m) => m[1]);
    expect(actors.length).toBeGreaterThan(0);
    expect(new Set(actors)).toEqual(new Set(["agent01"]));
    const freezes = (await aud.get("/console/audit?action=wallet.freeze")).text;
    const actions = [...freezes.matchAll(/<td class="nowrap" title="([^"]+)">/g)].map((m) => m[1]);
    expect(actions.length).toBeGreaterThan(0);
    expect(new Set(actions)).toEqual(new Set(["wallet.freeze"]));
    const group = (await aud.get("/console/audit?action=wallet.")).text;
    expect([...group.matchAll(/<td class="nowrap" title="([^"]+)">/g)].every((m) => m[1]!.startsWith("wallet."))).toBe(true);
    expect((await aud.get("/console/audit?from=2026-11-25")).text).toContain("没有符合条件的记录");
    expect((await aud.get("/console/audit?from=2026-11-24&to=2026-11-24")).text).toContain("冻结钱包");
    const bad = await aud.get("/console/audit?from=2026-13-01");
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("请按“2026-11-24”的格式填写开始日期");
    expect(bad.text).toContain('value="2026-13-01"');
  });

  it("exports a filtered range as CSV with each row's link and the whole chain checked", async () => {
    const aud = await signedIn("auditor01");
    const res = await aud.get("/console/audit/export.csv?action=wallet.freeze&from=2026-11-24&to=2026-11-24");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("x-audit-chain")).toMatch(/^ok; checked=\d+/);
    const rows = parseCsv(res.text.replace(/^\uFEFF/, ""));
    const head = rows[0]!;
    expect(head.slice(0, 8)).toEqual(["序号", "时间（北京）", "操作者", "角色", "动作", "对象", "详情", "本行哈希校验"]);
    const data = rows.slice(1, -1);
    expect(data.length).toBeGreaterThan(0);
    const col = (name: string) => head.indexOf(name);
    for (const r of data) {
      expect(r[col("动作")]).toBe("冻结钱包");
      expect(r[col("操作者")]).toBe("agent01");
      expect(r[col("本行哈希校验")]).toBe("通过");
      // The stored fields are in the file as they are hashed: anyone can recompute the link.
      const hash = await auditRowHash(r[col("prevHash")]!, {
        id: r[col("id")]!,
        at: new Date(r[col("at")]!),
        actorType: r[col("actorType")] as "agent",
        actorId: r[col("actorId")]!,
        action: r[col("action")]!,
        subjectType: r[col("subjectType")]!,
        subjectId: r[col("subjectId")]!,
        details: JSON.parse(r[col("details")]!),
        chainPos: Number(r[col("chainPos")]),
      });
      expect(hash).toBe(r[col("hash")]);
    }
    const last = rows[rows.length - 1]!;
    expect(last[0]).toBe("哈希链校验");
    expect(last[1]).toMatch(/^完整：全链已校验 \d+ 条，未发现篡改；本次导出 \d+ 条，逐行校验全部通过/);
    // The export itself is audited.
    expect((await aud.get("/console/audit?action=audit.export")).text).toContain("导出审计日志");
  });
});

describe("console queue", () => {
  /** A user asks the real assistant for a person and says what it is about. */
  async function askForAgent(words: string) {
    const u = await walletUser(t);
    const started = await t.api("POST", "/v1/conversations", { token: u.token, body: { flow: "agent" } });
    expect(started.status).toBe(201);
    const r = await t.api("POST", `/v1/conversations/${started.body.id}/replies`, {
      token: u.token,
      body: { stepId: started.body.prompt.stepId, value: words },
    });
    expect(r.status).toBe(200);
    return { u, id: started.body.id as string };
  }
  const section = (html: string, id: string) =>
    html.slice(html.indexOf(`id="${id}"`), html.indexOf("</section>", html.indexOf(`id="${id}"`)));

  it("fills 事项 from what the chat is about, moves a taken chat out of 待接入, and asks before ending it", async () => {
    const a = await askForAgent("我给妈妈的转账一直没到账");
    const b = await askForAgent("你好在吗，有点事情想咨询");
    const agent = await signedIn("agent01");
    const q1 = (await agent.get("/console/queue")).text;
    const waiting = section(q1, "waiting");
    expect(waiting).toContain(`/console/conversations/${a.id}/take`);
    expect(waiting).toMatch(/<td>转账<\/td>/);
    expect(waiting).toContain("“你好在吗，有点事情想咨询”");
    expect(waiting).not.toMatch(/<td>—<\/td>/);

    expect((await agent.post(`/console/conversations/${a.id}/take`)).status).toBe(303);
    const q2 = (await agent.get("/console/queue")).text;
    expect(section(q2, "waiting")).not.toContain(a.id);
    expect(section(q2, "waiting")).toContain(b.id);
    expect(section(q2, "serving")).toContain(`/console/conversations/${a.id}`);
    expect(section(q2, "serving")).toContain('<td class="nowrap">我</td>');
    const sup = await signedIn("supervisor01");
    expect(section((await sup.get("/console/queue")).text, "serving")).toContain("agent01");

    // An empty reply comes back on the page in Chinese; ending the chat asks first.
    await agent.get(`/console/conversations/${a.id}`);
    const empty = await agent.post(`/console/conversations/${a.id}/reply`, { text: "  " });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain("请输入回复内容");
    expect(empty.text).toContain("聊天记录");
    const conv = (await agent.get(`/console/conversations/${a.id}`)).text;
    expect(conv).toContain(`href="/console/conversations/${a.id}/close"`);
    const confirm = await agent.get(`/console/conversations/${a.id}/close`);
    expect(confirm.text).toContain("确认结束会话");
    expect((await t.api("GET", `/v1/conversations/${a.id}`, { token: a.u.token })).body.status).toBe("with_agent");
    expect((await sup.get(`/console/conversations/${a.id}/close`)).status).toBe(409);
    const closed = await agent.post(`/console/conversations/${a.id}/close`);
    expect(closed.location).toBe("/console/queue?done=closed");
    expect((await t.api("GET", `/v1/conversations/${a.id}`, { token: a.u.token })).body.status).not.toBe("with_agent");
  });

  it("shows region names, not codes, in search results; a too-short search says so in Chinese", async () => {
    const u = await walletUser(t);
    const c = await signedIn("agent01");
    await c.get("/console/users");
    const found = (await c.post("/console/users/search", { q: u.idNumber })).text;
    expect(found).toContain("江苏省苏州市");
    expect(found).not.toMatch(/<td>\d{6}<\/td>/);
    const short = await c.post("/console/users/search", { q: "张" });
    expect(short.status).toBe(400);
    expect(short.text).toContain("请输入至少 2 个字符");
    expect(short.text).toContain('value="张"');
  });
});
