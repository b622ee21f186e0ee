import { DomainError, errors } from "@/lib/problem";

export const settlementErrors = {
  ecodeInvalid: () =>
    new DomainError(
      "ECODE_INVALID",
      422,
      "医保码无效、已使用或已过期，请患者刷新医保码后重试",
      "The e-code is unknown, already used or expired; ask the patient to refresh it",
    ),
  walletNotActive: (whose: "patient" | "payer") =>
    new DomainError(
      "WALLET_NOT_ACTIVE",
      422,
      whose === "patient" ? "患者的医保钱包已冻结或注销，暂不能支付" : "医保钱包已冻结或注销，暂不能支付",
      whose === "patient" ? "The patient's wallet is frozen or closed and cannot pay" : "The wallet is frozen or closed and cannot pay",
    ),
  giverWalletGone: () =>
    new DomainError(
      "REFUND_GIVER_UNTRACEABLE",
      422,
      "出资亲属的医保钱包已注销且没有注销记录，无法退回其共济额度部分，本次退款未执行，请联系客服",
      "A relative who funded this payment closed their wallet without a closure record; their part cannot be returned, nothing was refunded; contact support",
    ),
  notAccepting: () => errors.forbidden("该机构尚未开通医保钱包支付", "This institution does not accept the wallet yet"),
  refundExceedsCharge: (remainingFen: number) =>
    new DomainError("REFUND_EXCEEDS_CHARGE", 422, "退款金额超过可退金额", "The refund exceeds what is left of the charge", {
      remainingFen,
    }),
  settlementNotFound: () => errors.notFound("结算记录", "settlement"),
  walletNotFound: () => errors.notFound("医保钱包", "wallet"),
};
