import { money } from "../../lib/format";
import type { Lang } from "../../lib/i18n";
import { walletStatusLabel } from "../../lib/labels";
import { applyView, go } from "../../lib/page";
import { priv } from "../../lib/priv";
import { qrDataUrl } from "../../lib/qr/index";
import { getMe } from "../../services/me";
import { createEcode, getWallet } from "../../services/wallet";

// The e-code is one-time and valid for 60 s (API.md), so a fresh one is fetched that often.
export const ECODE_REFRESH_MS = 60_000;

const SHORTCUTS: [string, string][] = [
  ["transfer", "/pages/transfer/index"],
  ["incoming", "/pages/transfer/incoming/index"],
  ["relatives", "/pages/relatives/index"],
  ["premium", "/pages/premium/index"],
  ["bills", "/pages/bills/index"],
  ["merchants", "/pages/merchants/index"],
  ["rules", "/pages/rules/index"],
  ["assistant", "/pages/assistant/index"],
  ["settings", "/pages/settings/index"],
];

const state = (self: object) => priv(self, () => ({ timer: null as ReturnType<typeof setInterval> | null }));

Component({
  data: {
    s: {} as Record<string, string>,
    theme: "page",
    lang: "zh-CN" as Lang,
    loading: true,
    failed: false,
    hasWallet: false,
    frozen: false,
    walletStatus: "",
    balances: { total: "", own: "", received: "", held: "", hasHeld: false },
    qrSrc: "",
    ecodeError: false,
    shortcuts: [] as { key: string; label: string; url: string }[],
  },
  lifetimes: {
    detached() {
      this.stopTimer();
    },
  },
  methods: {
    onShow() {
      const v = applyView(this, "home");
      this.setData({ shortcuts: SHORTCUTS.map(([key, url]) => ({ key, url, label: v.s[`shortcut_${key}`] ?? key })) });
      this.load();
    },
    onHide() {
      this.stopTimer();
    },
    onUnload() {
      this.stopTimer();
    },
    onPullDownRefresh() {
      this.load().then(() => wx.stopPullDownRefresh());
    },
    async load() {
      try {
        const me = await getMe();
        if (!me.wallet) {
          this.stopTimer();
          this.setData({ loading: false, failed: false, hasWallet: false });
          return;
        }
        const wallet = await getWallet();
        const b = wallet.balances;
        this.setData({
          loading: false,
          failed: false,
          hasWallet: true,
          frozen: wallet.status === "frozen",
          walletStatus: walletStatusLabel(wallet.status, this.data.lang),
          balances: { total: money(b.totalFen), own: money(b.ownFen), received: money(b.receivedFen), held: money(b.heldFen), hasHeld: b.heldFen > 0 },
        });
        await this.refreshCode();
        this.startTimer();
      } catch {
        // Not "no wallet": the answer never came. request() has said why; offer to try again.
        this.setData({ loading: false, failed: true });
      }
    },
    onRetry() {
      this.setData({ loading: true, failed: false });
      this.load();
    },
    async refreshCode() {
      try {
        const { code } = await createEcode();
        this.setData({ qrSrc: qrDataUrl(code), ecodeError: false });
      } catch {
        this.setData({ qrSrc: "", ecodeError: true });
      }
    },
    startTimer() {
      const st = state(this);
      if (st.timer) return;
      st.timer = setInterval(() => this.refreshCode(), ECODE_REFRESH_MS);
    },
    stopTimer() {
      const st = state(this);
      if (st.timer) clearInterval(st.timer);
      st.timer = null;
    },
    onShortcut(e: WechatMiniprogram.TouchEvent) {
      go(String(e.currentTarget.dataset.url));
    },
    onOpenWallet() {
      go("/pages/wallet/index");
    },
  },
});
