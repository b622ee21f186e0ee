import { DomainError } from "@/lib/problem";
import { formatFen } from "@/lib/money";
import { L, type FlowName, type Text } from "./types";

type Friendly = (e: DomainError) => Text;

const fen = (v: unknown) => (typeof v === "number" ? formatFen(v) : "");

// The services' `detail` is already written for users, in Simplified Chinese and English; these
// add Traditional Chinese and a gentler tone for the errors people meet in a chat.
const FRIENDLY: Record<string, Friendly> = {
  PASSWORD_WRONG: (e) => {
    const n = Number(e.extras.remainingAttempts ?? 0);
    return L(`支付密码错误，还可以再试 ${n} 次。`, `支付密碼錯誤，還可以再試 ${n} 次。`, `Wrong payment PIN; ${n} attempts left.`);
  },
  PASSWORD_LOCKED: () =>
    L(
      "支付密码错误次数过多，已锁定24小时。",
      "支付密碼錯誤次數過多，已鎖定24小時。",
      "Too many wrong PINs: payments are locked for 24 hours.",
    ),
  PASSWORD_WEAK: (e) => L(`${e.detail}，请换一个密码。`, `${e.detail}，請換一個密碼。`, `${e.detailEn}; choose another PIN.`),
  INSUFFICIENT_FUNDS: () => L("余额不足，请换一个金额。", "餘額不足，請換一個金額。", "Not enough funds; try a smaller amount."),
  LIMIT_EXCEEDED: (e) => {
    const limit = e.extras.limit as { kind?: string; value?: number } | undefined;
    if (limit?.kind === "per_transfer_max") {
      const v = fen(limit.value);
      return L(
        `单笔转账不能超过 ${v}，请换一个金额。`,
        `單筆轉賬不能超過 ${v}，請換一個金額。`,
        `A transfer cannot exceed ${v}; try another amount.`,
      );
    }
    if (limit?.kind === "per_transfer_min") {
      const v = fen(limit.value);
      return L(`单笔转账不能少于 ${v}。`, `單筆轉賬不能少於 ${v}。`, `A transfer must be at least ${v}.`);
    }
    const n = limit?.value ?? 3;
    return L(
      `今天已经转了 ${n} 笔，明天再来吧。`,
      `今天已經轉了 ${n} 筆，明天再來吧。`,
      `You have made ${n} transfers today; try again tomorrow.`,
    );
  },
  OUTSIDE_TRANSFER_HOURS: () =>
    L(
      "每天22:00至次日06:00不能转账，请在06:00以后再试。",
      "每天22:00至次日06:00不能轉賬，請在06:00以後再試。",
      "Transfers are closed between 22:00 and 06:00; try again after 06:00.",
    ),
  TRANSFER_PENDING: () =>
    L(
      "您有一笔转账正在等待对方确认，对方确认或退回后才能再转。",
      "您有一筆轉賬正在等待對方確認，對方確認或退回後才能再轉。",
      "A transfer of yours is still waiting for the recipient; you can send again once it is accepted or returned.",
    ),
  TRANSFER_NOT_PENDING: () => L("这笔转账已经处理过了。", "這筆轉賬已經處理過了。", "That transfer has already been handled."),
  RECIPIENT_NO_WALLET: () => L("对方还没有开通医保钱包。", "對方還沒有開通醫保錢包。", "The recipient has not opened a wallet yet."),
  WALLET_NOT_ACTIVE: () =>
    L("钱包已冻结或注销，暂时不能付款。", "錢包已凍結或註銷，暫時不能付款。", "The wallet is frozen or closed and cannot pay."),
  WALLET_NOT_OPEN: () => L("您还没有开通医保钱包。", "您還沒有開通醫保錢包。", "You have not opened the wallet yet."),
  WALLET_ALREADY_OPEN: () => L("您的医保钱包已经开通了。", "您的醫保錢包已經開通了。", "Your wallet is already open."),
  WALLET_CLOSED: () =>
    L(
      "您的医保钱包已注销，不能在线重新开通；如需帮助可以转人工客服。",
      "您的醫保錢包已註銷，不能在線重新開通；如需幫助可以轉人工客服。",
      "Your wallet was closed and cannot be opened again online; I can put you through to customer service.",
    ),
  REAL_NAME_REQUIRED: () => L("请先完成实名认证。", "請先完成實名認證。", "Please verify your identity first."),
  FACE_CHECK_FAILED: () => L("人脸识别未通过，请重试。", "人臉識別未通過，請重試。", "The face check did not pass; please try again."),
  NAME_MISMATCH: () =>
    L(
      "姓名与身份证号码不一致，请重新输入姓名。",
      "姓名與身分證號碼不一致，請重新輸入姓名。",
      "The name does not match the ID number; enter the name again.",
    ),
  ID_NUMBER_INVALID: () =>
    L(
      "身份证号码不正确，请检查后重新输入。",
      "身分證號碼不正確，請檢查後重新輸入。",
      "That ID number is not valid; check it and enter it again.",
    ),
  NOT_INSURED: () =>
    L(
      "没有查到该人员的基本医疗保险参保信息。",
      "沒有查到該人員的基本醫療保險參保信息。",
      "No basic medical insurance was found for this person.",
    ),
  RELATION_NOT_ALLOWED: () =>
    L(
      "您所在统筹区的政策不允许与这类亲属共济，请换一个关系。",
      "您所在統籌區的政策不允許與這類親屬共濟，請換一個關係。",
      "Your region does not allow this relation; choose another.",
    ),
  RELATION_IMPLAUSIBLE: () =>
    L(
      "亲属关系与出生日期不符，请检查关系。",
      "親屬關係與出生日期不符，請檢查關係。",
      "The relation does not fit the birth dates; check the relation.",
    ),
  RELATION_NOT_VERIFIED: () =>
    L(
      "未能在户籍或参保登记中核实这个亲属关系。",
      "未能在戶籍或參保登記中核實這個親屬關係。",
      "The registry could not confirm this relation.",
    ),
  INVITATION_EXPIRED: () =>
    L("这个邀请已经过期了，请让对方重新邀请。", "這個邀請已經過期了，請讓對方重新邀請。", "The invitation has expired; ask for a new one."),
  INVITATION_NOT_FOR_YOU: () => L("这个邀请不是发给您的。", "這個邀請不是發給您的。", "This invitation is not for you."),
  INVITATION_NOT_PENDING: () => L("这个邀请已经处理过了。", "這個邀請已經處理過了。", "This invitation has already been handled."),
  NOT_FOUND: () => L("没有找到，请检查后重新输入。", "沒有找到，請檢查後重新輸入。", "Not found; check and try again."),
  QUOTA_OUT_OF_RANGE: (e) =>
    e.extras.field === "perPaymentFen"
      ? L(
          "单笔上限须在 ¥0.01 至 ¥50,000.00 之间，请换一个金额。",
          "單筆上限須在 ¥0.01 至 ¥50,000.00 之間，請換一個金額。",
          "The per-payment cap must be ¥0.01 to ¥50,000.00; try another amount.",
        )
      : L(
          "共济额度每年须在 ¥0.01 至 ¥50,000.00 之间，请换一个金额。",
          "共濟額度每年須在 ¥0.01 至 ¥50,000.00 之間，請換一個金額。",
          "A yearly quota must be ¥0.01 to ¥50,000.00; try another amount.",
        ),
  QUOTA_CAP_ABOVE_ANNUAL: () =>
    L(
      "单笔上限不能超过每年的额度，请换一个金额。",
      "單筆上限不能超過每年的額度，請換一個金額。",
      "The per-payment cap cannot exceed the yearly quota; try another amount.",
    ),
  CARE_ACCESS_LIMIT: (e) => {
    const n = Number(e.extras.limit ?? 5);
    return L(
      `这位亲属已经在代 ${n} 位亲属出示医保码，不能再增加。`,
      `這位親屬已經在代 ${n} 位親屬出示醫保碼，不能再增加。`,
      `This relative already shows the e-code of ${n} people, the most allowed.`,
    );
  },
  CARE_ACCESS_EXISTS: () =>
    L("这位亲属已经可以代您出示医保码了。", "這位親屬已經可以代您出示醫保碼了。", "This relative can already show your e-code."),
  CARE_ACCESS_REQUIRED: () =>
    L("这位亲属还没有授权您代为出示医保码。", "這位親屬還沒有授權您代為出示醫保碼。", "This relative has not let you show their e-code."),
  MINOR_GUARDIAN_RULE: () =>
    L(
      "未满16周岁的医保码由监护人出示，不能授权给其他亲属。",
      "未滿16周歲的醫保碼由監護人出示，不能授權給其他親屬。",
      "A minor's e-code is shown by their guardian.",
    ),
  NOT_BOUND: () => L("你们之间的共济关系已经解除了。", "你們之間的共濟關係已經解除了。", "The binding with this relative has ended."),
  WALLET_CLOSE_BLOCKED: (e) => {
    const reasons = (e.extras.reasons as string[] | undefined) ?? [];
    const part = (zhCN: string, zhTW: string, en: string) => ({ zhCN, zhTW, en });
    const said: Record<string, ReturnType<typeof part>> = {
      pending_transfers: part("有一笔转账还在等待确认", "有一筆轉賬還在等待確認", "a transfer is still waiting to be accepted"),
      pending_reversals: part("有一笔冲正申请还在等待审批", "有一筆沖正申請還在等待審批", "a reversal still awaits approval"),
      open_settlements: part(
        "30 天内的医药费结算还可能退款",
        "30 天內的醫藥費結算還可能退款",
        "a medical payment of the last 30 days may still be refunded",
      ),
    };
    const parts = reasons.map((r) => said[r]).filter((p) => p !== undefined);
    return L(
      `暂时不能注销医保钱包：${parts.map((p) => p.zhCN).join("；")}。处理完后再来注销。`,
      `暫時不能註銷醫保錢包：${parts.map((p) => p.zhTW).join("；")}。處理完後再來註銷。`,
      `The wallet cannot be closed yet: ${parts.map((p) => p.en).join("; ")}. Close it once that is settled.`,
    );
  },
  PREMIUM_WINDOW_CLOSED: (e) => {
    const w = e.extras.window as { start?: string; end?: string } | undefined;
    return L(
      `现在不在集中缴费期内（${w?.start} 至 ${w?.end}）。`,
      `現在不在集中繳費期內（${w?.start} 至 ${w?.end}）。`,
      `Outside the payment period (${w?.start} to ${w?.end}).`,
    );
  },
  PREMIUM_ALREADY_PAID: (e) => {
    const no = (e.extras.receipt as { receiptNo?: string } | undefined)?.receiptNo ?? "";
    return L(
      `该年度的保费已经缴过了，回单号 ${no}。`,
      `該年度的保費已經繳過了，回單號 ${no}。`,
      `This year's premium is already paid (receipt ${no}).`,
    );
  },
};

/** A domain error as a chat message in three languages. */
export function friendly(e: DomainError): Text {
  const f = FRIENDLY[e.code];
  if (f) return f(e);
  // Errors without a chat wording keep the service's own text; Traditional readers get the
  // Simplified detail, which is understood, rather than the English one.
  return L(e.detail, e.detail, e.detailEn);
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}

/** What to offer when a flow ends on an error: the step the user is missing, else a person. */
export function suggestFor(e: DomainError): FlowName[] {
  if (e.code === "WALLET_NOT_OPEN" || e.code === "REAL_NAME_REQUIRED") return ["open_wallet"];
  if (e.code === "NOT_BOUND" || e.code === "RECIPIENT_NO_WALLET") return ["bind_relative", "agent"];
  return ["agent"];
}
