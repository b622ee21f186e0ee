import { fill, type Lang } from "../../../lib/i18n";
import type { LoadState } from "../../../lib/load";
import { applyView, confirmModal, go } from "../../../lib/page";
import { changeUsageRegion, getWallet, listRegions } from "../../../services/wallet";
import { getMe } from "../../../services/me";

interface Province {
  name: string;
  regions: { code: string; name: string; current: boolean; aria: string }[];
}

/**
 * Where the wallet is used (使用地): the pooling regions by province, by name (never the code), the
 * current one marked; a change is confirmed before it is made.
 */
Component({
  data: {
    s: {} as Record<string, string>,
    theme: "page",
    lang: "zh-CN" as Lang,
    state: "loading" as LoadState,
    needWallet: false,
    current: "",
    provinces: [] as Province[],
    busy: false,
  },
  methods: {
    onShow() {
      applyView(this, "usage");
      this.load();
    },
    onRetry() {
      this.setData({ state: "loading" });
      this.load();
    },
    async load() {
      const s = this.data.s;
      try {
        if (!(await getMe()).wallet) return this.setData({ state: "ready", needWallet: true });
        const [wallet, regions] = await Promise.all([getWallet(true), listRegions()]);
        const code = wallet.usageRegionCode ?? wallet.regionCode;
        const provinces: Province[] = [];
        for (const r of regions.items) {
          let p = provinces[provinces.length - 1];
          if (!p || p.name !== r.provinceName) {
            p = { name: r.provinceName, regions: [] };
            provinces.push(p);
          }
          const current = r.code === code;
          p.regions.push({ code: r.code, name: r.name, current, aria: current ? fill(s.currentLabel!, { name: r.fullName }) : r.fullName });
        }
        const here = regions.items.find((r) => r.code === code);
        this.setData({
          state: provinces.length ? "ready" : "empty",
          needWallet: false,
          provinces,
          current: here ? fill(s.current!, { name: here.fullName }) : "",
        });
      } catch {
        this.setData({ state: "error" });
      }
    },
    async onChoose(e: WechatMiniprogram.TouchEvent) {
      const { code, name, current } = e.currentTarget.dataset as { code: string; name: string; current: boolean };
      if (current || this.data.busy) return;
      if (!(await confirmModal(fill(this.data.s.confirmChange!, { name })))) return;
      this.setData({ busy: true });
      try {
        await changeUsageRegion(code);
        wx.showToast({ title: fill(this.data.s.changed!, { name }), icon: "none" });
        await this.load();
      } catch {
        // request() said why (e.g. the region does not allow it); the marked one is still the current one.
      } finally {
        this.setData({ busy: false });
      }
    },
    onOpenWallet() {
      go("/pages/wallet/index");
    },
  },
});
