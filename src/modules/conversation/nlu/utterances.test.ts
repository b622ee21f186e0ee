import { isDeepStrictEqual } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { flowForIntent } from "../flows/menu";
import { MAX_MESSAGE_CHARS, understand } from "./intent";
import { PREMIUM, TRANSFER, type Case } from "./utterance-cases";
import { FAMILY, GENDERED, OPPOSITES, PAYING, SETTINGS, STAYS } from "./utterance-cases-tasks";

// 15 June 2026, 10:00 in Beijing: 今年 = 2026, 明年 = 2027, 后年 = 2028 (utterance-cases.ts relies on it).
const NOW = new Date("2026-06-15T02:00:00Z");

const BIND: Case[] = [
  ["添加亲属", "bind_relative"],
  ["添加親屬", "bind_relative"],
  ["绑定我老婆", "bind_relative", { relation: "spouse", gender: "female" }],
  ["綁定我老公", "bind_relative", { relation: "spouse", gender: "male" }],
  ["邀请家人", "bind_relative"],
  ["邀請我媽", "bind_relative", { relation: "parent", gender: "female" }],
  ["绑定王芳", "bind_relative", { relativeName: "王芳" }],
  ["綁定王芳", "bind_relative", { relativeName: "王芳" }],
  ["添加亲属王芳", "bind_relative", { relativeName: "王芳" }],
  ["添加我爸为共济亲属", "bind_relative", { relation: "parent", gender: "male" }],
  ["我想绑定我儿子", "bind_relative", { relation: "child", gender: "male" }],
  ["邀请我姐姐", "bind_relative", { relation: "sibling", gender: "female" }],
  ["添加外孙", "bind_relative", { relation: "grandchild", gender: "male" }],
  ["绑定爷爷", "bind_relative", { relation: "grandparent", gender: "male" }],
  ["加个家人", "bind_relative"],
  ["新增亲属", "bind_relative"],
  ["add a relative", "bind_relative"],
  ["add my mom", "bind_relative", { relation: "parent", gender: "female" }],
  ["invite my wife", "bind_relative", { relation: "spouse", gender: "female" }],
  ["bind my daughter", "bind_relative", { relation: "child", gender: "female" }],
];

const INVITATION_AND_INCOMING: Case[] = [
  ["接受邀请", "accept_invitation", { decision: "accept" }],
  ["接受邀請", "accept_invitation", { decision: "accept" }],
  ["同意邀请", "accept_invitation", { decision: "accept" }],
  ["接受 邀请！", "accept_invitation", { decision: "accept" }],
  ["同意绑定", "accept_invitation", { decision: "accept" }],
  ["我要接受我妈的邀请", "accept_invitation", { relation: "parent", gender: "female", decision: "accept" }],
  ["accept the invitation", "accept_invitation", { decision: "accept" }],
  ["收款", "incoming_transfers"],
  ["待接收的转账", "incoming_transfers"],
  ["有人给我转钱了吗", "incoming_transfers"],
  ["有人給我轉錢了嗎", "incoming_transfers"],
  ["我妈给我转的钱", "incoming_transfers", { relation: "parent", gender: "female" }],
  ["确认收款", "incoming_transfers", { decision: "accept" }],
  ["拒收", "incoming_transfers", { decision: "decline" }],
  ["接收转账", "incoming_transfers", { decision: "accept" }],
  ["incoming transfers", "incoming_transfers"],
  ["did anyone send me money", "incoming_transfers"],
  ["accept the transfer", "incoming_transfers", { decision: "accept" }],
];

const WALLET: Case[] = [
  ["开通医保钱包", "open_wallet"],
  ["开通钱包", "open_wallet"],
  ["開通醫保錢包", "open_wallet"],
  ["我想开钱包", "open_wallet"],
  ["怎么开通", "open_wallet"],
  ["帮我妈开通钱包", "open_wallet", { relation: "parent", gender: "female" }],
  ["open a wallet", "open_wallet"],
  ["activate my wallet", "open_wallet"],
  ["余额", "balance"],
  ["餘額", "balance"],
  ["余 额", "balance"],
  ["还有多少钱", "balance"],
  ["還有多少錢", "balance"],
  ["查一下余额", "balance"],
  ["我的余额是多少", "balance"],
  ["钱包里还有多少", "balance"],
  ["balance", "balance"],
  ["how much money do i have", "balance"],
  ["check my balance", "balance"],
  ["账单", "bills"],
  ["明细", "bills"],
  ["明細", "bills"],
  ["消费记录", "bills"],
  ["消費記錄", "bills"],
  ["賬單", "bills"],
  ["帳單", "bills"],
  ["转账记录", "bills"],
  ["缴费记录", "bills"],
  ["show my bills", "bills"],
  ["transaction history", "bills"],
];

const RULES_AND_AGENT: Case[] = [
  ["规则", "rules"],
  ["規則", "rules"],
  ["能给谁转", "rules"],
  ["能給誰轉", "rules"],
  ["限额是多少", "rules"],
  ["每天能转几次", "rules"],
  ["最多能转多少", "rules"],
  ["什么时候可以转", "rules"],
  ["能跨省转吗", "rules"],
  ["what are the rules", "rules"],
  ["what is the limit", "rules"],
  ["who can i send money to", "rules"],
  ["转人工", "agent"],
  ["轉人工", "agent"],
  ["转 人工！！", "agent"],
  ["人工客服", "agent"],
  ["找客服", "agent"],
  ["真人", "agent"],
  ["我要投诉", "agent"],
  ["talk to an agent", "agent"],
  ["i want a human", "agent"],
  ["customer service", "agent"],
];

const CONTROL: Case[] = [
  ["取消", "cancel"],
  ["不要了", "cancel"],
  ["算了", "cancel"],
  ["算了，不转了", "cancel"],
  ["取消转账", "cancel"],
  ["不给我妈转了", "cancel"],
  ["cancel", "cancel"],
  ["never mind", "cancel"],
  ["返回", "back"],
  ["上一步", "back"],
  ["返回上一步", "back"],
  ["go back", "back"],
  ["back", "back"],
  ["帮助", "help"],
  ["幫助", "help"],
  ["你能做什么", "help"],
  ["你能做什麼", "help"],
  ["怎么用", "help"],
  ["你好", "help"],
  ["help", "help"],
  ["ＨＥＬＰ", "help"],
  ["what can you do", "help"],
  ["今天天气怎么样", "unknown"],
  ["哈哈", "unknown"],
  ["asdf", "unknown"],
  ["", "unknown"],
  ["。。。", "unknown"],
  ["我今年65岁", "unknown"],
  ["200", "unknown", { amountFen: 20000 }],
  ["我妈", "unknown", { relation: "parent", gender: "female" }],
];

const ALL: Case[] = [
  ...TRANSFER,
  ...PREMIUM,
  ...BIND,
  ...INVITATION_AND_INCOMING,
  ...WALLET,
  ...RULES_AND_AGENT,
  ...CONTROL,
  ...OPPOSITES,
  ...GENDERED,
  ...PAYING,
  ...SETTINGS,
  ...FAMILY,
  ...STAYS,
];

// The confusion test: per expected flow, how many utterances reach it with exactly the expected
// slots. Printed after the run so a change that costs one flow accuracy shows which one.
const tally = new Map<string, { n: number; ok: number; wrong: string[] }>();

describe("understand: utterance table (the confusion test)", () => {
  it("has at least 300 utterances and no duplicates", () => {
    expect(ALL.length).toBeGreaterThanOrEqual(300);
    expect(new Set(ALL.map(([text]) => text)).size).toBe(ALL.length);
  });

  it.each(ALL.map(([text, intent, slots]) => [text, intent, slots ?? {}] as const))("%j → %s %j", (text, intent, slots) => {
    const got = understand(text, NOW);
    const flow = flowForIntent(intent);
    const t = tally.get(flow) ?? { n: 0, ok: 0, wrong: [] };
    t.n++;
    if (flowForIntent(got.intent) === flow && isDeepStrictEqual(got.slots, slots)) t.ok++;
    else t.wrong.push(`${text} → ${got.intent} ${JSON.stringify(got.slots)}`);
    tally.set(flow, t);
    expect(got).toEqual({ intent, slots });
  });

  afterAll(() => {
    const rows = [...tally.entries()].sort(([a], [b]) => a.localeCompare(b));
    const total = rows.reduce((s, [, t]) => s + t.n, 0);
    const ok = rows.reduce((s, [, t]) => s + t.ok, 0);
    const lines = rows.map(
      ([flow, t]) =>
        `  ${flow.padEnd(20)} ${String(t.ok).padStart(4)}/${String(t.n).padEnd(4)} ${((100 * t.ok) / t.n).toFixed(1)} %${t.wrong.length ? `  misrouted: ${t.wrong.join("; ")}` : ""}`,
    );
    process.stdout.write(
      `\nutterance table: ${ok}/${total} (${((100 * ok) / total).toFixed(1)} %) by expected flow\n${lines.join("\n")}\n`,
    );
  });
});

describe("understand: coverage years follow the Beijing calendar", () => {
  it("on 31 Dec 2026 17:00 UTC it is already 2027 in Beijing, so 明年 is 2028", () => {
    const now = new Date("2026-12-31T17:00:00Z");
    expect(understand("交明年的医保", now).slots.year).toBe(2028);
    expect(understand("交今年的医保", now).slots.year).toBe(2027);
  });

  it("on 31 Dec 2026 15:00 UTC it is still 2026 in Beijing, so 明年 is 2027", () => {
    const now = new Date("2026-12-31T15:00:00Z");
    expect(understand("交明年的医保", now).slots.year).toBe(2027);
    expect(understand("pay next year's premium", now).slots.year).toBe(2027);
  });
});

describe("understand: hostile input", () => {
  it("reads only the first MAX_MESSAGE_CHARS characters and stays fast on huge input", () => {
    const started = Date.now();
    expect(understand("一".repeat(200_000), NOW)).toEqual({ intent: "unknown", slots: {} });
    expect(understand(`${"哈".repeat(MAX_MESSAGE_CHARS)}给我妈转两百`, NOW)).toEqual({ intent: "unknown", slots: {} });
    expect(understand(`给我妈转两百${"哈".repeat(MAX_MESSAGE_CHARS)}`, NOW).intent).toBe("transfer");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("ignores pasted digit strings such as an ID number", () => {
    expect(understand("给我妈转320524198001011078", NOW)).toEqual({ intent: "transfer", slots: { relation: "parent", gender: "female" } });
  });
});
