import { DomainError, errors } from "@/lib/problem";
import { MAX_QUOTA_FEN } from "./family.dto";

export const CARE_ACCESS_LIMIT = 5;
export const ELDER_AGE = 65;
export const ADULT_AGE = 18;

export const familyErrors = {
  quotaNotFound: () => errors.notFound("共济额度", "quota"),
  quotaNotActive: () =>
    new DomainError("QUOTA_NOT_ACTIVE", 409, "该共济额度已撤销或已结束", "This quota has already been revoked or has ended"),
  quotaOutOfRange: (field: "annualFen" | "perPaymentFen") =>
    new DomainError(
      "QUOTA_OUT_OF_RANGE",
      422,
      field === "annualFen" ? "年度共济额度须在 ¥0.01 至 ¥50,000.00 之间" : "单笔上限须在 ¥0.01 至 ¥50,000.00 之间",
      field === "annualFen" ? "The yearly quota must be ¥0.01 to ¥50,000.00" : "The per-payment cap must be ¥0.01 to ¥50,000.00",
      { field, minFen: 1, maxFen: MAX_QUOTA_FEN },
    ),
  capAboveQuota: () =>
    new DomainError("QUOTA_CAP_ABOVE_ANNUAL", 422, "单笔上限不能超过年度额度", "The per-payment cap cannot exceed the yearly quota", {
      field: "perPaymentFen",
    }),
  giverWalletNotActive: () =>
    new DomainError(
      "WALLET_NOT_ACTIVE",
      422,
      "您的医保钱包已冻结或注销，不能设置共济额度",
      "Your wallet is frozen or closed; you cannot set a quota",
    ),
  careAccessLimit: () =>
    new DomainError(
      "CARE_ACCESS_LIMIT",
      422,
      `每人最多可代 ${CARE_ACCESS_LIMIT} 位亲属出示医保码`,
      `A carer may hold care access for at most ${CARE_ACCESS_LIMIT} people`,
      {
        limit: CARE_ACCESS_LIMIT,
      },
    ),
  careAccessNotFound: () => errors.notFound("亲情账户授权", "care access"),
  careAccessRequired: () =>
    new DomainError("CARE_ACCESS_REQUIRED", 403, "该亲属尚未授权您代为出示医保码", "This relative has not let you show their e-code"),
  minorGuardianRule: () =>
    new DomainError("MINOR_GUARDIAN_RULE", 422, "未满16周岁亲属的医保码由其监护人出示", "A minor's e-code is shown by their guardian"),
  managedByGuardian: () =>
    new DomainError(
      "MANAGED_BY_GUARDIAN",
      403,
      "您的医保钱包由监护人代管，请先接管钱包",
      "Your wallet is managed by a guardian; take it over first",
    ),
  elderTooYoung: () =>
    new DomainError(
      "ELDER_AGE",
      422,
      `仅可为年满${ELDER_AGE}周岁的父母代开通`,
      `Only a parent aged ${ELDER_AGE} or over can be opened for`,
      { minAge: ELDER_AGE },
    ),
  notAdult: () =>
    new DomainError("GUARDIAN_NOT_ADULT", 422, `代开通须年满${ADULT_AGE}周岁`, `A guardian must be ${ADULT_AGE} or over`, {
      minAge: ADULT_AGE,
    }),
  commitmentRequired: () =>
    new DomainError("COMMITMENT_REQUIRED", 422, "请阅读并确认代开通承诺书", "Read and confirm the guardian commitment"),
  notWard: () =>
    new DomainError("NOT_WARD", 403, "只有被代开通的本人可以接管钱包", "Only the person the wallet was opened for may take it over"),
  wardMinor: () => new DomainError("WARD_MINOR", 422, "未满16周岁不能接管钱包", "A person under 16 cannot take over their wallet"),
};
