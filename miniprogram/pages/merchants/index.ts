import { fill, type Lang } from "../../lib/i18n";
import { applyView } from "../../lib/page";
import { priv } from "../../lib/priv";
import { getMe } from "../../services/me";
import { searchMerchants } from "../../services/merchants";
import type { Merchant } from "../../services/types";

const local = (self: object) => priv(self, () => ({ all: [] as Merchant[] }));

Component({
  data: {
    s: {} as Record<string, string>,
    theme: "page",
    lang: "zh-CN" as Lang,
    loading: true,
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
      const { regionCode, s } = this.data;
      this.setData({ loading: true, regionText: regionCode ? fill(s.region!, { code: regionCode }) : "" });
      try {
        const { items } = await searchMerchants({ regionCode: regionCode || undefined, q: this.data.q.trim() || undefined });
        local(this).all = items;
      } catch {
        local(this).all = [];
      }
      this.setData({ loading: false });
      this.show();
    },
    onToggleOnly() {
      this.setData({ onlyAccepting: !this.data.onlyAccepting });
      this.show();
    },
    show() {
      const { s, onlyAccepting } = this.data;
      this.setData({
        shown: local(this)
          .all.filter((m) => !onlyAccepting || m.acceptsWallet)
          .map((m) => ({
            id: m.id,
            name: m.name,
            acceptsWallet: m.acceptsWallet,
            acceptsText: m.acceptsWallet ? s.accepts : s.notAccepts,
            kindText: s[`kind_${m.kind}`] ?? m.kind,
            regionText: fill(s.region!, { code: m.regionCode }),
          })),
      });
    },
  },
});
