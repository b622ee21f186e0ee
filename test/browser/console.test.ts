import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createTestApp } from "../support/app";
import { pair, send } from "../support/transfers";
import { balances, walletUser } from "../support/wallets";
import { charge, ecode, newMerchant, orderNo, refund } from "../support/merchants";
import { CHROMIUM, keyboardLogin, launch, logout, personPage, shot, startServer, tallestCellLines } from "./support/browser";

if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);

const t = await createTestApp({ now: "2026-11-24T10:00:00+08:00" });
const base = await startServer(t);
const browser = await launch();

describe("console in Chromium", () => {
  it("an agent takes a user's hand-off from the queue and chats live with the user", async () => {
    const u = await walletUser(t);
    // The user asks the assistant for a person, through the real conversation API.
    const started = await t.api("POST", "/v1/conversations", { token: u.token, body: { flow: "agent" } });
    expect(started.status).toBe(201);
    const convId: string = started.body.id;
    let stepId: string = started.body.prompt.stepId;
    const say = async (value: string) => {
      const r = await t.api("POST", `/v1/conversations/${convId}/replies`, { token: u.token, body: { stepId, value } });
      expect(r.status).toBe(200);
      stepId = r.body.prompt.stepId;
    };
    await say("我给妈妈的转账一直没到账");

    const { page, problems } = await personPage(browser, base);
    await page.goto("/console/login");
    await shot(page, "01-login");
    await keyboardLogin(page, "agent01");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("待接入会话");
    // 事项 from the user's own words (the assistant understood a transfer), never "—".
    expect(
      await page
        .locator("section[aria-labelledby=waiting] tr", { has: page.locator(`form[action="/console/conversations/${convId}/take"]`) })
        .textContent(),
    ).toContain("转账");
    await shot(page, "02-queue");

    await Promise.all([
      page.waitForURL(`**/console/conversations/${convId}?done=taken`),
      page.locator(`form[action="/console/conversations/${convId}/take"] button`).click(),
    ]);
    expect(await page.getByRole("status").first().textContent()).toContain("已接入该会话");
    expect(await page.locator("#transcript").textContent()).toContain("我给妈妈的转账一直没到账");
    expect(await page.locator("aside").textContent()).toContain("¥1,000.00");

    await page.getByLabel("回复用户").fill("您好，我是客服，马上帮您查看转账。");
    await Promise.all([page.waitForURL(/done=sent/), page.getByRole("button", { name: "发送" }).click()]);
    const seen = await t.api("GET", `/v1/conversations/${convId}`, { token: u.token });
    expect(JSON.stringify(seen.body.messages)).toContain("您好，我是客服，马上帮您查看转账。");

    // The user answers while the page is open: the small polling script shows it without a reload.
    await say("好的，谢谢！");
    await page.locator("#transcript li", { hasText: "好的，谢谢！" }).waitFor({ timeout: 15_000 });
    await shot(page, "03-conversation");

    // Taken: out of 等待接入, listed under 服务中 as mine.
    await page.goto("/console/queue");
    expect(await page.locator(`section[aria-labelledby=waiting] form[action="/console/conversations/${convId}/take"]`).count()).toBe(0);
    expect(await page.locator("section[aria-labelledby=serving]").textContent()).toContain("继续服务");
    await shot(page, "03a-queue-serving");

    // An empty reply: a Chinese message on the page. Ending the chat asks first.
    await page.goto(`/console/conversations/${convId}`);
    await page.getByRole("button", { name: "发送" }).click();
    await page.locator("#reply-text-error").waitFor();
    expect(await page.locator("#reply-text-error").textContent()).toBe("请输入回复内容");
    await page.getByRole("link", { name: "结束会话…" }).click();
    await page.getByRole("button", { name: "确认结束会话" }).waitFor();
    await shot(page, "03b-close-confirm");
    expect((await t.api("GET", `/v1/conversations/${convId}`, { token: u.token })).body.status).toBe("with_agent");
    await Promise.all([page.waitForURL(/done=closed/), page.getByRole("button", { name: "确认结束会话" }).click()]);
    expect(problems.filter((m) => !/status of 400/.test(m))).toEqual([]);
    await logout(page);
  });

  it("an agent looks a user up, reveals a field with a reason and freezes; a supervisor unfreezes", async () => {
    const u = await walletUser(t, { phone: "13900000107" });
    const { page, problems } = await personPage(browser, base);
    await keyboardLogin(page, "agent01");
    await page.getByRole("link", { name: "用户查询" }).click();
    await page.getByLabel("手机号、身份证号或姓名").fill(u.idNumber);
    await page.keyboard.press("Enter");
    await page.getByRole("link", { name: /^查看/ }).first().waitFor();
    expect(await page.content()).not.toContain(u.idNumber);
    await shot(page, "04-lookup");

    await page.goto(`/console/users/${u.personId}`);
    await page.getByLabel("查看完整信息").selectOption("phone");
    await page.getByLabel("查看原因").fill("用户来电，核实预留手机号");
    await page.getByRole("button", { name: "查看", exact: true }).click();
    expect(await page.locator(".revealed").textContent()).toContain("13900000107");

    await page.getByLabel("冻结原因").fill("用户报告手机丢失");
    await Promise.all([page.waitForURL(/done=frozen/), page.getByRole("button", { name: "冻结钱包" }).click()]);
    expect(await page.locator("#wallet ~ div .badge, section .badge").first().textContent()).toBe("已冻结");
    expect(await page.getByText("解除冻结需由主管操作").count()).toBe(1);
    await shot(page, "05-user-frozen");
    expect((await t.api("GET", "/v1/wallet", { token: u.token })).body.status).toBe("frozen");
    await logout(page);

    await keyboardLogin(page, "supervisor01");
    await page.goto(`/console/users/${u.personId}`);
    await page.getByLabel("解冻原因").fill("用户已找回手机");
    await Promise.all([page.waitForURL(/done=unfrozen/), page.getByRole("button", { name: "解除冻结" }).click()]);
    expect((await t.api("GET", "/v1/wallet", { token: u.token })).body.status).toBe("active");
    expect(problems).toEqual([]);
    await logout(page);
  });

  it("a reversal goes through maker (agent, by receipt number) and checker (a different supervisor, with a confirm step)", async () => {
    const p = await pair(t);
    const sent = await send(t, p.sender.token, p.bindingId, 30_000);
    await t.api("POST", `/v1/transfers/${sent.body.id}/accept`, { token: p.recipient.token });
    const receiptNo: string = (await t.api("GET", `/v1/transfers/${sent.body.id}`, { token: p.sender.token })).body.receiptNo;
    const before = await balances(t, p.sender);

    const maker = await personPage(browser, base);
    await keyboardLogin(maker.page, "agent01");
    // First a typing slip: the receipt number misread on the phone. The page keeps both fields.
    await maker.page.goto("/console/reversals");
    await maker.page.getByLabel("回单号").fill(receiptNo.replace(/\d$/, (d) => String((Number(d) + 1) % 10)));
    await maker.page.getByLabel("冲正原因").fill("用户误转，收款方同意退回");
    await maker.page.getByRole("button", { name: "提交冲正申请" }).click();
    await maker.page.locator("#receiptNo-error").waitFor();
    expect(await maker.page.locator("#receiptNo-error").textContent()).toContain("找不到回单号");
    expect(await maker.page.getByLabel("冲正原因").inputValue()).toBe("用户误转，收款方同意退回");
    await shot(maker.page, "06a-reversal-wrong-receipt");

    // Then from the transfer row on the person page: the receipt number and the transfer filled in.
    await maker.page.goto(`/console/users/${p.sender.personId}`);
    await shot(maker.page, "06-user-transfers");
    await maker.page.getByRole("link", { name: `申请冲正 ${receiptNo}` }).click();
    expect(await maker.page.getByLabel("回单号").inputValue()).toBe(receiptNo);
    expect(await maker.page.locator("section[aria-labelledby=propose]").textContent()).toContain("¥300.00");
    await maker.page.getByLabel("冲正原因").fill("用户误转，收款方同意退回");
    await Promise.all([maker.page.waitForURL(/done=proposed/), maker.page.getByRole("button", { name: "提交冲正申请" }).click()]);
    expect(await maker.page.getByRole("row", { name: new RegExp(receiptNo) }).textContent()).toContain("待主管审批");
    await shot(maker.page, "07-reversal-proposed");

    const checker = await personPage(browser, base);
    await keyboardLogin(checker.page, "supervisor01");
    await checker.page.getByRole("link", { name: "冲正", exact: true }).click();
    const row = checker.page.getByRole("row", { name: new RegExp(receiptNo) });
    for (const s of ["¥300.00", "用户误转，收款方同意退回", "agent01", "2026年11月24日"]) expect(await row.textContent()).toContain(s);
    await shot(checker.page, "08a-reversal-approval-list");
    await checker.page.getByRole("link", { name: `批准冲正 ${receiptNo}` }).click();
    await checker.page.getByRole("button", { name: "确认批准" }).waitFor();
    expect((await balances(t, p.sender)).ownFen).toBe(before.ownFen);
    await shot(checker.page, "08b-reversal-confirm");
    await Promise.all([checker.page.waitForURL(/done=approved/), checker.page.getByRole("button", { name: "确认批准" }).click()]);
    expect(await checker.page.getByRole("row", { name: new RegExp(receiptNo) }).textContent()).toContain("已批准");
    await shot(checker.page, "08-reversal-approved");
    expect((await balances(t, p.sender)).ownFen).toBe(before.ownFen + 30_000);
    expect((await balances(t, p.recipient)).receivedFen).toBe(0);
    // The misread receipt number was answered 404 (with the form): Chromium logs that status, nothing else.
    expect(maker.problems.filter((m) => !/status of 404/.test(m))).toEqual([]);
    expect(checker.problems).toEqual([]);
  });

  it("an auditor reads the log in words, filters it, exports a range as CSV with its chain check; other roles are refused", async () => {
    const { page, problems } = await personPage(browser, base, { width: 1366, height: 900 });
    await keyboardLogin(page, "auditor01");
    expect(await page.locator("table.audit tbody tr").count()).toBeGreaterThan(5);
    const text = await page.locator("table.audit").textContent();
    expect(text).toContain("客服登录");
    expect(text).toContain("agent01");
    expect(text).not.toContain("agent.login");
    await shot(page, "09a-audit-log");
    await page.getByRole("button", { name: "验证哈希链" }).click();
    await page.getByText("哈希链完整").waitFor();
    await shot(page, "09-audit-verified");

    await page.getByLabel("操作者").selectOption({ label: "agent01（客服）" });
    await page.getByLabel("动作").selectOption({ label: "冻结钱包" });
    await page.getByLabel("从").fill("2026-11-24");
    await page.getByLabel("到").fill("2026-11-24");
    await Promise.all([page.waitForURL(/action=wallet.freeze/), page.getByRole("button", { name: "筛选" }).click()]);
    const rows = page.locator("table.audit tbody tr");
    expect(await rows.count()).toBeGreaterThan(0);
    for (const r of await rows.all()) {
      expect(await r.textContent()).toContain("冻结钱包");
      expect(await r.textContent()).toContain("原因：");
    }
    await shot(page, "09b-audit-filtered");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /导出 CSV/ }).click()]);
    const csv = await (await import("node:fs/promises")).readFile((await download.path())!, "utf8");
    expect(csv.split("\r\n").filter(Boolean).pop()).toMatch(/^哈希链校验,完整/);
    expect(csv).toContain("冻结钱包");

    // A date typed wrong: the message in Chinese on the page.
    await page.getByLabel("从").fill("2026/11/24");
    await page.getByRole("button", { name: "筛选" }).click();
    await page.locator("#f-from-error").waitFor();
    expect(await page.locator("#f-from-error").textContent()).toContain("请按“2026-11-24”的格式填写开始日期");
    await shot(page, "09c-audit-bad-date");

    const queue = await page.goto("/console/queue");
    expect(queue!.status()).toBe(403);
    await shot(page, "10-forbidden");
    expect(problems.filter((m) => !/40[03]/.test(m))).toEqual([]);
  });

  it("the person page explains a balance at 1366 px: statement with running balance, relatives as links, freeze history", async () => {
    const p = await pair(t);
    const sent = await send(t, p.sender.token, p.bindingId, 20_000);
    await t.api("POST", `/v1/transfers/${sent.body.id}/accept`, { token: p.recipient.token });
    const m = await newMerchant(t, { name: "苏州大学附属第一医院" });
    const paid = await charge(t, m, { ecode: await ecode(t, p.sender), orderNo: orderNo(), amountFen: 45_000 });
    await refund(t, m, paid.body.id, { refundNo: orderNo("rf"), amountFen: 5_000 });
    const sup = await t.api("POST", "/v1/agent/sessions", {
      body: { username: "agent01", password: "Sandbox#2026" },
      headers: { "x-real-ip": "10.77.0.1" },
    });
    expect(sup.status).toBe(201);
    await t.api("POST", `/v1/agent/wallets/${p.sender.walletId}/freeze`, {
      token: sup.body.token,
      body: { reason: "用户来电：手机被盗，先冻结" },
    });
    const b = await balances(t, p.sender);

    const { page, problems } = await personPage(browser, base, { width: 1366, height: 900 });
    await keyboardLogin(page, "supervisor01");
    await page.goto(`/console/users/${p.sender.personId}`);
    await page.locator("table.statement").waitFor();
    await shot(page, "11-person-1366", true);
    const rows = page.locator("table.statement tbody tr");
    expect(await rows.count()).toBe(4);
    expect(await rows.first().textContent()).toContain("医药费退款");
    const available = `¥${((b.ownFen + b.receivedFen) / 100).toFixed(2)}`;
    expect(await rows.first().locator("td").last().textContent()).toBe(available);
    expect(await page.locator("section[aria-labelledby=freezes]").textContent()).toContain("用户来电：手机被盗，先冻结");
    expect(await page.locator("section[aria-labelledby=freezes]").textContent()).toContain("agent01（客服）");
    expect(await page.locator("section[aria-labelledby=wallet]").textContent()).not.toMatch(/\d{6}/);
    // Names, statuses and amounts stay on one line at 1366 px.
    expect(await tallestCellLines(page, "section[aria-labelledby=transfers] table")).toBe(1);
    expect(await tallestCellLines(page, "table.statement")).toBeLessThanOrEqual(2);

    // The month filter, then a relative's page through the link.
    await page.getByLabel("月份").selectOption("2026-10");
    await Promise.all([page.waitForURL(/month=2026-10/), page.getByRole("button", { name: "查看该月" }).click()]);
    expect(await page.getByText("本月没有资金变动").count()).toBe(1);
    await page.goto(`/console/users/${p.sender.personId}`);
    await page.locator("section[aria-labelledby=bindings] a").first().click();
    await page.waitForURL(`**/console/users/${p.recipient.personId}`);
    expect(await page.locator("table.statement").textContent()).toContain("亲属转入");

    // Unfreezing with a one-letter reason: a Chinese message on the page, never the browser's bubble.
    await page.goto(`/console/users/${p.sender.personId}`);
    await page.getByLabel("解冻原因").fill("好");
    await page.getByRole("button", { name: "解除冻结" }).click();
    await page.locator("#unfreeze-reason-error").waitFor();
    expect(await page.locator("#unfreeze-reason-error").textContent()).toBe("请填写原因（2–500 个字）");
    expect(await page.getByLabel("解冻原因").inputValue()).toBe("好");
    await shot(page, "12-unfreeze-reason-too-short");
    expect(problems.filter((m) => !/status of 400/.test(m))).toEqual([]);
  });
});
