import { date, dateTime } from "../../lib/format";
import { fill, type Lang } from "../../lib/i18n";
import { insuranceLabel, relationLabel, RELATIONS, relativeLabel } from "../../lib/labels";
import type { LoadState } from "../../lib/load";
import { applyView, go, confirmModal } from "../../lib/page";
import { priv } from "../../lib/priv";
import { quotaView } from "../../lib/quota";
import { askToBeTold } from "../../lib/subscribe";
import { getQuotas } from "../../services/family";
import {
  addMinor,
  cancelInvitation,
  resendInvitation,
  invite,
  listPendingInvitations,
  listRelatives,
  unbind,
} from "../../services/relatives";
import type { Relation } from "../../services/types";

export function invitationPath(code: string): string {
  return `/pages/invitation/index?code=${encodeURIComponent(code)}`;
}

const form = (self: object) => priv(self, () => ({ idNumber: "", idValid: false }));

Component({
  data: {
    s: {} as Record<string, string>,
    theme: "page",
    lang: "zh-CN" as Lang,
    state: "loading" as LoadState,
    busy: false,
    items: [] as Record<string, unknown>[],
    // Invitations still waiting for the relative: share again, copy, withdraw.
    pending: [] as { code: string; text: string; expiresText: string; shareLabel: string; withdrawLabel: string; resendLabel: string }[],
    relations: [] as { value: string; label: string }[],
    relation: "" as Relation | "",
    canBeMinor: false,
    minor: false,
    name: "",
    invitation: null as null | { code: string; expiresText: string },
  },
  methods: {
    onShow() {
      const v = applyView(this, "relatives");
      this.setData({ relations: RELATIONS.map((r) => ({ value: r, label: relationLabel(r, v.lang) })) });
      this.load();
    },
    async load() {
      const { lang, s } = this.data;
      try {
        const [{ items }, invitations, quotas] = await Promise.all([listRelatives(true), listPendingInvitations(), getQuotas()]);
        const given = new Map(quotas.granted.map((q) => [q.bindingId, quotaView(q, s).summary]));
        const shown = this.data.invitation?.code;
        this.setData({
          state: items.length ? "ready" : "empty",
          pending: invitations.items
            .filter((i) => i.code !== shown)
            .map((i) => {
              const who = relativeLabel(i.invitee.maskedName, i.relation, lang);
              return {
                code: i.code,
                text: fill(s.pendingLine!, { who }),
                expiresText: fill(s.invitationExpires!, { time: dateTime(i.expiresAt, lang) }),
                shareLabel: fill(s.shareAgainLabel!, { who }),
                withdrawLabel: fill(s.withdrawLabel!, { who }),
                resendLabel: fill(s.resendLabel!, { who }),
              };
            }),
          items: items.map((r) => ({
            bindingId: r.bindingId,
            maskedName: r.relative.maskedName,
            relationLabel: relationLabel(r.relation, lang),
            insuranceLabel: insuranceLabel(r.relative.insurance, lang),
            hasWallet: r.hasWallet,
            sinceText: fill(this.data.s.since!, { date: date(r.since, lang) }),
            quotaText: fill(s.quotaLine!, { state: given.get(r.bindingId) || s.quotaNone! }),
            familyLabel: fill(s.familyLabel!, { name: r.relative.maskedName }),
          })),
        });
      } catch {
        // Never "no relatives yet" when the answer did not come.
        this.setData({ state: "error" });
      }
    },
    onRetry() {
      this.setData({ state: "loading" });
      this.load();
    },
    onRelation(e: WechatMiniprogram.TouchEvent) {
      const relation = e.currentTarget.dataset.value as Relation;
      const canBeMinor = relation === "child" || relation === "grandchild";
      this.setData({ relation, canBeMinor, minor: canBeMinor && this.data.minor });
    },
    onName(e: WechatMiniprogram.Input) {
      this.setData({ name: e.detail.value.trim() });
    },
    onId(e: WechatMiniprogram.CustomEvent<{ value: string; valid: boolean }>) {
      Object.assign(form(this), { idNumber: e.detail.value, idValid: e.detail.valid });
    },
    onToggleMinor() {
      this.setData({ minor: !this.data.minor });
    },
    async onInvite() {
      const f = form(this);
      const { relation, name, s } = this.data;
      if (!relation || !name || !f.idValid) {
        wx.showToast({ title: s.required!, icon: "none" });
        return;
      }
      const asMinor = this.data.minor && (relation === "child" || relation === "grandchild");
      // Still inside the tap: the only moment WeChat lets a page ask to notify about the answer.
      if (!asMinor) askToBeTold("invitationCreated");
      this.setData({ busy: true });
      try {
        if (this.data.minor && (relation === "child" || relation === "grandchild")) {
          await addMinor({ relation, name, idNumber: f.idNumber });
          wx.showToast({ title: s.minorAdded!, icon: "success" });
        } else {
          const inv = await invite({ relation, name, idNumber: f.idNumber });
          this.setData({
            invitation: { code: inv.code, expiresText: fill(s.invitationExpires!, { time: dateTime(inv.expiresAt, this.data.lang) }) },
          });
          wx.showToast({ title: s.invitationCreated!, icon: "success" });
          wx.pageScrollTo({ selector: "#invitation", duration: 300 });
        }
        this.setData({ name: "", relation: "", minor: false, canBeMinor: false });
        this.selectComponent("#relative-id")?.clear?.();
        Object.assign(f, { idNumber: "", idValid: false });
        await this.load();
      } catch {
        // request() explains (relation not allowed, not insured, limit…); the form keeps its values.
      } finally {
        this.setData({ busy: false });
      }
    },
    onCopy(e?: WechatMiniprogram.TouchEvent) {
      const code = String(e?.currentTarget?.dataset?.code ?? this.data.invitation?.code ?? "");
      if (code) wx.setClipboardData({ data: code, success: () => wx.showToast({ title: this.data.s.copied!, icon: "none" }) });
    },
    async onCancelInvite(e?: WechatMiniprogram.TouchEvent) {
      const code = String(e?.currentTarget?.dataset?.code ?? this.data.invitation?.code ?? "");
      if (!code) return;
      try {
        await cancelInvitation(code);
        if (this.data.invitation?.code === code) this.setData({ invitation: null });
        wx.showToast({ title: this.data.s.cancelled!, icon: "none" });
        await this.load();
      } catch {
        // Shown by request().
      }
    },
    /** Another 7 days with the same code; the card can then be shared again. */
    async onResend(e: WechatMiniprogram.TouchEvent) {
      const code = String(e.currentTarget.dataset.code ?? "");
      if (!code) return;
      try {
        const r = await resendInvitation(code);
        wx.showToast({ title: fill(this.data.s.resent!, { time: dateTime(r.expiresAt, this.data.lang) }), icon: "none" });
        await this.load();
      } catch {
        // Shown by request() (answered or withdrawn meanwhile); the list below says what is true now.
        await this.load();
      }
    },
    async onUnbind(e: WechatMiniprogram.TouchEvent) {
      const { id, name } = e.currentTarget.dataset as { id: string; name: string };
      if (!(await confirmModal(fill(this.data.s.unbindConfirm!, { name })))) return;
      try {
        await unbind(id);
        wx.showToast({ title: this.data.s.unbound!, icon: "none" });
        await this.load();
      } catch {
        // Shown by request().
      }
    },
    onTransfer(e: WechatMiniprogram.TouchEvent) {
      // Only a relative with an open wallet can receive; the button is disabled for the others.
      if (!e.currentTarget.dataset.ok) return;
      go(`/pages/transfer/index?bindingId=${encodeURIComponent(String(e.currentTarget.dataset.id))}`);
    },
    onFamily(e: WechatMiniprogram.TouchEvent) {
      go(`/pages/relatives/family/index?bindingId=${encodeURIComponent(String(e.currentTarget.dataset.id))}`);
    },
    onPremium(e: WechatMiniprogram.TouchEvent) {
      go(`/pages/premium/index?beneficiary=${encodeURIComponent(String(e.currentTarget.dataset.id))}`);
    },
    onRules() {
      go("/pages/rules/index");
    },
    /** The card a relative opens lands on the invitation page with the code. */
    onShareAppMessage(res?: { from?: string; target?: { dataset?: Record<string, unknown> } }) {
      // A pending invitation's own "share again" button carries its code.
      const code = String(res?.target?.dataset?.code ?? this.data.invitation?.code ?? "");
      return {
        title: this.data.s.shareTitle,
        path: code ? invitationPath(code) : "/pages/home/index",
      };
    },
  },
});
