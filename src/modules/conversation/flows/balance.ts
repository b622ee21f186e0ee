import { getOwnWallet, listEntries, requireOwnWallet } from "@/modules/wallet/wallet.service";
import { each, money } from "../engine/text";
import { L, type Flow, type Text } from "../engine/types";
import { entryCard, entryLines } from "./bills";

const LAST_BILLS = 5;

export const balanceFlow: Flow = {
  name: "balance",
  steps: [],
  async finish(r) {
    const w = await getOwnWallet(r.ctx, r.userId);
    const { wallet } = await requireOwnWallet(r.ctx, r.userId);
    const { items } = await listEntries(r.ctx, wallet, { limit: LAST_BILLS });
    const [total, own, received, held] = [w.balances.totalFen, w.balances.ownFen, w.balances.receivedFen, w.balances.heldFen].map(
      money,
    ) as [Text, Text, Text, Text];
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
        if (lang === "zh-TW")
          return `您的醫保錢包共 ${total["zh-TW"]}：個人賬戶資金 ${own["zh-TW"]}，親屬轉入資金 ${received["zh-TW"]}${heldPart}。`;
        return `您的医保钱包共 ${total["zh-CN"]}：个人账户资金 ${own["zh-CN"]}，亲属转入资金 ${received["zh-CN"]}${heldPart}。`;
      }),
      { type: "balance", walletId: w.id, status: w.status, balances: w.balances },
    );
    if (items.length === 0) {
      r.say(L("暂时还没有账单。", "暫時還沒有賬單。", "No statement lines yet."));
    } else {
      r.say(
        each(
          (lang) =>
            `${lang === "en" ? "Latest statement lines:" : lang === "zh-TW" ? "最近的賬單：" : "最近的账单："}\n${entryLines(items, lang)}`,
        ),
        { type: "bills", items: entryCard(items) },
      );
    }
    return { type: "done", suggest: ["transfer", "pay_premium"] };
  },
};
