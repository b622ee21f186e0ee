import { currentMonth, dateTime, money, month as monthText, signedMoney } from "../../lib/format";
import { fill, type Lang } from "../../lib/i18n";
import { balanceKindLabel, entryKindLabel } from "../../lib/labels";
import type { LoadState } from "../../lib/load";
import { applyView, go } from "../../lib/page";
import { priv } from "../../lib/priv";
import { listEntries } from "../../services/wallet";
import type { Entry } from "../../services/types";

const PAGE_SIZE = 20;
// Answers to an older filter must not land in the list of a newer one.
const local = (self: object) => priv(self, () => ({ generation: 0 }));

function isTransferKind(kind: string): boolean {
  return kind.startsWith("transfer_");
}

Component({
  data: {
    s: {} as Record<string, string>,
    theme: "page",
    lang: "zh-CN" as Lang,
    loading: false,
    state: "loading" as LoadState,
    moreFailed: false,
    month: "",
    currentMonth: "",
    monthLabel: "",
    cursor: null as string | null,
    items: [] as Record<string, unknown>[],
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const m = currentMonth();
      this.setData({ currentMonth: m, month: query.month ?? m });
    },
    onShow() {
      applyView(this, "bills");
      this.reload();
    },
    onPullDownRefresh() {
      this.reload().then(() => wx.stopPullDownRefresh());
    },
    onReachBottom() {
      if (this.data.cursor && !this.data.loading) this.loadMore();
    },
    onMonth(e: WechatMiniprogram.PickerChange) {
      this.setData({ month: String(e.detail.value) });
      this.reload();
    },
    onAllMonths() {
      this.setData({ month: "" });
      this.reload();
    },
    async reload() {
      local(this).generation++;
      const { s, lang, month } = this.data;
      this.setData({
        items: [],
        cursor: null,
        state: "loading",
        moreFailed: false,
        monthLabel: month ? monthText(month, lang) : s.allMonths!,
      });
      await this.loadMore(true);
    },
    async loadMore(first = false) {
      const gen = local(this).generation;
      this.setData({ loading: true, moreFailed: false });
      try {
        const page = await listEntries({ month: this.data.month || undefined, cursor: first ? null : this.data.cursor, limit: PAGE_SIZE });
        if (gen !== local(this).generation) return;
        const items = this.data.items.concat(page.items.map((e) => this.row(e)));
        this.setData({ items, cursor: page.nextCursor, state: items.length ? "ready" : "empty" });
      } catch {
        // Never "no bills this month" when the answer did not come: an error with a retry.
        if (gen === local(this).generation) this.setData(first ? { state: "error" } : { moreFailed: true });
      } finally {
        if (gen === local(this).generation) this.setData({ loading: false });
      }
    },
    onRetry() {
      this.reload();
    },
    onRetryMore() {
      this.loadMore();
    },
    row(e: Entry) {
      const { lang, s } = this.data;
      // Relatives' allowances paid it all (or got all of the refund): nothing of this wallet moved, the line says what did.
      const funded =
        e.balanceKind === "quota"
          ? fill((e.kind === "medical_refund" ? s.quotaRefunded : s.quotaPaid)!, {
              total: money(Math.abs(e.totalFen ?? 0)),
              quota: money(Math.abs(e.quotaFen ?? 0)),
            })
          : balanceKindLabel(e.balanceKind, lang);
      return {
        id: e.id,
        kind: entryKindLabel(e.kind, lang),
        amount: signedMoney(e.amountFen),
        in: e.amountFen > 0,
        detail: [funded, e.counterparty ?? ""].filter(Boolean).join(" · "),
        at: dateTime(e.at, lang),
        // A transfer line opens its receipt; a medical payment or refund the receipt with its funding parts.
        url:
          isTransferKind(e.kind) && e.reference
            ? `/pages/transfer/receipt/index?id=${encodeURIComponent(e.reference)}`
            : e.settlementId
              ? `/pages/bills/settlement/index?id=${encodeURIComponent(e.settlementId)}`
              : "",
      };
    },
    onEntry(e: WechatMiniprogram.TouchEvent) {
      const url = String(e.currentTarget.dataset.url ?? "");
      if (url) go(url);
    },
  },
});
