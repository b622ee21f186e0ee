import { UserAction } from "../../lib/action";
import { friendlyMessage, isApiError, reasonText } from "../../lib/errors";
import { dateTime, money } from "../../lib/format";
import { fill, type Lang } from "../../lib/i18n";
import { relationLabel, relativeLabel } from "../../lib/labels";
import type { LoadState } from "../../lib/load";
import { applyView, go } from "../../lib/page";
import { priv } from "../../lib/priv";
import { askToBeTold } from "../../lib/subscribe";
import { getMe } from "../../services/me";
import { getTransferOptions, sendTransfer } from "../../services/transfers";
import type { TransferOptions } from "../../services/types";

// One UserAction per page: tapping again after a lost answer reuses its Idempotency-Key.
const local = (self: object) => priv(self, () => ({ action: new UserAction(), amountFen: 0 }));

interface Recipient {
  bindingId: string;
  name: string;
  label: string;
  canReceive: boolean;
  reason: string;
  aria: string;
}

Component({
  data: {
    s: {} as Record<string, string>,
    theme: "page",
    lang: "zh-CN" as Lang,
    state: "loading" as LoadState,
    needWallet: false,
    busy: false,
    step: "amount" as "amount" | "password",
    relatives: [] as Recipient[],
    bindingId: "",
    available: "",
    limitLine: "",
    minFen: 1,
    maxFen: 0,
    // A refusal that applies to every recipient (hours, a pending transfer, today's count…).
    blocked: "",
    opensText: "",
    pendingId: "",
    hint: "",
    // A refusal that came after the PIN: it stays until dismissed.
    refusal: "",
    memo: "",
    confirmTitle: "",
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (query.bindingId) this.setData({ bindingId: decodeURIComponent(query.bindingId) });
    },
    onShow() {
      applyView(this, "transfer");
      this.load();
    },
    onRetry() {
      this.setData({ state: "loading" });
      this.load();
    },
    async load() {
      try {
        // Without a wallet there is nothing to send from: say so instead of an error.
        if (!(await getMe()).wallet) return this.setData({ state: "ready", needWallet: true });
        this.show(await getTransferOptions());
      } catch {
        this.setData({ state: "error" });
      }
    },
    /** What the server says is possible, before any amount or PIN is asked for. */
    show(o: TransferOptions) {
      const { s, lang } = this.data;
      const relatives: Recipient[] = o.recipients.map((r) => {
        const relation = relationLabel(r.relation, lang);
        const region = r.regionName ?? "";
        const reason = r.canReceive ? "" : reasonText(r.reason, lang);
        const label = relativeLabel(r.maskedName, r.relation, lang, region);
        const aria = r.canReceive
          ? fill(s.recipientLabel!, { name: r.maskedName, relation, region })
          : fill(s.cannotReceive!, { name: r.maskedName, reason });
        return { bindingId: r.bindingId, name: r.maskedName, label, canReceive: r.canReceive, reason, aria };
      });
      // Never pre-select someone who cannot receive; the one asked for by the link if they can.
      const wanted = relatives.find((r) => r.bindingId === this.data.bindingId && r.canReceive);
      const choice = wanted ?? (relatives.filter((r) => r.canReceive).length === 1 ? relatives.find((r) => r.canReceive) : undefined);
      this.setData({
        state: relatives.length ? "ready" : "empty",
        needWallet: false,
        relatives,
        bindingId: o.blocked ? "" : (choice?.bindingId ?? ""),
        minFen: o.minFen,
        maxFen: o.maxFen,
        available: fill(s.available!, { amount: money(o.availableFen) }),
        limitLine: o.blocked ? "" : fill(s.limitLine!, { max: money(o.maxFen), count: o.remainingToday }),
        blocked: reasonText(o.blocked, lang),
        opensText: !o.openNow && o.opensAt ? fill(s.opensAt!, { time: dateTime(o.opensAt, lang) }) : "",
        pendingId: o.pendingTransferId ?? "",
        hint: "",
      });
    },
    onRecipient(e: WechatMiniprogram.TouchEvent) {
      const who = this.data.relatives.find((r) => r.bindingId === String(e.currentTarget.dataset.id));
      if (!who || this.data.blocked) return;
      // A greyed recipient says why instead of being chosen.
      if (!who.canReceive) return this.setData({ hint: fill(this.data.s.cannotReceive!, { name: who.name, reason: who.reason }) });
      this.setData({ bindingId: who.bindingId, hint: "" });
    },
    onMemo(e: WechatMiniprogram.Input) {
      this.setData({ memo: e.detail.value });
    },
    onAmount(e: WechatMiniprogram.CustomEvent<{ amountFen: number }>) {
      const who = this.data.relatives.find((r) => r.bindingId === this.data.bindingId && r.canReceive);
      if (!who) return this.setData({ hint: this.data.s.chooseFirst! });
      local(this).amountFen = e.detail.amountFen;
      this.setData({
        step: "password",
        refusal: "",
        confirmTitle: fill(this.data.s.confirmTitle!, { name: who.name, amount: money(e.detail.amountFen) }),
      });
    },
    onBack() {
      this.setData({ step: "amount" });
    },
    async onPin(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const l = local(this);
      const memo = this.data.memo.trim();
      // Still inside the tap of the last digit: the only moment WeChat lets a page ask.
      askToBeTold("transferSent");
      this.setData({ busy: true });
      try {
        const t = await sendTransfer(
          { bindingId: this.data.bindingId, amountFen: l.amountFen, paymentPassword: e.detail.value, ...(memo ? { memo } : {}) },
          l.action,
        );
        wx.showToast({ title: this.data.s.sent!, icon: "none" });
        wx.redirectTo({ url: `/pages/transfer/receipt/index?id=${encodeURIComponent(t.id)}` });
      } catch (err) {
        const refusal = friendlyMessage(err, this.data.lang);
        // A wrong PIN keeps the pad for another try; anything else goes back to the amount, with what is possible now.
        const wrongPin = isApiError(err) && err.code === "PASSWORD_WRONG";
        this.setData({ refusal, step: wrongPin ? "password" : "amount" });
        if (!wrongPin) await this.load();
      } finally {
        this.setData({ busy: false });
      }
    },
    onDismiss() {
      this.setData({ refusal: "" });
    },
    onSeePending() {
      if (this.data.pendingId) go(`/pages/transfer/receipt/index?id=${encodeURIComponent(this.data.pendingId)}`);
    },
    onAddRelative() {
      go("/pages/relatives/index");
    },
    onOpenWallet() {
      go("/pages/wallet/index");
    },
  },
});
