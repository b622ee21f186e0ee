import type { Lang } from "../../lib/i18n";
import type { LoadState } from "../../lib/load";
import { regionNames } from "../../lib/regions";
import { applyView } from "../../lib/page";
import { priv } from "../../lib/priv";
import { getMe } from "../../services/me";
import { searchMerchants } from "../../services/merchants";
import type { Merchant } from "../../services/types";

const local = (self: object) => priv(self, () => ({ all: [] as Merchant[], names: new Map<string, string>() }));

Component({
  data: {
    s: {} as Record<string, string>,
    theme: "page",
    lang: "zh-CN" as Lang,
    state: "loading" as LoadState,
    q: "",
    regionCode: "",
    regionText: "",
    onlyAccepting: false,
    shown: [] as Record<string, unknown>[],
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (query.regionCode) this.setData({ regionCode: query.regionCode });
    },
    async onShow() {
      applyView(this, "merchants");
      if (!this.data.regionCode) {
        // The user's own region first: that is where they will be treated most often.
        try {
          const me = await getMe();
          this.setData({ regionCode: me.person?.regionCode ?? "" });
        } catch {
          // Search without a region then.
        }
      }
      await this.onSearch();
    },
    onQuery(e: WechatMiniprogram.Input) {
      this.setData({ q: e.detail.value });
    },
    async onSearch() {
      const { regionCode } = this.data;
      this.setData({ state: "loading" });
      try {
        const { items } = await searchMerchants({ regionCode: regionCode || undefined, q: this.data.q.trim() || undefined });
        const l = local(this);
        l.all = items;
        l.names = await regionNames([regionCode, ...items.map((m) => m.regionCode)]);
        this.setData({ regionText: l.names.get(regionCode) ?? "" });
        this.show();
      } catch {
        // Not "nothing found": the answer did not come.
        local(this).all = [];
        this.setData({ state: "error", shown: [] });
      }
    },
    onRetry() {
      this.onSearch();
    },
    onToggleOnly() {
      this.setData({ onlyAccepting: !this.data.onlyAccepting });
      this.show();
    },
    show() {
      const { s, onlyAccepting } = this.data;
      const { all, names } = local(this);
      const shown = all.filter((m) => !onlyAccepting || m.acceptsWallet);
      this.setData({
        state: shown.length ? "ready" : "empty",
        shown: shown.map((m) => ({
          id: m.id,
          name: m.name,
          acceptsWallet: m.acceptsWallet,
          acceptsText: m.acceptsWallet ? s.accepts : s.notAccepts,
          kindText: s[`kind_${m.kind}`] ?? m.kind,
          regionText: names.get(m.regionCode) ?? "",
        })),
      });
    },
  },
});
