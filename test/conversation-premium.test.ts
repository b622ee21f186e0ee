import { describe, expect, it } from "vitest";
import { createTestApp } from "./support/app";
import { chat } from "./support/chat";
import { pair } from "./support/transfers";
import { balances, PIN, walletUser } from "./support/wallets";

const t = await createTestApp({ now: "2026-11-24T10:00:00+08:00" });

describe("pay_premium", () => {
  it("“给我妈交明年的医保”: quote for the parent, wrong PIN re-asked, paid once; a second time says it is paid", async () => {
    const { sender, recipient } = await pair(t, { relation: "parent", relativeInsurance: "resident", relativeGender: "female" });
    const c = chat(t, sender.token);
    const first = await c.start({ text: "给我妈交明年的医保" });
    expect(first.flow).toBe("pay_premium");
    expect(c.prompt.kind).toBe("confirm");
    const quote = first.messages.find((m: any) => m.card?.type === "premium_quote").card;
    expect(quote).toMatchObject({
      year: 2027,
      amountFen: 40_000,
      kind: "resident_medical",
      window: { start: "2026-09-01", end: "2026-12-31" },
    });
    expect(c.prompt.label).toContain("2027年度居民医保 ¥400.00");
    await c.say(true);
    await c.say("111111");
    expect(c.texts()).toContain("支付密码错误，还可以再试 4 次。");
    expect(c.prompt.kind).toBe("password");
    const done = await c.say(PIN);
    expect(done.status).toBe("done");
    const receipt = done.messages.find((m: any) => m.card?.type === "premium_receipt").card;
    expect(receipt).toMatchObject({ year: 2027, amountFen: 40_000 });
    expect(await balances(t, sender)).toMatchObject({ ownFen: 60_000 });
    const q = await t.api("GET", "/v1/premiums/quote", { token: recipient.token });
    expect(q.body.alreadyPaid).toBe(true);

    const again = await chat(t, sender.token).start({ text: "给我妈交明年的医保" });
    expect(again.status).toBe("done");
    expect(again.messages.map((m: any) => m.text).join("\n")).toContain(`回单号 ${receipt.receiptNo}`);
  });

  it("an employee paying for themself is told it does not apply and may pick a relative instead", async () => {
    const { sender } = await pair(t, { relation: "child", relativeInsurance: "resident", relativeGender: "female" });
    const c = chat(t, sender.token);
    await c.start({ text: "给自己交医保" });
    expect(c.texts()).toContain("无需缴纳居民医保费");
    expect(c.prompt.kind).toBe("choice");
    await c.say("女儿");
    expect(c.prompt.kind).toBe("confirm");
    const alone = await walletUser(t);
    const d = await chat(t, alone.token).start({ flow: "pay_premium" });
    expect(d.status).toBe("done");
  });

  it("outside the collection window the flow ends politely", async () => {
    const { sender } = await pair(t, { relation: "spouse", relativeInsurance: "resident" });
    const r = await chat(t, sender.token).start({ text: "给爱人交2026年的医保" });
    expect(r.status).toBe("done");
    expect(r.messages.map((m: any) => m.text).join("\n")).toContain("现在不在集中缴费期内（2025-09-01 至 2026-02-28）");
    expect(await balances(t, sender)).toMatchObject({ ownFen: 100_000 });
  });
});
