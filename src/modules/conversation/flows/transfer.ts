import { z } from "@hono/zod-openapi";
import { splitPayment } from "@/lib/money";
import { beijingDate } from "@/lib/time";
import { insufficientFunds } from "@/modules/ledger/ledger.service";
import { listRelatives } from "@/modules/relatives/bindings.service";
import { requirePolicy } from "@/modules/relatives/policy.service";
import { checkTransferRequest } from "@/modules/transfers/transfer-rules";
import { transferErrors } from "@/modules/transfers/transfers.errors";
import { transferOptions } from "@/modules/transfers/transfers.options";
import { createTransfer } from "@/modules/transfers/transfers.service";
import { getOwnWallet, requireOwnWallet } from "@/modules/wallet/wallet.service";
import { each, instant, money } from "../engine/text";
import { L, type Flow, type FlowRun } from "../engine/types";
import {
  ambiguous,
  matchRelatives,
  narrowed,
  offerInviteIfNoneBound,
  offerInviteStep,
  passwordStep,
  prefillRelative,
  relativeLabel,
  relativeOption,
  type RelativeItem,
} from "./shared";

/**
 * Relatives who can receive now, as GET /v1/transfers/options decides (a wallet, the cross-province
 * rule, no transfer of mine already waiting for them): the others are never offered.
 */
async function recipients(r: FlowRun): Promise<RelativeItem[]> {
  const options = await transferOptions(r.ctx, r.userId);
  const can = new Set(options.recipients.filter((o) => o.canReceive).map((o) => o.bindingId));
  return (await listRelatives(r.ctx, r.userId)).items.filter((i) => can.has(i.bindingId));
}

const reasonText = (reason: { detail: string; detailEn: string }) => L(reason.detail, reason.detail, reason.detailEn);

async function chosen(r: FlowRun): Promise<RelativeItem> {
  const item = (await recipients(r)).find((i) => i.bindingId === r.slots.bindingId);
  if (!item) throw transferErrors.recipientNoWallet();
  return item;
}

async function limits(r: FlowRun) {
  const { wallet } = await requireOwnWallet(r.ctx, r.userId);
  return requirePolicy(r.ctx.db, wallet.regionCode, beijingDate(r.ctx.clock.now()));
}

const LIMIT_ON_AMOUNT = new Set(["per_transfer_max", "per_transfer_min"]);

export const transferFlow: Flow = {
  name: "transfer",
  async start(r, heard) {
    // A refusal the rules already decide (quiet hours, a transfer still waiting, none left today,
    // no funds) is said now, before any question and long before the PIN.
    const options = await transferOptions(r.ctx, r.userId);
    if (options.blocked) {
      r.say(reasonText(options.blocked));
      return { type: "done", suggest: options.pendingTransferId ? ["bills", "balance"] : ["balance", "rules"] };
    }
    // "给我妈转两百" with only a father bound: nobody is a mother, so offer to invite her.
    if (await offerInviteIfNoneBound(r, heard?.slots)) return;
    const items = await recipients(r);
    // The relative named cannot receive now: say why instead of offering someone else silently.
    if (heard?.slots.relation || heard?.slots.relativeName) {
      const all = (await listRelatives(r.ctx, r.userId)).items;
      const named = await matchRelatives(r, all, heard.slots);
      const refused = named.items.map((i) => options.recipients.find((o) => o.bindingId === i.bindingId)).filter((o) => o && !o.canReceive);
      if (named.items.length > 0 && refused.length === named.items.length && refused[0]?.reason) {
        r.say(reasonText(refused[0].reason));
        return { type: "done", suggest: ["rules"] };
      }
    }
    if (items.length === 0) {
      r.say(
        L(
          "您还没有可以转账的共济亲属（对方需要已绑定并开通医保钱包）。",
          "您還沒有可以轉賬的共濟親屬（對方需要已綁定並開通醫保錢包）。",
          "You have no relative to send to yet (they must be bound to you and have a wallet).",
        ),
      );
      return { type: "done", suggest: ["bind_relative"] };
    }
    if (heard?.slots.amountFen !== undefined) r.slots.amountFen = heard.slots.amountFen;
    await prefillRelative(r, items, heard?.slots, "bindingId");
    if (r.slots.bindingId === undefined && !r.slots.narrow && items.length === 1) r.slots.bindingId = items[0]!.bindingId;
  },
  steps: [
    offerInviteStep,
    {
      id: "relative",
      kind: "choice",
      slot: "bindingId",
      clears: ["narrow"],
      async ask(r) {
        const { items, narrow } = narrowed(r, await recipients(r));
        const label = narrow
          ? ambiguous(narrow.relation ?? undefined, items.length, "转账", "轉賬", "send to")
          : L("请选择转给哪位亲属", "請選擇轉給哪位親屬", "Who do you want to send money to?");
        return { label, options: items.map(relativeOption) };
      },
      schema: z.string().min(1).max(64),
    },
    {
      id: "amount",
      kind: "amount",
      slot: "amountFen",
      async ask(r) {
        const p = await limits(r);
        // The keypad's maximum is the real one: balance, per-transfer limit, what is left today.
        const o = await transferOptions(r.ctx, r.userId);
        const [min, max, can] = [money(p.minTransferFen), money(p.maxTransferFen), money(o.availableFen)];
        return {
          label: L(
            `请输入转账金额（单笔 ${min["zh-CN"]} 至 ${max["zh-CN"]}，可用 ${can["zh-CN"]}）`,
            `請輸入轉賬金額（單筆 ${min["zh-TW"]} 至 ${max["zh-TW"]}，可用 ${can["zh-TW"]}）`,
            `How much? (${min.en} to ${max.en} per transfer; ${can.en} available)`,
          ),
          min: o.minFen,
          max: o.maxFen,
        };
      },
      schema: z.number().int().positive(),
      invalid: L("请输入金额，例如 200 或 两百元。", "請輸入金額，例如 200 或 兩百元。", "Enter an amount, e.g. 200."),
      // The same rules the transfer service applies, asked early so the user fixes the amount
      // here rather than after typing the PIN.
      async check(r, value) {
        const amountFen = value as number;
        const refusal = checkTransferRequest({ amountFen, now: r.ctx.clock.now(), sentToday: 0, limits: await limits(r) });
        if (refusal) throw transferErrors.fromRefusal(refusal);
        const { balances } = await getOwnWallet(r.ctx, r.userId);
        if (!splitPayment(amountFen, balances)) throw insufficientFunds();
      },
    },
    {
      id: "confirm",
      kind: "confirm",
      slot: "confirmed",
      async ask(r) {
        const item = await chosen(r);
        const amountFen = r.slots.amountFen as number;
        const who = relativeLabel(item);
        const amount = money(amountFen);
        return {
          label: each((lang) =>
            lang === "en"
              ? `Send ${amount.en} to your ${who.en}? It arrives once they accept; if they do not by 06:00 tomorrow it comes back.`
              : lang === "zh-TW"
                ? `確認向${who["zh-TW"]}轉賬 ${amount["zh-TW"]}？對方接受後到賬，次日06:00前未接受將退回。`
                : `确认向${who["zh-CN"]}转账 ${amount["zh-CN"]}？对方接受后到账，次日06:00前未接受将退回。`,
          ),
          card: {
            type: "transfer_summary",
            to: { maskedName: item.relative.maskedName, relation: item.relation, regionCode: item.relative.regionCode },
            amountFen,
          },
        };
      },
      schema: z.boolean(),
    },
    passwordStep(),
  ],
  async finish(r) {
    const paymentPassword = (await r.secret("paymentPassword")) ?? "";
    const input = { bindingId: r.slots.bindingId as string, amountFen: r.slots.amountFen as number, paymentPassword };
    const { body } = await createTransfer(r.ctx, r.userId, r.stepKey(), input);
    const amount = money(body.amountFen);
    const back = instant(new Date(body.expiresAt));
    r.say(
      L(
        `转账已提交：${amount["zh-CN"]} 转给 ${body.to.maskedName}，等待对方接受（${back["zh-CN"]}06:00前未接受将退回）。回单号 ${body.receiptNo}。`,
        `轉賬已提交：${amount["zh-TW"]} 轉給 ${body.to.maskedName}，等待對方接受（${back["zh-TW"]}06:00前未接受將退回）。回單號 ${body.receiptNo}。`,
        `Sent ${amount.en} to ${body.to.maskedName}; waiting for them to accept (returned if not accepted by 06:00 on ${back.en}). Receipt ${body.receiptNo}.`,
      ),
      {
        type: "transfer_receipt",
        transferId: body.id,
        receiptNo: body.receiptNo,
        status: body.status,
        amountFen: body.amountFen,
        to: body.to,
        expiresAt: body.expiresAt,
      },
    );
    return { type: "done", suggest: ["balance"] };
  },
  recover(err) {
    if (err.code === "PASSWORD_WRONG") return "password";
    if (err.code === "INSUFFICIENT_FUNDS") return "amount";
    if (err.code === "LIMIT_EXCEEDED")
      return LIMIT_ON_AMOUNT.has((err.extras.limit as { kind?: string } | undefined)?.kind ?? "") ? "amount" : undefined;
    if (err.code === "RECIPIENT_NO_WALLET" || err.code === "NOT_BOUND" || err.code === "NOT_FOUND") return "relative";
    return undefined;
  },
  cancelled: L("好的，已取消，没有转账。", "好的，已取消，沒有轉賬。", "OK, cancelled; nothing was sent."),
};
