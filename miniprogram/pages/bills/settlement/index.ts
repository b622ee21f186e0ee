import { dateTime, money } from "../../../lib/format";
import { fundingLines } from "../../../lib/funding";
import { fill, type Lang } from "../../../lib/i18n";
import type { LoadState } from "../../../lib/load";
import { applyView } from "../../../lib/page";
import { getSettlement } from "../../../services/settlements";

/**
 * The receipt of a medical payment: the institution, the amount and every funding part in the order
 * charged (own funds, received funds, each relative's allowance), then the refunds with theirs. A
 * relative whose allowance paid part of it reads the same receipt, headed with what theirs paid.
 */
Component({
  data: {
    s: {} as Record<string, string>,
    theme: "page",
    lang: "zh-CN" as Lang,
    state: "loading" as LoadState,
    id: "",
    r: null as null | {
      merchant: string;
      amount: string;
      status: string;
      at: string;
      giverLine: string;
      parts: { label: string; amount: string }[];
      refunded: string;
      refunds: { at: string; amount: string; parts: { label: string; amount: string }[] }[];
    },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: decodeURIComponent(query.id ?? "") });
    },
    onShow() {
      applyView(this, "settlement");
      this.load();
    },
    onRetry() {
      this.setData({ state: "loading" });
      this.load();
    },
    async load() {
      const { s, lang, id } = this.data;
      if (!id) return this.setData({ state: "empty" });
      try {
        const x = await getSettlement(id);
        const region = x.merchant.regionName;
        this.setData({
          state: "ready",
          r: {
            merchant: region ? `${x.merchant.name}（${region}）` : x.merchant.name,
            amount: money(x.amountFen),
            status: s[`settlement_${x.status}`] ?? x.status,
            at: dateTime(x.createdAt, lang),
            giverLine: x.role === "giver" ? fill(s.giverLine!, { name: x.patient.maskedName, amount: money(x.myQuotaFen) }) : "",
            parts: fundingLines(x.funding, s),
            refunded: x.refundedFen ? money(x.refundedFen) : "",
            refunds: x.refunds.map((f) => ({
              at: dateTime(f.createdAt, lang),
              amount: money(f.amountFen),
              parts: fundingLines(f.funding, s),
            })),
          },
        });
      } catch (e) {
        // Not found is said as such; anything else is an error with a retry.
        const notFound = (e as { status?: number }).status === 404;
        this.setData({ state: notFound ? "empty" : "error" });
      }
    },
  },
});
