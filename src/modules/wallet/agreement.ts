/** The wallet agreement users accept when opening; a new version must be accepted again. */
export const WALLET_AGREEMENT = {
  version: "2024.12",
  title: "医保钱包服务协议",
  titleEn: "Medical insurance wallet agreement",
  text:
    "医保钱包资金仅用于本人及共济亲属的医疗费用结算和居民医保个人缴费，不可提现。" +
    "个人账户资金优先支付，亲属转入资金在个人账户不足时使用。转账须经收款人确认，未确认的转账于次日06:00退回。",
};

export const ACCEPTED_AGREEMENT_VERSIONS = [WALLET_AGREEMENT.version];

/** The commitment a guardian confirms when opening a wallet for someone (代开通承诺书). */
export const GUARDIAN_COMMITMENT = {
  version: "2024.12",
  text: "本人承诺与被代开通人存在监护或近亲属关系，代为开通和管理其医保钱包，资金仅用于其医疗费用和医保缴费，并承担相应法律责任。",
};
