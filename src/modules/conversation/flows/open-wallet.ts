import { z } from "@hono/zod-openapi";
import { DomainError } from "@/lib/problem";
import { WALLET_AGREEMENT } from "@/modules/wallet/agreement";
import { getOwnWallet, openOwnWallet } from "@/modules/wallet/wallet.service";
import { money } from "../engine/text";
import { L, type Flow, type FlowRun } from "../engine/types";
import { newPinStep, recoverTo } from "./shared";
import { REAL_NAME_RECOVERY, ensureVerified, faceStep, idNumberStep, markVerified, nameStep } from "./real-name";

async function alreadyOpen(r: FlowRun): Promise<boolean> {
  try {
    await getOwnWallet(r.ctx, r.userId);
    return true;
  } catch (e) {
    if (e instanceof DomainError && e.code === "WALLET_NOT_OPEN") return false;
    throw e;
  }
}

export const openWalletFlow: Flow = {
  name: "open_wallet",
  async start(r) {
    await markVerified(r);
    if (r.slots.verified && (await alreadyOpen(r))) {
      r.say(L("您的医保钱包已经开通了。", "您的醫保錢包已經開通了。", "Your wallet is already open."));
      return { type: "done", suggest: ["balance", "bind_relative"] };
    }
    r.say(
      r.slots.verified
        ? L(
            "开通医保钱包需要同意服务协议、人脸识别并设置支付密码。",
            "開通醫保錢包需要同意服務協議、人臉識別並設置支付密碼。",
            "Opening the wallet takes the agreement, a face check and a payment PIN.",
          )
        : L(
            "开通医保钱包需要先完成实名认证（姓名、身份证号码、人脸识别），再同意服务协议并设置支付密码。",
            "開通醫保錢包需要先完成實名認證（姓名、身分證號碼、人臉識別），再同意服務協議並設置支付密碼。",
            "First we verify your identity (name, ID number, face check); then you accept the agreement and set a payment PIN.",
          ),
    );
  },
  steps: [
    nameStep,
    idNumberStep,
    {
      id: "agreement",
      kind: "confirm",
      slot: "agreed",
      keep: true,
      ask: () => ({
        label: L(
          `请阅读并同意《${WALLET_AGREEMENT.title}》`,
          "請閱讀並同意《醫保錢包服務協議》",
          `Please read and accept the ${WALLET_AGREEMENT.titleEn}`,
        ),
        card: {
          type: "agreement",
          version: WALLET_AGREEMENT.version,
          title: WALLET_AGREEMENT.title,
          titleEn: WALLET_AGREEMENT.titleEn,
          text: WALLET_AGREEMENT.text,
        },
      }),
      schema: z.boolean(),
    },
    faceStep(),
    newPinStep(
      L(
        "请设置6位数字支付密码（不能是连续或相同的数字，也不能是生日）",
        "請設置6位數字支付密碼（不能是連續或相同的數字，也不能是生日）",
        "Set a 6-digit payment PIN (no sequences, no repeated digit, not your birth date)",
      ),
    ),
  ],
  async finish(r) {
    await ensureVerified(r);
    const [faceToken, paymentPassword] = await Promise.all([r.secret("faceToken"), r.secret("paymentPassword")]);
    const { wallet } = await openOwnWallet(r.ctx, r.userId, {
      agreementVersion: WALLET_AGREEMENT.version,
      faceToken: faceToken ?? "",
      paymentPassword: paymentPassword ?? "",
    });
    const own = money(wallet.balances.ownFen);
    r.say(
      wallet.hasOwnFunds
        ? L(
            `医保钱包开通成功！个人账户资金 ${own["zh-CN"]}。`,
            `醫保錢包開通成功！個人賬戶資金 ${own["zh-TW"]}。`,
            `Your wallet is open! Own funds: ${own.en}.`,
          )
        : L("医保钱包开通成功！", "醫保錢包開通成功！", "Your wallet is open!"),
      { type: "wallet", walletId: wallet.id, status: wallet.status, regionCode: wallet.regionCode, balances: wallet.balances },
    );
    return { type: "done", suggest: ["bind_relative", "balance", "rules"] };
  },
  recover: recoverTo({ ...REAL_NAME_RECOVERY, PASSWORD_WEAK: "password" }),
  cancelled: L("好的，暂不开通，随时可以再来。", "好的，暫不開通，隨時可以再來。", "OK, not now. You can come back any time."),
};
