import { DomainError } from "@/lib/problem";
import { formatFen } from "@/lib/money";
import type { TransferRefusal } from "./transfer-rules";

export const transferErrors = {
  pending: () =>
    new DomainError(
      "TRANSFER_PENDING",
      409,
      "您有一笔转账等待对方确认，确认或退回后才能再转",
      "You already have a transfer awaiting acceptance",
    ),
  notPending: (status: string) =>
    new DomainError("TRANSFER_NOT_PENDING", 409, "该转账已处理", "The transfer is no longer pending", { transferStatus: status }),
  recipientNoWallet: () => new DomainError("RECIPIENT_NO_WALLET", 422, "对方尚未开通医保钱包", "The recipient has not opened a wallet"),
  walletNotActive: (whose: "sender" | "recipient") =>
    new DomainError(
      "WALLET_NOT_ACTIVE",
      422,
      whose === "sender" ? "您的医保钱包已冻结或注销，暂不能付款" : "对方的医保钱包不可用",
      whose === "sender" ? "Your wallet is frozen or closed and cannot pay" : "The recipient's wallet is not available",
      { whose },
    ),
  crossProvince: () =>
    new DomainError(
      "CROSS_PROVINCE_NOT_ALLOWED",
      422,
      "双方所在统筹区暂不支持跨省共济",
      "Cross-province mutual aid is not open between your regions",
    ),
  fromRefusal: (r: TransferRefusal) => {
    if (r.code === "OUTSIDE_TRANSFER_HOURS") {
      return new DomainError(
        "OUTSIDE_TRANSFER_HOURS",
        422,
        "每日22:00至次日06:00不能转账",
        "Transfers are closed between 22:00 and 06:00 Beijing time",
      );
    }
    const { kind, value } = r.limit;
    const [zh, en] =
      kind === "daily_count"
        ? [`每天最多转账 ${value} 笔`, `At most ${value} transfers a day`]
        : kind === "per_transfer_max"
          ? [`单笔转账不能超过 ${formatFen(value)}`, `A transfer cannot exceed ${formatFen(value)}`]
          : [`单笔转账不能少于 ${formatFen(value)}`, `A transfer must be at least ${formatFen(value)}`];
    return new DomainError("LIMIT_EXCEEDED", 422, zh, en, { limit: r.limit });
  },
};
