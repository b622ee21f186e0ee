import { friendlyMessage, isApiError } from "../../../lib/errors";
import { money } from "../../../lib/format";
import { fill, type Lang } from "../../../lib/i18n";
import type { LoadState } from "../../../lib/load";
import { applyView } from "../../../lib/page";
import { closeWallet, getWallet } from "../../../services/wallet";
import { getMe } from "../../../services/me";

/** Closing the wallet: what happens to the money first, then the PIN. The server decides; its refusal stays on the page. */
Component({
  data: {
    s: {} as Record<string, string>,
    theme: "page",
    lang: "zh-CN" as Lang,
    state: "loading" as LoadState,
    status: "" as "" | "none" | "active" | "frozen" | "closed",
    balanceText: "",
    canClose: false,
    step: "explain" as "explain" | "password" | "done",
    busy: false,
    refusal: "",
  },
  methods: {
    onShow() {
      applyView(this, "account");
      if (this.data.step !== "done") this.load();
    },
    onRetry() {
      this.setData({ state: "loading" });
      this.load();
    },
    async load() {
      const { s } = this.data;
      try {
        if (!(await getMe()).wallet) return this.setData({ state: "ready", status: "none" });
        const w = await getWallet();
        const total = w.balances.totalFen;
        this.setData({
          state: "ready",
          status: w.status,
          canClose: w.status !== "closed" && total === 0,
          balanceText: total === 0 ? s.walletEmpty! : fill(s.balanceLeft!, { amount: money(total) }),
        });
      } catch {
        this.setData({ state: "error" });
      }
    },
    onClose() {
      this.setData({ step: "password", refusal: "" });
    },
    onBack() {
      this.setData({ step: "explain" });
    },
    async onPin(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ busy: true });
      try {
        await closeWallet(e.detail.value);
        this.setData({ step: "done", status: "closed" });
      } catch (err) {
        const wrongPin = isApiError(err) && err.code === "PASSWORD_WRONG";
        this.setData({ refusal: friendlyMessage(err, this.data.lang), step: wrongPin ? "password" : "explain" });
        if (!wrongPin) await this.load();
      } finally {
        this.setData({ busy: false });
      }
    },
    onDismiss() {
      this.setData({ refusal: "" });
    },
    onHome() {
      wx.reLaunch({ url: "/pages/home/index" });
    },
  },
});
