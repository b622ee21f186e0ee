import { z } from "@hono/zod-openapi";
import { DomainError } from "@/lib/problem";
import { closeOwnWallet, getOwnWallet, requireOwnWalletClosable } from "@/modules/wallet/wallet.service";
import type { FlowRun, Outcome } from "../engine/types";
import { money } from "../engine/text";
import { L, type Flow } from "../engine/types";
import { passwordStep } from "./shared";

const FROZEN = L(
  "您的医保钱包已冻结，不能注销，请联系客服。",
  "您的醫保錢包已凍結，不能註銷，請聯繫客服。",
  "Your wallet is frozen and cannot be closed; please contact customer service.",
);

/** The wallet service's refusals before the PIN; a frozen wallet is said in the words of closing. */
async function closable(r: FlowRun): Promise<Outcome | void> {
  try {
    await requireOwnWalletClosable(r.ctx, r.userId);
  } catch (e) {
    if (!(e instanceof DomainError) || !(e.code === "WALLET_NOT_ACTIVE" && e.extras.frozen)) throw e;
    r.say(FROZEN);
    return { type: "done", suggest: ["agent"] };
  }
}

/** Closes the holder's own wallet; the wallet service decides whether it may and where the money goes. */
export const closeWalletFlow: Flow = {
  name: "close_wallet",
  async start(r) {
    const w = await getOwnWallet(r.ctx, r.userId);
    if (w.status === "closed") {
      r.say(L("您的医保钱包已经注销了。", "您的醫保錢包已經註銷了。", "Your wallet is already closed."));
      return { type: "done", suggest: ["open_wallet"] };
    }
    // What would refuse the closing (frozen, a transfer waiting, a refundable payment) is said now,
    // before the confirmation and the PIN.
    return closable(r);
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
            `确认注销医保钱包？当前余额 ${total["zh-CN"]}：个人账户资金退回您的个人账户，收到的共济资金按先收先退退回给转出的亲属。有待确认的转账、待审批的冲正或 30 天内的医药费结算时不能注销。`,
            `確認註銷醫保錢包？當前餘額 ${total["zh-TW"]}：個人賬戶資金退回您的個人賬戶，收到的共濟資金按先收先退退回給轉出的親屬。有待確認的轉賬、待審批的沖正或 30 天內的醫藥費結算時不能註銷。`,
            `Close your wallet? Balance: ${total.en}. Your own funds go back to your personal account; money relatives sent you goes back to them, oldest first. Not possible while a transfer or a reversal is pending, or within 30 days of a medical payment.`,
          ),
          card: { type: "balance", walletId: w.id, status: w.status, balances: w.balances },
        };
      },
      schema: z.boolean(),
      // Something may have changed while the user read the confirmation: asked again before the PIN.
      async check(r, yes) {
        if (yes === true) await requireOwnWalletClosable(r.ctx, r.userId);
      },
    },
    passwordStep(),
  ],
  async finish(r) {
    const { closure } = await closeOwnWallet(r.ctx, r.userId, (await r.secret("paymentPassword")) ?? "");
    r.say(L("医保钱包已注销。", "醫保錢包已註銷。", "Your wallet is closed."));
    if (closure.personalAccount) {
      const m = money(closure.personalAccount.amountFen);
      const where = closure.personalAccount.regionName;
      r.say(
        L(
          `${m["zh-CN"]} 退回您在${where}的个人账户${closure.personalAccount.status === "confirmed" ? "，已到账" : "，正在办理"}。`,
          `${m["zh-TW"]} 退回您在${where}的個人賬戶${closure.personalAccount.status === "confirmed" ? "，已到賬" : "，正在辦理"}。`,
          `${m.en} goes back to your personal account in ${where}${closure.personalAccount.status === "confirmed" ? " (credited)" : " (being processed)"}.`,
        ),
      );
    }
    for (const s of closure.senders) {
      const m = money(s.amountFen);
      r.say(L(`${m["zh-CN"]} 退回给${s.maskedName}。`, `${m["zh-TW"]} 退回給${s.maskedName}。`, `${m.en} goes back to ${s.maskedName}.`));
    }
    return { type: "done" };
  },
  recover: (err) => (err.code === "PASSWORD_WRONG" ? "password" : undefined),
  cancelled: L("好的，已取消，钱包没有注销。", "好的，已取消，錢包沒有註銷。", "OK, cancelled; your wallet stays open."),
};
