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
    returns: [] as string[],
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
          canClose: w.status === "active",
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
        const { closure } = await closeWallet(e.detail.value);
        const { s } = this.data;
        const status = (x: "pending" | "confirmed" | "rejected") => s[x]!;
        const returns: string[] = [];
        const pa = closure.personalAccount;
        if (pa) returns.push(fill(s.toAccount!, { amount: money(pa.amountFen), region: pa.regionName, status: status(pa.status) }));
        for (const x of closure.senders)
          returns.push(fill(s.toSender!, { amount: money(x.amountFen), name: x.maskedName, status: status(x.status) }));
        this.setData({ step: "done", status: "closed", returns });
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
