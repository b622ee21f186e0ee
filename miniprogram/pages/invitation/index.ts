import { isApiError } from "../../lib/errors";
import { faceToken } from "../../lib/face";
import { dateTime } from "../../lib/format";
import { fill, type Lang } from "../../lib/i18n";
import { relationLabel, statusLabel } from "../../lib/labels";
import { applyView } from "../../lib/page";
import { priv } from "../../lib/priv";
import { getMe, verifyRealName } from "../../services/me";
import { acceptInvitation, declineInvitation, getInvitation } from "../../services/relatives";
import type { Invitation } from "../../services/types";

type State = "loading" | "missing" | "pending" | "closed" | "accepted" | "declined";

const local = (self: object) => priv(self, () => ({ code: "", idNumber: "", idValid: false, invitation: null as Invitation | null }));

Component({
  data: {
    s: {} as Record<string, string>,
    theme: "page",
    lang: "zh-CN" as Lang,
    state: "loading" as State,
    busy: false,
    name: "",
    invitedBy: "",
    relationLine: "",
    expires: "",
    statusText: "",
    message: "",
  },
  methods: {
    /** Opened from the share card: /pages/invitation/index?code=XXXX */
    onLoad(query: Record<string, string | undefined>) {
      local(this).code = decodeURIComponent(query.code ?? "").trim();
      applyView(this, "invitation");
      this.load();
    },
    onShow() {
      applyView(this, "invitation");
      const inv = local(this).invitation;
      if (inv) this.render(inv);
    },
    async load() {
      const { code } = local(this);
      if (!code) return this.setData({ state: "missing", message: this.data.s.noCode! });
      try {
        const inv = await getInvitation(code);
        local(this).invitation = inv;
        this.render(inv);
        this.setData({ state: inv.status === "pending" ? "pending" : "closed" });
      } catch (e) {
        if (isApiError(e) && e.status === 404) this.setData({ state: "missing", message: this.data.s.notFound! });
      }
    },
    render(inv: Invitation) {
      const { s, lang } = this.data;
      this.setData({
        invitedBy: fill(s.invitedBy!, { name: inv.inviter?.maskedName ?? "" }),
        relationLine: fill(s.relationLine!, { relation: relationLabel(inv.inverseRelation ?? "", lang) }),
        expires: fill(s.expires!, { time: dateTime(inv.expiresAt, lang) }),
        statusText: statusLabel(inv.status, lang),
      });
    },
    onName(e: WechatMiniprogram.Input) {
      this.setData({ name: e.detail.value.trim() });
    },
    onId(e: WechatMiniprogram.CustomEvent<{ value: string; valid: boolean }>) {
      Object.assign(local(this), { idNumber: e.detail.value, idValid: e.detail.valid });
    },
    /** The invited person proves who they are first: the invitation names them. */
    async ensureVerified(): Promise<boolean> {
      const l = local(this);
      const me = await getMe();
      if (me.user.realNameVerified) return true;
      if (!this.data.name || !l.idValid) {
        wx.showToast({ title: this.data.s.required!, icon: "none" });
        return false;
      }
      await verifyRealName({ name: this.data.name, idNumber: l.idNumber, faceToken: await faceToken(this.data.name, l.idNumber) });
      return true;
    },
    async onAccept() {
      const l = local(this);
      const { name, s } = this.data;
      if (!name || !l.idValid) {
        wx.showToast({ title: s.required!, icon: "none" });
        return;
      }
      this.setData({ busy: true });
      try {
        if (!(await this.ensureVerified())) return;
        await acceptInvitation(l.code, await faceToken(name, l.idNumber));
        this.setData({ state: "accepted", message: s.accepted!, statusText: statusLabel("accepted", this.data.lang) });
      } catch {
        // request() explains (not for you, expired, face check failed); the user may try again.
      } finally {
        this.setData({ busy: false });
      }
    },
    onDecline() {
      wx.showModal({
        content: this.data.s.declineConfirm!,
        success: async (r) => {
          if (!r.confirm) return;
          this.setData({ busy: true });
          try {
            if (!(await this.ensureVerified())) return;
            await declineInvitation(local(this).code);
            this.setData({ state: "declined", message: this.data.s.declined!, statusText: statusLabel("declined", this.data.lang) });
          } catch {
            // Shown by request().
          } finally {
            this.setData({ busy: false });
          }
        },
      });
    },
    onHome() {
      wx.reLaunch({ url: "/pages/home/index" });
    },
  },
});
