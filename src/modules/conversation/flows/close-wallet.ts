import { z } from "@hono/zod-openapi";
import { closeOwnWallet, getOwnWallet } from "@/modules/wallet/wallet.service";
import { money } from "../engine/text";
import { L, type Flow } from "../engine/types";
import { passwordStep } from "./shared";

/** Closes the holder's own wallet; the wallet service decides whether it may (nothing in it). */
export const closeWalletFlow: Flow = {
  name: "close_wallet",
  async start(r) {
    const w = await getOwnWallet(r.ctx, r.userId);
    if (w.status === "closed") {
      r.say(L("您的医保钱包已经注销了。", "您的醫保錢包已經註銷了。", "Your wallet is already closed."));
      return { type: "done", suggest: ["open_wallet"] };
    }
  },
  steps: [
    {
      id: "confirm",
      kind: "confirm",
      slot: "confirmed",
      async ask(r) {
        const w = await getOwnWallet(r.ctx, r.userId);
        const total = money(w.balances.totalFen);
        return {
          label: L(
            `确认注销医保钱包？当前余额 ${total["zh-CN"]}。余额为零且没有待确认的转账时才能注销，注销后共济关系不能再使用钱包。`,
            `確認註銷醫保錢包？當前餘額 ${total["zh-TW"]}。餘額為零且沒有待確認的轉賬時才能註銷，註銷後共濟關係不能再使用錢包。`,
            `Close your wallet? Balance: ${total.en}. A wallet can be closed only when it holds nothing and no transfer is waiting.`,
          ),
          card: { type: "balance", walletId: w.id, status: w.status, balances: w.balances },
        };
      },
      schema: z.boolean(),
    },
    passwordStep(),
  ],
  async finish(r) {
    await closeOwnWallet(r.ctx, r.userId, (await r.secret("paymentPassword")) ?? "");
    r.say(L("医保钱包已注销。", "醫保錢包已註銷。", "Your wallet is closed."));
    return { type: "done" };
  },
  recover: (err) => (err.code === "PASSWORD_WRONG" ? "password" : undefined),
  cancelled: L("好的，已取消，钱包没有注销。", "好的，已取消，錢包沒有註銷。", "OK, cancelled; your wallet stays open."),
};
