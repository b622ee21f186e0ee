import { UserAction } from "../../lib/action";
import { friendlyMessage, isApiError } from "../../lib/errors";
import { currentYear, date, dateTime, money } from "../../lib/format";
import { fill, type Lang } from "../../lib/i18n";
import { relativeLabel } from "../../lib/labels";
import { applyView } from "../../lib/page";
import { priv } from "../../lib/priv";
import { showError } from "../../lib/request";
import { getQuote, payPremium, type PremiumKind } from "../../services/premiums";
import { listRelatives } from "../../services/relatives";
import type { Quote } from "../../services/types";

const local = (self: object) => priv(self, () => ({ action: new UserAction(), quote: null as Quote | null }));

interface ReceiptLike {
  receiptNo: string;
  amountFen: number;
  paidAt?: string;
  beneficiary?: { maskedName: string };
  paidFrom?: { ownFen: number; receivedFen: number };
}

Component({
  data: {
    s: {} as Record<string, string>,
    theme: "page",
    lang: "zh-CN" as Lang,
    step: "quote" as "quote" | "password" | "receipt",
    loading: true,
    busy: false,
    beneficiaries: [] as { value: string; label: string }[],
    beneficiary: "self",
    kinds: [] as { value: string; label: string }[],
    kind: "resident_medical" as PremiumKind,
    years: [] as number[],
    year: 0,
    quote: null as null | Record<string, unknown>,
    unavailable: "",
    confirmTitle: "",
    receipt: {} as Record<string, unknown>,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (query.beneficiary) this.setData({ beneficiary: decodeURIComponent(query.beneficiary) });
    },
    onShow() {
      const { s, lang } = applyView(this, "premium");
      const y = currentYear();
      this.setData({
        kinds: (["resident_medical", "long_term_care"] as const).map((k) => ({ value: k, label: s[`kind_${k}`]! })),
        years: [y, y + 1],
      });
      this.loadBeneficiaries(lang).then(() => this.quote());
    },
    async loadBeneficiaries(lang: Lang) {
      const list = [{ value: "self", label: this.data.s.self! }];
      try {
        const { items } = await listRelatives();
        for (const r of items) list.push({ value: r.bindingId, label: relativeLabel(r.relative.maskedName, r.relation, lang) });
      } catch {
        // Paying for oneself still works without the list.
      }
      this.setData({ beneficiaries: list });
    },
    /** Without a chosen year the server picks the schedule whose window is current. */
    async quote() {
      const { s, lang } = this.data;
      this.setData({ loading: true, quote: null, unavailable: "" });
      try {
        const q = await getQuote({ beneficiary: this.data.beneficiary, kind: this.data.kind, year: this.data.year || undefined });
        local(this).quote = q;
        const payable = q.open && !q.alreadyPaid;
        this.setData({
          loading: false,
          year: q.year,
          quote: {
            name: q.beneficiary?.maskedName ?? "",
            amount: money(q.amountFen),
            window: fill(s.windowRange!, { start: date(q.window.start, lang), end: date(q.window.end, lang) }),
            payable,
            hasReceipt: q.alreadyPaid && !!q.receipt,
            stateText: q.alreadyPaid ? s.alreadyPaid : q.open ? s.windowOpen : s.windowClosed,
          },
        });
      } catch (e) {
        this.setData({ loading: false, unavailable: isApiError(e) && e.status < 500 ? friendlyMessage(e, lang) : s.notAvailable! });
      }
    },
    onBeneficiary(e: WechatMiniprogram.TouchEvent) {
      this.setData({ beneficiary: String(e.currentTarget.dataset.value), year: 0 });
      this.quote();
    },
    onKind(e: WechatMiniprogram.TouchEvent) {
      this.setData({ kind: e.currentTarget.dataset.value as PremiumKind, year: 0 });
      this.quote();
    },
    onYear(e: WechatMiniprogram.TouchEvent) {
      this.setData({ year: Number(e.currentTarget.dataset.value) });
      this.quote();
    },
    onViewReceipt() {
      const q = local(this).quote;
      if (q?.receipt) this.showReceipt({ ...q.receipt, beneficiary: q.beneficiary }, this.data.s.alreadyPaid!);
    },
    onPay() {
      const q = local(this).quote;
      if (q) this.setData({ step: "password", confirmTitle: fill(this.data.s.confirmTitle!, { amount: money(q.amountFen) }) });
    },
    onBack() {
      this.setData({ step: "quote" });
      this.quote();
    },
    async onPin(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const l = local(this);
      const q = l.quote;
      if (!q) return;
      this.setData({ busy: true });
      try {
        const r = await payPremium(
          { beneficiary: this.data.beneficiary, year: q.year, kind: this.data.kind, paymentPassword: e.detail.value },
          l.action,
        );
        this.showReceipt(r, this.data.s.paid!);
      } catch (err) {
        // Paid already (this or another device): the first receipt is the answer, not an error.
        const receipt = isApiError(err) && err.code === "PREMIUM_ALREADY_PAID" ? (err.body.receipt as ReceiptLike | undefined) : undefined;
        if (receipt) this.showReceipt({ ...receipt, beneficiary: q.beneficiary }, this.data.s.alreadyPaid!);
        else showError(err);
      } finally {
        this.setData({ busy: false });
      }
    },
    showReceipt(r: ReceiptLike, title: string) {
      const lang = this.data.lang;
      this.setData({
        step: "receipt",
        receipt: {
          title,
          amount: money(r.amountFen),
          name: r.beneficiary?.maskedName ?? "",
          receiptNo: r.receiptNo,
          paidAt: r.paidAt ? dateTime(r.paidAt, lang) : "",
          own: r.paidFrom ? money(r.paidFrom.ownFen) : "",
          received: r.paidFrom ? money(r.paidFrom.receivedFen) : "",
        },
      });
    },
  },
});
