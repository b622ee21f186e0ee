import { DomainError } from "@/lib/problem";

export interface Receipt {
  receiptNo: string;
  paidAt: string;
  amountFen: number;
  payer: { maskedName: string };
}

export const premiumErrors = {
  notApplicable: () =>
    new DomainError(
      "PREMIUM_NOT_APPLICABLE",
      422,
      "该人员参加职工医保，无需缴纳居民医保费",
      "This person has employee medical insurance; the resident premium does not apply",
    ),
  notOffered: () =>
    new DomainError("PREMIUM_NOT_OFFERED", 422, "该统筹区该年度未开办此项缴费", "This region does not collect this premium for that year"),
  windowClosed: (window: { start: string; end: string }) =>
    new DomainError(
      "PREMIUM_WINDOW_CLOSED",
      422,
      `不在集中缴费期内（${window.start} 至 ${window.end}）`,
      `Outside the payment period (${window.start} to ${window.end})`,
      {
        window,
      },
    ),
  alreadyPaid: (receipt: Receipt) =>
    new DomainError("PREMIUM_ALREADY_PAID", 409, "该人员本年度已缴费", "The premium for this person and year is already paid", { receipt }),
  walletNotActive: () =>
    new DomainError("WALLET_NOT_ACTIVE", 422, "您的医保钱包已冻结或注销，暂不能付款", "Your wallet is frozen or closed and cannot pay"),
};
