import { formatFen } from "@/lib/money";
import { getOwnWallet, listEntries, requireOwnWallet } from "@/modules/wallet/wallet.service";
import { each, instant, money } from "../engine/text";
import { L, type Flow, type Text } from "../engine/types";

const LAST_BILLS = 5;

const KIND: Record<string, Text> = {
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

export const balanceFlow: Flow = {
  name: "balance",
  steps: [],
  async finish(r) {
    const w = await getOwnWallet(r.ctx, r.userId);
    const { wallet } = await requireOwnWallet(r.ctx, r.userId);
    const { items } = await listEntries(r.ctx, wallet, { limit: LAST_BILLS });
    const [total, own, received, held] = [w.balances.totalFen, w.balances.ownFen, w.balances.receivedFen, w.balances.heldFen].map(money) as [Text, Text, Text, Text];
    r.say(
      each((lang) => {
        const heldPart =
          w.balances.heldFen > 0
            ? lang === "en"
              ? `; ${held.en} is waiting for a relative to accept`
              : lang === "zh-TW"
                ? `；另有 ${held["zh-TW"]} 等待親屬確認`
                : `；另有 ${held["zh-CN"]} 等待亲属确认`
            : "";
        if (lang === "en") return `Your wallet holds ${total.en}: own funds ${own.en}, received funds ${received.en}${heldPart}.`;
        if (lang === "zh-TW") return `您的醫保錢包共 ${total["zh-TW"]}：個人賬戶資金 ${own["zh-TW"]}，親屬轉入資金 ${received["zh-TW"]}${heldPart}。`;
        return `您的医保钱包共 ${total["zh-CN"]}：个人账户资金 ${own["zh-CN"]}，亲属转入资金 ${received["zh-CN"]}${heldPart}。`;
      }),
      { type: "balance", walletId: w.id, status: w.status, balances: w.balances },
    );
    if (items.length === 0) {
      r.say(L("暂时还没有账单。", "暫時還沒有賬單。", "No statement lines yet."));
    } else {
      const lines = (lang: "zh-CN" | "zh-TW" | "en") =>
        items.map((e) => `${instant(new Date(e.at))[lang]} ${(KIND[e.kind] ?? L(e.kind, e.kind, e.kind))[lang]}${e.counterparty ? ` ${e.counterparty}` : ""} ${formatFen(e.amountFen)}`).join("\n");
      r.say(
        each((lang) => `${lang === "en" ? "Latest statement lines:" : lang === "zh-TW" ? "最近的賬單：" : "最近的账单："}\n${lines(lang)}`),
        { type: "bills", items: items.map((e) => ({ id: e.id, at: e.at, kind: e.kind, amountFen: e.amountFen, balanceKind: e.balanceKind, counterparty: e.counterparty })) },
      );
    }
    return { type: "done", suggest: ["transfer", "pay_premium"] };
  },
};
