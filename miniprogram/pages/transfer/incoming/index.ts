import { dateTime, money } from "../../../lib/format";
import { fill, type Lang } from "../../../lib/i18n";
import { listState, type LoadState } from "../../../lib/load";
import { applyView, confirmModal } from "../../../lib/page";
import { acceptTransfer, declineTransfer, listTransfers } from "../../../services/transfers";

Component({
  data: {
    s: {} as Record<string, string>,
    theme: "page",
    lang: "zh-CN" as Lang,
    state: "loading" as LoadState,
    busy: false,
    items: [] as Record<string, unknown>[],
  },
  methods: {
    onShow() {
      applyView(this, "incoming");
      this.load();
    },
    onPullDownRefresh() {
      this.load().then(() => wx.stopPullDownRefresh());
    },
    async load() {
      const { s, lang } = this.data;
      try {
        const page = await listTransfers({ direction: "in", status: "pending" }, true);
        this.setData({
          state: listState(page.items),
          items: page.items.map((t) => ({
            id: t.id,
            fromText: fill(s.from!, { name: t.from.maskedName }),
            amount: money(t.amountFen),
            createdText: dateTime(t.createdAt, lang),
            // Beijing time, as the rule is written: unaccepted money goes back at 06:00 the next day.
            returnsText: fill(s.returnsAt!, { time: dateTime(t.expiresAt, lang) }),
            crossProvince: t.crossProvince,
            memoText: t.memo ? fill(s.memo!, { memo: t.memo }) : "",
            acceptLabel: fill(s.acceptLabel!, { amount: money(t.amountFen), name: t.from.maskedName }),
            declineLabel: fill(s.declineLabel!, { amount: money(t.amountFen), name: t.from.maskedName }),
          })),
        });
      } catch {
        // Never "nothing waiting" when the answer did not come: say so and offer a retry.
        this.setData({ state: "error", items: [] });
      }
    },
    onRetry() {
      this.setData({ state: "loading" });
      this.load();
    },
    async onAccept(e: WechatMiniprogram.TouchEvent) {
      await this.decide(String(e.currentTarget.dataset.id), "accept");
    },
    async onDecline(e: WechatMiniprogram.TouchEvent) {
      if (await confirmModal(this.data.s.declineConfirm!)) await this.decide(String(e.currentTarget.dataset.id), "decline");
    },
    async decide(id: string, how: "accept" | "decline") {
      this.setData({ busy: true });
      try {
        if (how === "accept") await acceptTransfer(id);
        else await declineTransfer(id);
        wx.showToast({ title: how === "accept" ? this.data.s.accepted! : this.data.s.declined!, icon: "none" });
      } catch {
        // Shown by request(), e.g. already returned at 06:00; the list below is refreshed either way.
      } finally {
        this.setData({ busy: false });
        await this.load();
      }
    },
  },
});
