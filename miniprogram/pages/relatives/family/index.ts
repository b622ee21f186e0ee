import { faceToken } from "../../../lib/face";
import { friendlyMessage, isApiError } from "../../../lib/errors";
import { money } from "../../../lib/format";
import { fill, type Lang } from "../../../lib/i18n";
import { relativeLabel } from "../../../lib/labels";
import type { LoadState } from "../../../lib/load";
import { applyView, confirmModal } from "../../../lib/page";
import { priv } from "../../../lib/priv";
import { checkQuota, quotaRules, quotaView, type QuotaInput, type QuotaView } from "../../../lib/quota";
import { getCareAccess, getQuotas, revokeQuota, setCareAccess, setQuota } from "../../../services/family";
import { listRelatives } from "../../../services/relatives";

const yuan = (fen: number) => (fen / 100).toFixed(2);

type Step = "view" | "form" | "pin" | "face";

// The amounts confirmed before the PIN, and the ID number typed for the face check: kept out of data.
const local = (self: object) => priv(self, () => ({ input: null as QuotaInput | null, idNumber: "", idValid: false }));

Component({
  data: {
    s: {} as Record<string, string>,
    theme: "page",
    lang: "zh-CN" as Lang,
    state: "loading" as LoadState,
    bindingId: "",
    name: "",
    who: "",
    quota: null as QuotaView | null,
    // The current amounts, to start a change from them (yuan text the form accepts).
    current: { annual: "", per: "" },
    step: "view" as Step,
    rules: [] as string[],
    annualText: "",
    perText: "",
    formError: "",
    confirmTitle: "",
    confirmPer: "",
    // A refusal that came after the PIN: it stays until dismissed.
    refusal: "",
    showsMyCode: false,
    iShowTheirCode: false,
    careLine: "",
    iCareLine: "",
    myName: "",
    busy: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ bindingId: decodeURIComponent(query.bindingId ?? "") });
    },
    onShow() {
      const v = applyView(this, "family");
      this.setData({ rules: quotaRules(v.s) });
      this.load();
    },
    onRetry() {
      this.setData({ state: "loading" });
      this.load();
    },
    async load() {
      const { s, lang, bindingId } = this.data;
      try {
        const [relatives, quotas, care] = await Promise.all([listRelatives(true), getQuotas(), getCareAccess()]);
        const r = relatives.items.find((x) => x.bindingId === bindingId);
        if (!r) return this.setData({ state: "empty" });
        const name = r.relative.maskedName;
        const q = quotas.granted.find((x) => x.bindingId === bindingId);
        const showsMyCode = care.carers.some((c) => c.bindingId === bindingId);
        const iShowTheirCode = care.caringFor.some((c) => c.bindingId === bindingId);
        this.setData({
          state: "ready",
          name,
          who: relativeLabel(name, r.relation, lang),
          quota: q ? quotaView(q, s) : null,
          current:
            q?.status === "active"
              ? { annual: yuan(q.annualFen), per: q.perPaymentFen === null ? "" : yuan(q.perPaymentFen) }
              : { annual: "", per: "" },
          showsMyCode,
          iShowTheirCode,
          careLine: fill(showsMyCode ? s.careOn! : s.careOff!, { name }),
          iCareLine: iShowTheirCode ? fill(s.iCare!, { name }) : "",
        });
      } catch {
        // Never "no allowance" when the answer did not come.
        this.setData({ state: "error" });
      }
    },
    onEdit() {
      const { annual, per } = this.data.current;
      this.setData({ step: "form", formError: "", refusal: "", annualText: annual, perText: per });
    },
    onAnnual(e: WechatMiniprogram.Input) {
      this.setData({ annualText: e.detail.value.trim(), formError: "" });
    },
    onPer(e: WechatMiniprogram.Input) {
      this.setData({ perText: e.detail.value.trim(), formError: "" });
    },
    /** The rules decide before the PIN is asked for. */
    onNext() {
      const { s, name } = this.data;
      const checked = checkQuota(this.data.annualText, this.data.perText);
      if ("error" in checked) return this.setData({ formError: s[checked.error]! });
      local(this).input = checked.ok;
      const per = checked.ok.perPaymentFen;
      this.setData({
        step: "pin",
        formError: "",
        refusal: "",
        confirmTitle: fill(s.confirmQuota!, { name, amount: money(checked.ok.annualFen) }),
        confirmPer: per === null ? s.quotaPerNone! : fill(s.quotaPer!, { amount: money(per) }),
      });
    },
    onBack() {
      this.setData({ step: "form" });
    },
    onCancelForm() {
      this.setData({ step: "view", formError: "" });
    },
    async onPin(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const input = local(this).input;
      if (!input || this.data.busy) return;
      this.setData({ busy: true });
      try {
        await setQuota(this.data.bindingId, { ...input, paymentPassword: e.detail.value });
        wx.showToast({ title: this.data.s.saved!, icon: "success" });
        this.setData({ step: "view", annualText: "", perText: "" });
        await this.load();
      } catch (err) {
        // A wrong PIN keeps the pad for another try; anything else goes back to the form.
        const wrongPin = isApiError(err) && err.code === "PASSWORD_WRONG";
        this.setData({ refusal: friendlyMessage(err, this.data.lang), step: wrongPin ? "pin" : "form" });
      } finally {
        this.setData({ busy: false });
      }
    },
    onDismiss() {
      this.setData({ refusal: "" });
    },
    async onRevoke() {
      const { s, name } = this.data;
      if (!(await confirmModal(fill(s.revokeConfirm!, { name })))) return;
      try {
        await revokeQuota(this.data.bindingId);
        wx.showToast({ title: s.revoked!, icon: "none" });
        await this.load();
      } catch {
        // Shown by request().
      }
    },
    onGrantCare() {
      this.setData({ step: "face" });
    },
    onMyName(e: WechatMiniprogram.Input) {
      this.setData({ myName: e.detail.value.trim() });
    },
    onMyId(e: WechatMiniprogram.CustomEvent<{ value: string; valid: boolean }>) {
      Object.assign(local(this), { idNumber: e.detail.value, idValid: e.detail.valid });
    },
    async onFace() {
      const l = local(this);
      const { s } = this.data;
      if (!this.data.myName || !l.idValid) {
        wx.showToast({ title: s.required!, icon: "none" });
        return;
      }
      this.setData({ busy: true });
      try {
        await setCareAccess(this.data.bindingId, { granted: true, faceToken: await faceToken(this.data.myName, l.idNumber) });
        wx.showToast({ title: s.careGranted!, icon: "success" });
        Object.assign(l, { idNumber: "", idValid: false });
        this.setData({ step: "view", myName: "" });
        await this.load();
      } catch (err) {
        // request() has said why the server refused; a face check that could not start is said here.
        if (!isApiError(err)) wx.showToast({ title: s.faceUnavailable!, icon: "none" });
      } finally {
        this.setData({ busy: false });
      }
    },
    async onStopCare(e: WechatMiniprogram.TouchEvent) {
      const side = e.currentTarget.dataset.side === "carer" ? "carer" : "person";
      const { s, name } = this.data;
      if (!(await confirmModal(fill(side === "person" ? s.careStopConfirm! : s.iCareStopConfirm!, { name })))) return;
      try {
        await setCareAccess(this.data.bindingId, { granted: false, side });
        wx.showToast({ title: s.careStopped!, icon: "none" });
        await this.load();
      } catch {
        // Shown by request().
      }
    },
  },
});
