import { dateTime, money } from "../../lib/format";
import { fill, type Lang } from "../../lib/i18n";
import { walletStatusLabel } from "../../lib/labels";
import { applyView, go } from "../../lib/page";
import { priv } from "../../lib/priv";
import { qrDataUrl } from "../../lib/qr/index";
import { getMe } from "../../services/me";
import { listNotifications } from "../../services/notifications";
import { acceptTransfer, listTransfers } from "../../services/transfers";
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
  ["inbox", "/pages/inbox/index"],
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
    shortcuts: [] as { key: string; label: string; url: string; badge: string; aria: string }[],
    // What needs me first, above the balances and the e-code.
    attention: {
      show: false,
      waitingTitle: "",
      waitingDeadline: "",
      oneId: "",
      acceptText: "",
      acceptLabel: "",
      unreadText: "",
      unread: 0,
      waiting: 0,
    },
    attentionFailed: false,
    busy: false,
  },
  lifetimes: {
    detached() {
      this.stopTimer();
    },
  },
  methods: {
    onShow() {
      applyView(this, "home");
      this.renderShortcuts(0);
      // Allowances and relatives' codes (components/family-home): loaded when it first appears, again on every return.
      if (!this.data.loading && !this.data.failed) this.selectComponent("#family")?.load?.();
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
        this.loadAttention();
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
          balances: {
            total: money(b.totalFen),
            own: money(b.ownFen),
            received: money(b.receivedFen),
            held: money(b.heldFen),
            hasHeld: b.heldFen > 0,
          },
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
    renderShortcuts(unread: number) {
      const s = this.data.s;
      this.setData({
        shortcuts: SHORTCUTS.map(([key, url]) => {
          const label = s[`shortcut_${key}`] ?? key;
          const badge = key === "inbox" && unread > 0 ? String(unread > 99 ? "99+" : unread) : "";
          return { key, url, label, badge, aria: badge ? fill(s.badgeLabel!, { label, count: unread }) : label };
        }),
      });
    },
    /** Incoming transfers waiting and unread notices; a failure here is said, never shown as "nothing". */
    async loadAttention() {
      const { s, lang } = this.data;
      try {
        const [waiting, notices] = await Promise.all([
          listTransfers({ direction: "in", status: "pending" }, true),
          listNotifications({ unread: true, limit: 1 }),
        ]);
        const items = waiting.items;
        const total = items.reduce((sum, t) => sum + t.amountFen, 0);
        // The earliest deadline is the one that matters: all return at 06:00 the next day.
        const first = items.slice().sort((a, b) => Date.parse(a.expiresAt) - Date.parse(b.expiresAt))[0];
        const one = items.length === 1 ? items[0]! : null;
        const unread = notices.unreadCount ?? 0;
        this.setData({
          attentionFailed: false,
          attention: {
            show: items.length > 0 || unread > 0,
            waiting: items.length,
            waitingTitle: items.length ? fill(s.waitingTitle!, { count: items.length, amount: money(total) }) : "",
            waitingDeadline: first ? fill(s.waitingDeadline!, { time: dateTime(first.expiresAt, lang) }) : "",
            oneId: one ? one.id : "",
            acceptText: one ? fill(s.acceptNow!, { amount: money(one.amountFen) }) : "",
            acceptLabel: one ? fill(s.acceptNowLabel!, { amount: money(one.amountFen), name: one.from.maskedName }) : "",
            unread,
            unreadText: unread ? fill(s.unreadText!, { count: unread }) : "",
          },
        });
        this.renderShortcuts(unread);
      } catch {
        this.setData({ attentionFailed: true });
      }
    },
    async onAcceptOne(e: WechatMiniprogram.TouchEvent) {
      if (this.data.busy) return;
      this.setData({ busy: true });
      try {
        await acceptTransfer(String(e.currentTarget.dataset.id));
        wx.showToast({ title: this.data.s.acceptedToast!, icon: "none" });
      } catch {
        // request() said why (e.g. already returned at 06:00); the refresh below shows what is true now.
      } finally {
        this.setData({ busy: false });
        await this.load();
      }
    },
    onSeeWaiting() {
      go("/pages/transfer/incoming/index");
    },
    onInbox() {
      go("/pages/inbox/index");
    },
    onOpenWallet() {
      go("/pages/wallet/index");
    },
  },
});
