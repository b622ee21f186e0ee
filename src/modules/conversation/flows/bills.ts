import { z } from "@hono/zod-openapi";
import { formatFen } from "@/lib/money";
import { listEntries, requireOwnWallet } from "@/modules/wallet/wallet.service";
import { findMonth } from "../nlu/months";
import { normalize, normalizeWords } from "../nlu/normalize";
import { each, instant, money } from "../engine/text";
import { L, type Flow, type Lang, type Text } from "../engine/types";

/** Statement line kinds as people read them. */
const ENTRY_KIND: Record<string, Text> = {
  wallet_opening: L("开通入账", "開通入賬", "Opening balance"),
  personal_account_credit: L("个人账户划入", "個人賬戶劃入", "Personal account credit"),
  transfer_hold: L("转账给亲属", "轉賬給親屬", "Transfer to a relative"),
  transfer_in: L("亲属转入", "親屬轉入", "From a relative"),
  transfer_declined: L("转账被拒收退回", "轉賬被拒收退回", "Transfer declined, returned"),
  transfer_returned: L("转账未确认退回", "轉賬未確認退回", "Transfer not accepted, returned"),
  premium_payment: L("医保缴费", "醫保繳費", "Premium"),
  medical_settlement: L("就医购药", "就醫購藥", "Medical payment"),
  medical_refund: L("就医退款", "就醫退款", "Medical refund"),
};

type Entry = Awaited<ReturnType<typeof listEntries>>["items"][number];

/** "11月24日 就医购药 -¥35.00" lines in the conversation's language. */
export function entryLines(items: Entry[], lang: Lang): string {
  return items
    .map(
      (e) =>
        `${instant(new Date(e.at))[lang]} ${(ENTRY_KIND[e.kind] ?? L(e.kind, e.kind, e.kind))[lang]}${e.counterparty ? ` ${e.counterparty}` : ""} ${formatFen(e.amountFen)}`,
    )
    .join("\n");
}

export function entryCard(items: Entry[]) {
  return items.map((e) => ({
    id: e.id,
    at: e.at,
    kind: e.kind,
    amountFen: e.amountFen,
    balanceKind: e.balanceKind,
    counterparty: e.counterparty,
  }));
}

const EN_MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** "2026年11月" / "November 2026". */
function monthText(ym: string): Text {
  const [y, m] = ym.split("-").map(Number) as [number, number];
  return L(`${y}年${m}月`, `${y}年${m}月`, `${EN_MONTHS[m - 1]} ${y}`);
}

/** The current Beijing month and the five before it, newest first. */
function recentMonths(now: Date): string[] {
  const beijing = new Date(now.getTime() + 8 * 3600_000);
  const year = beijing.getUTCFullYear();
  const month = beijing.getUTCMonth();
  return Array.from({ length: 6 }, (_, i) => {
    const d = new Date(Date.UTC(year, month - i, 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
  });
}

// One page of a month is what a chat can show; the bills page pages through the rest.
const PAGE = 20;

export const billsFlow: Flow = {
  name: "bills",
  async start(r, heard) {
    await requireOwnWallet(r.ctx, r.userId);
    if (heard?.slots.month) r.slots.month = heard.slots.month;
  },
  steps: [
    {
      id: "month",
      kind: "choice",
      slot: "month",
      ask: (r) => ({
        label: L("要看哪个月的账单？", "要看哪個月的賬單？", "Which month's statement?"),
        options: recentMonths(r.ctx.clock.now()).map((m) => ({ value: m, label: monthText(m) })),
      }),
      // "上个月", "十一月", "march" typed instead of a tap.
      coerce: (v, r) =>
        typeof v === "string" && !/^\d{4}-\d{2}$/.test(v) ? (findMonth(normalize(v), normalizeWords(v), r.ctx.clock.now()) ?? v) : v,
      schema: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
      invalid: L(
        "请说一个月份，例如“上个月”或“11月”。",
        "請說一個月份，例如「上個月」或「11月」。",
        "Name a month, e.g. “last month” or “November”.",
      ),
    },
  ],
  async finish(r) {
    const month = r.slots.month as string;
    const { wallet } = await requireOwnWallet(r.ctx, r.userId);
    const { items, nextCursor } = await listEntries(r.ctx, wallet, { month, limit: PAGE });
    const when = monthText(month);
    if (items.length === 0) {
      r.say(L(`${when["zh-CN"]}没有账单。`, `${when["zh-TW"]}沒有賬單。`, `No statement lines in ${when.en}.`), {
        type: "bills",
        month,
        items: [],
      });
      return { type: "done", suggest: ["bills", "balance"] };
    }
    const inFen = items.filter((e) => e.amountFen > 0).reduce((s, e) => s + e.amountFen, 0);
    const outFen = -items.filter((e) => e.amountFen < 0).reduce((s, e) => s + e.amountFen, 0);
    const [i, o] = [money(inFen), money(outFen)];
    const more = nextCursor
      ? each((lang) =>
          lang === "en"
            ? `\n(the latest ${PAGE}; the bills page shows them all)`
            : lang === "zh-TW"
              ? `\n（最近${PAGE}筆，完整賬單請到賬單頁查看）`
              : `\n（最近${PAGE}笔，完整账单请到账单页查看）`,
        )
      : L("", "", "");
    r.say(
      each((lang) => {
        const head =
          lang === "en"
            ? `${when.en}: ${items.length} lines, in ${i.en}, out ${o.en}.`
            : lang === "zh-TW"
              ? `${when["zh-TW"]}共 ${items.length} 筆，收入 ${i["zh-TW"]}，支出 ${o["zh-TW"]}。`
              : `${when["zh-CN"]}共 ${items.length} 笔，收入 ${i["zh-CN"]}，支出 ${o["zh-CN"]}。`;
        return `${head}\n${entryLines(items, lang)}${more[lang]}`;
      }),
      { type: "bills", month, items: entryCard(items) },
    );
    return { type: "done", suggest: ["bills", "balance"] };
  },
};
