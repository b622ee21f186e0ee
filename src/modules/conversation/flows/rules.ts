import { relationLabel } from "@/modules/relatives/relation-rules";
import { day, each, money } from "../engine/text";
import type { Flow, Lang } from "../engine/types";
import { rulesForUser, type RegionRules } from "../rules.service";

const SEP: Record<Lang, string> = { "zh-CN": "、", "zh-TW": "、", en: ", " };

function describe(x: RegionRules, lang: Lang): string {
  const rel = x.relationsAllowed.map((r) => relationLabel(r, lang)).join(SEP[lang]);
  const [min, max] = [money(x.limits.minTransferFen)[lang], money(x.limits.maxTransferFen)[lang]];
  const { maxDailyTransfers: n, quietStart: qs, quietEnd: qe, maxActiveBindings: b } = x.limits;
  const premiums = x.premiums.map((p) => {
    const [a, s, e] = [money(p.amountFen)[lang], day(p.window.start)[lang], day(p.window.end)[lang]];
    if (lang === "en") {
      const what = p.kind === "long_term_care" ? "long-term care premium" : "resident premium";
      return `· ${p.year} ${what}: ${a}, payment period ${s} to ${e}${p.open ? " (open now)" : ""}`;
    }
    const what =
      p.kind === "long_term_care" ? (lang === "zh-TW" ? "長期護理保險" : "长期护理保险") : lang === "zh-TW" ? "居民醫保" : "居民医保";
    const open = p.open ? (lang === "zh-TW" ? "（正在繳費）" : "（正在缴费）") : "";
    return lang === "zh-TW"
      ? `· ${p.year}年度${what}：${a}，集中繳費期 ${s}至${e}${open}`
      : `· ${p.year}年度${what}：${a}，集中缴费期 ${s}至${e}${open}`;
  });
  if (lang === "en") {
    return [
      `Rules for ${x.regionName} (as of ${day(x.asOf).en}):`,
      `· Relatives you can help: ${rel}`,
      `· Cross-province mutual aid: ${x.crossProvince ? "allowed" : "not available"}`,
      `· Each transfer ${min} to ${max}; at most ${n} a day; none between ${qs} and ${qe}`,
      `· At most ${b} relatives`,
      ...premiums,
    ].join("\n");
  }
  const tw = lang === "zh-TW";
  return [
    tw
      ? `${x.provinceName}${x.regionName}的醫保錢包規則（${day(x.asOf)[lang]}）：`
      : `${x.provinceName}${x.regionName}的医保钱包规则（${day(x.asOf)[lang]}）：`,
    tw ? `· 可以共濟的親屬：${rel}` : `· 可以共济的亲属：${rel}`,
    tw ? `· 跨省共濟：${x.crossProvince ? "支持" : "暫不支持"}` : `· 跨省共济：${x.crossProvince ? "支持" : "暂不支持"}`,
    tw
      ? `· 每筆轉賬 ${min} 至 ${max}，每天最多 ${n} 筆，${qs}至次日${qe}不能轉賬`
      : `· 每笔转账 ${min} 至 ${max}，每天最多 ${n} 笔，${qs}至次日${qe}不能转账`,
    tw ? `· 最多可添加 ${b} 位共濟親屬` : `· 最多可添加 ${b} 位共济亲属`,
    ...premiums,
  ].join("\n");
}

export const rulesFlow: Flow = {
  name: "rules",
  steps: [],
  async finish(r) {
    const rules = await rulesForUser(r.ctx, r.userId);
    r.say(
      each((lang) => describe(rules, lang)),
      { type: "rules", ...rules },
    );
    return { type: "done", suggest: ["transfer", "bind_relative", "pay_premium"] };
  },
};
