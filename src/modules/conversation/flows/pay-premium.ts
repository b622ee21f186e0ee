import { z } from "@hono/zod-openapi";
import { listRelatives } from "@/modules/relatives/bindings.service";
import { payPremium } from "@/modules/premiums/payment.service";
import { premiumErrors } from "@/modules/premiums/premiums.errors";
import type { PremiumKind } from "@/modules/premiums/premiums.schema";
import { quotePremium } from "@/modules/premiums/quote.service";
import { requireOwnWallet } from "@/modules/wallet/wallet.service";
import { day, each, money } from "../engine/text";
import { L, type Flow, type FlowRun, type OptionSpec, type Text } from "../engine/types";
import { ambiguous, narrowed, passwordStep, prefillRelative, relativeOption, type Narrow } from "./shared";

const KIND: Record<PremiumKind, Text> = {
  resident_medical: L("居民医保", "居民醫保", "resident medical insurance"),
  long_term_care: L("长期护理保险", "長期護理保險", "long-term care insurance"),
};

async function options(r: FlowRun): Promise<OptionSpec[]> {
  const { person } = await requireOwnWallet(r.ctx, r.userId);
  const { items } = narrowed(r, (await listRelatives(r.ctx, r.userId)).items);
  const self: OptionSpec = {
    value: "self",
    label: L(`本人 ${person.maskedName}`, `本人 ${person.maskedName}`, `Myself ${person.maskedName}`),
  };
  return r.slots.narrow ? items.map(relativeOption) : [self, ...items.map(relativeOption)];
}

function kindOf(r: FlowRun): PremiumKind {
  return (r.slots.kind as PremiumKind | undefined) ?? "resident_medical";
}

export const payPremiumFlow: Flow = {
  name: "pay_premium",
  async start(r, heard) {
    await requireOwnWallet(r.ctx, r.userId);
    const relatives = (await listRelatives(r.ctx, r.userId)).items;
    r.slots.hasRelatives = relatives.length > 0;
    if (heard?.slots.kind) r.slots.kind = heard.slots.kind;
    if (heard?.slots.year) r.slots.year = heard.slots.year;
    if (heard?.slots.beneficiary === "self" || relatives.length === 0) r.slots.beneficiary = "self";
    else await prefillRelative(r, relatives, heard?.slots, "beneficiary");
  },
  steps: [
    {
      id: "beneficiary",
      kind: "choice",
      slot: "beneficiary",
      clears: ["narrow"],
      async ask(r) {
        const opts = await options(r);
        const narrow = r.slots.narrow as Narrow | undefined;
        const label = narrow
          ? ambiguous(narrow.relation ?? undefined, opts.length, "缴费", "繳費", "pay for")
          : L("请选择为谁缴费", "請選擇為誰繳費", "Who is the premium for?");
        return { label, options: opts };
      },
      coerce: (v) => (typeof v === "string" && /^(?:自己|本人|我|给自己|给我|myself|me|self)$/i.test(v.trim()) ? "self" : v),
      schema: z.string().min(1).max(64),
    },
    {
      id: "confirm",
      kind: "confirm",
      slot: "confirmed",
      async ask(r) {
        const q = await quotePremium(r.ctx, r.userId, {
          beneficiary: r.slots.beneficiary as string,
          year: r.slots.year as number | undefined,
          kind: kindOf(r),
        });
        if (q.alreadyPaid && q.receipt) throw premiumErrors.alreadyPaid(q.receipt);
        if (!q.open) throw premiumErrors.windowClosed(q.window);
        r.slots.quote = { year: q.year, amountFen: q.amountFen };
        const [amount, start, end, kind] = [money(q.amountFen), day(q.window.start), day(q.window.end), KIND[q.kind]];
        const who = q.beneficiary.maskedName;
        return {
          label: each((lang) =>
            lang === "en"
              ? `Pay ${amount.en} for ${who}'s ${q.year} ${kind.en}? (payment period ${start.en} to ${end.en})`
              : lang === "zh-TW"
                ? `確認為 ${who} 繳納${q.year}年度${kind["zh-TW"]} ${amount["zh-TW"]}？（集中繳費期 ${start["zh-TW"]}至${end["zh-TW"]}）`
                : `确认为 ${who} 缴纳${q.year}年度${kind["zh-CN"]} ${amount["zh-CN"]}？（集中缴费期 ${start["zh-CN"]}至${end["zh-CN"]}）`,
          ),
          card: {
            type: "premium_quote",
            kind: q.kind,
            year: q.year,
            regionCode: q.regionCode,
            amountFen: q.amountFen,
            window: q.window,
            beneficiary: q.beneficiary,
          },
        };
      },
      schema: z.boolean(),
    },
    passwordStep(),
  ],
  async finish(r) {
    const quote = r.slots.quote as { year: number };
    const paymentPassword = (await r.secret("paymentPassword")) ?? "";
    const input = { beneficiary: r.slots.beneficiary as string, year: quote.year, kind: kindOf(r), paymentPassword };
    const { body } = await payPremium(r.ctx, r.userId, r.stepKey(), input);
    const amount = money(body.amountFen);
    r.say(
      L(
        `缴费成功：已为 ${body.beneficiary.maskedName} 缴纳${body.year}年度保费 ${amount["zh-CN"]}。回单号 ${body.receiptNo}。`,
        `繳費成功：已為 ${body.beneficiary.maskedName} 繳納${body.year}年度保費 ${amount["zh-TW"]}。回單號 ${body.receiptNo}。`,
        `Paid ${amount.en} for ${body.beneficiary.maskedName}'s ${body.year} premium. Receipt ${body.receiptNo}.`,
      ),
      {
        type: "premium_receipt",
        paymentId: body.id,
        receiptNo: body.receiptNo,
        year: body.year,
        kind: body.kind,
        amountFen: body.amountFen,
        beneficiary: body.beneficiary,
        paidFrom: body.paidFrom,
      },
    );
    return { type: "done", suggest: ["balance"] };
  },
  recover(err, r) {
    if (err.code === "PASSWORD_WRONG") return "password";
    // Someone else may still be paid for; with no relatives there is nobody else to choose.
    const other = ["PREMIUM_NOT_APPLICABLE", "PREMIUM_NOT_OFFERED", "NOT_BOUND", "NOT_FOUND"];
    return other.includes(err.code) && r.slots.hasRelatives ? "beneficiary" : undefined;
  },
  cancelled: L("好的，已取消，没有缴费。", "好的，已取消，沒有繳費。", "OK, cancelled; nothing was paid."),
};
