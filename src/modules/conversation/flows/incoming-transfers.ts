import { z } from "@hono/zod-openapi";
import { listTransfers, transferById, walletIdsManagedBy } from "@/modules/transfers/transfers.repo";
import { decideTransfer, settleExpiredFor } from "@/modules/transfers/transfers.settle";
import { transferDto } from "@/modules/transfers/transfers.view";
import { walletNotOpen } from "@/modules/wallet/wallet.service";
import { each, instant, money, zhCount } from "../engine/text";
import { L, type Flow, type FlowRun } from "../engine/types";

/** Pending transfers to any wallet the user acts for, after returning what has expired. */
async function pending(r: FlowRun) {
  const mine = await walletIdsManagedBy(r.ctx.db, r.userId);
  if (mine.length === 0) throw walletNotOpen();
  for (const w of mine) await settleExpiredFor(r.ctx, w);
  const rows = await listTransfers(r.ctx.db, mine, { direction: "in", status: "pending", limit: 20 });
  const out = [];
  for (const t of rows.slice(0, 20)) out.push(await transferDto(r.ctx.db, t, mine));
  return out;
}

function from(name: string, fen: number) {
  const amount = money(fen);
  return each((lang) =>
    lang === "en" ? `${amount.en} from ${name}` : lang === "zh-TW" ? `${name} 轉來 ${amount["zh-TW"]}` : `${name} 转来 ${amount["zh-CN"]}`,
  );
}

export const incomingTransfersFlow: Flow = {
  name: "incoming_transfers",
  async start(r) {
    const items = await pending(r);
    if (items.length === 0) {
      r.say(L("目前没有待接受的转账。", "目前沒有待接受的轉賬。", "There is no money waiting for you to accept."));
      return { type: "done", suggest: ["balance"] };
    }
    const n = items.length;
    r.say(
      L(
        `您有${zhCount(n)}笔待接受的转账。`,
        `您有${zhCount(n)}筆待接受的轉賬。`,
        `You have ${n} transfer${n > 1 ? "s" : ""} waiting for you.`,
      ),
    );
    if (n === 1) r.slots.transferId = items[0]!.id;
  },
  steps: [
    {
      id: "transfer",
      kind: "choice",
      slot: "transferId",
      async ask(r) {
        const items = await pending(r);
        return {
          label: L("请选择要处理的转账", "請選擇要處理的轉賬", "Which transfer do you want to handle?"),
          options: items.map((t) => ({ value: t.id, label: from(t.from.maskedName, t.amountFen) })),
        };
      },
      schema: z.string().min(1).max(64),
    },
    {
      id: "decision",
      kind: "choice",
      slot: "decision",
      async ask(r) {
        const mine = await walletIdsManagedBy(r.ctx.db, r.userId);
        const row = await transferById(r.ctx.db, r.slots.transferId as string);
        if (!row || !mine.includes(row.recipientWalletId)) throw walletNotOpen();
        const t = await transferDto(r.ctx.db, row, mine);
        const until = instant(new Date(t.expiresAt));
        const what = from(t.from.maskedName, t.amountFen);
        return {
          label: each((lang) =>
            lang === "en"
              ? `${what.en}. Accept it? If you do nothing it goes back at 06:00 on ${until.en}.`
              : lang === "zh-TW"
                ? `${what["zh-TW"]}，是否接受？${until["zh-TW"]}06:00前未接受將退回。`
                : `${what["zh-CN"]}，是否接受？${until["zh-CN"]}06:00前未接受将退回。`,
          ),
          options: [
            { value: "accept", label: L("接受", "接受", "Accept") },
            { value: "decline", label: L("拒绝", "拒絕", "Decline") },
          ],
          card: {
            type: "incoming_transfer",
            transferId: t.id,
            receiptNo: t.receiptNo,
            amountFen: t.amountFen,
            from: t.from,
            expiresAt: t.expiresAt,
          },
        };
      },
      coerce: (v) =>
        typeof v === "string" && /接受|接收|收下|同意|要/.test(v) && !/拒|不/.test(v)
          ? "accept"
          : typeof v === "string" && /拒|不要|退回/.test(v)
            ? "decline"
            : v,
      schema: z.enum(["accept", "decline"]),
    },
  ],
  async finish(r) {
    const decision = r.slots.decision as "accept" | "decline";
    const t = await decideTransfer(r.ctx, r.userId, r.slots.transferId as string, decision);
    const amount = money(t.amountFen);
    r.say(
      decision === "accept"
        ? L(
            `已接受 ${amount["zh-CN"]}，已存入您的亲属转入资金。`,
            `已接受 ${amount["zh-TW"]}，已存入您的親屬轉入資金。`,
            `Accepted ${amount.en}; it is now in your received funds.`,
          )
        : L(
            `已拒绝，${amount["zh-CN"]} 已退回对方。`,
            `已拒絕，${amount["zh-TW"]} 已退回對方。`,
            `Declined; ${amount.en} went back to the sender.`,
          ),
      { type: "transfer_receipt", transferId: t.id, receiptNo: t.receiptNo, status: t.status, amountFen: t.amountFen, from: t.from },
    );
    // Several relatives may have sent money: go on with the next one.
    return (await pending(r)).length ? { type: "restart" } : { type: "done", suggest: ["balance"] };
  },
  recover: () => undefined,
};
