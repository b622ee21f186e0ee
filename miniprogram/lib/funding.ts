import { money } from "./format";
import { fill, type Strings } from "./i18n";
import type { FundingPart } from "../services/types";

/** One funding part as a line: 个人账户资金 / 亲属转入资金 / 张*给的共济额度, and its amount. */
export function fundingLines(parts: readonly FundingPart[], s: Strings): { label: string; amount: string }[] {
  return parts.map((p) => ({
    label: p.source === "quota" ? fill(s.funding_quota!, { name: p.giver?.maskedName ?? "" }) : (s[`funding_${p.source}`] ?? p.source),
    amount: money(p.amountFen),
  }));
}
