import { UserAction } from "../../lib/action";
import { money } from "../../lib/format";
import { fill, type Lang } from "../../lib/i18n";
import { relationLabel } from "../../lib/labels";
import { applyView, go } from "../../lib/page";
import { priv } from "../../lib/priv";
import { getMe } from "../../services/me";
import { listRelatives } from "../../services/relatives";
import { sendTransfer } from "../../services/transfers";
import { getWallet } from "../../services/wallet";

// One UserAction per page: tapping again after a lost answer reuses its Idempotency-Key.
const local = (self: object) => priv(self, () => ({ action: new UserAction(), amountFen: 0 }));

Component({
  data: {
    s: {} as Record<string, string>,
    theme: "page",
    lang: "zh-CN" as Lang,
    loading: true,
    needWallet: false,
    busy: false,
    step: "amount" as "amount" | "password",
    relatives: [] as { bindingId: string; label: string; name: string; hasWallet: boolean }[],
    bindingId: "",
    available: "",
    maxFen: 0,
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
    async load() {
      const lang = this.data.lang;
      try {
        // Without a wallet there is nothing to send from: say so instead of an error.
        if (!(await getMe()).wallet) return this.setData({ loading: false, needWallet: true });
        const [{ items }, wallet] = await Promise.all([listRelatives(), getWallet()]);
        const relatives = items.map((r) => ({
          bindingId: r.bindingId,
          name: r.relative.maskedName,
          label: `${r.relative.maskedName}（${relationLabel(r.relation, lang)}）${r.hasWallet ? "" : ` · ${this.data.s.noWallet}`}`,
          hasWallet: r.hasWallet,
        }));
        const spendable = wallet.balances.ownFen + wallet.balances.receivedFen;
        const chosen = relatives.find((r) => r.bindingId === this.data.bindingId && r.hasWallet);
        this.setData({
          loading: false,
          relatives,
          bindingId: chosen ? chosen.bindingId : (relatives.find((r) => r.hasWallet)?.bindingId ?? ""),
          maxFen: spendable,
          available: fill(this.data.s.available!, { amount: money(spendable) }),
        });
      } catch {
        this.setData({ loading: false });
      }
    },
    onRecipient(e: WechatMiniprogram.TouchEvent) {
      if (e.currentTarget.dataset.ok) this.setData({ bindingId: String(e.currentTarget.dataset.id) });
    },
    onMemo(e: WechatMiniprogram.Input) {
      this.setData({ memo: e.detail.value });
    },
    onAmount(e: WechatMiniprogram.CustomEvent<{ amountFen: number }>) {
      const who = this.data.relatives.find((r) => r.bindingId === this.data.bindingId);
      if (!who) {
        wx.showToast({ title: this.data.s.required!, icon: "none" });
        return;
      }
      local(this).amountFen = e.detail.amountFen;
      this.setData({ step: "password", confirmTitle: fill(this.data.s.confirmTitle!, { name: who.name, amount: money(e.detail.amountFen) }) });
    },
    onBack() {
      this.setData({ step: "amount" });
    },
    async onPin(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const l = local(this);
      const memo = this.data.memo.trim();
      this.setData({ busy: true });
      try {
        const t = await sendTransfer(
          { bindingId: this.data.bindingId, amountFen: l.amountFen, paymentPassword: e.detail.value, ...(memo ? { memo } : {}) },
          l.action,
        );
        wx.showToast({ title: this.data.s.sent!, icon: "none" });
        wx.redirectTo({ url: `/pages/transfer/receipt/index?id=${encodeURIComponent(t.id)}` });
      } catch {
        // request() shows why (wrong PIN with the tries left, limits, hours…); the PIN pad stays for another try.
      } finally {
        this.setData({ busy: false });
      }
    },
    onAddRelative() {
      go("/pages/relatives/index");
    },
    onOpenWallet() {
      go("/pages/wallet/index");
    },
  },
});
