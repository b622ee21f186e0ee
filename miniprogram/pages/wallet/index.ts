import { regionName } from "../../lib/regions";
import { friendlyMessage } from "../../lib/errors";
import { faceToken } from "../../lib/face";
import { money } from "../../lib/format";
import type { Lang } from "../../lib/i18n";
import { applyView } from "../../lib/page";
import { weakPin } from "../../lib/pin-rules";
import { priv } from "../../lib/priv";
import { getMe, verifyRealName } from "../../services/me";
import { getAgreement, openWallet } from "../../services/wallet";

type Step = "loading" | "realName" | "agreement" | "password" | "confirm" | "done";

// Kept out of data: the ID number, the face token and the first PIN entry.
const secrets = (self: object) => priv(self, () => ({ idNumber: "", idValid: false, faceToken: "", firstPin: "", agreementVersion: "" }));

Component({
  data: {
    s: {} as Record<string, string>,
    theme: "page",
    lang: "zh-CN" as Lang,
    step: "loading" as Step,
    busy: false,
    name: "",
    knowIdentity: false,
    agreed: false,
    agreementTitle: "",
    agreementText: "",
    regionCode: "",
    regionName: "",
    phone: "",
    error: "",
    alreadyOpen: false,
    total: "",
  },
  methods: {
    onLoad() {
      applyView(this, "wallet");
      this.start();
    },
    onShow() {
      applyView(this, "wallet");
    },
    async start() {
      try {
        const me = await getMe();
        if (me.wallet) {
          this.setData({ step: "done", alreadyOpen: true });
          return;
        }
        if (!me.user.realNameVerified) {
          this.setData({ step: "realName" });
          return;
        }
        this.setData({ regionCode: me.person?.regionCode ?? "", regionName: await regionName(me.person?.regionCode) });
        await this.toAgreement();
      } catch {
        // request() has shown the reason; the page stays on its loading line.
      }
    },
    async toAgreement() {
      const a = await getAgreement();
      secrets(this).agreementVersion = a.version;
      const en = this.data.lang === "en";
      this.setData({ step: "agreement", agreementTitle: en && a.titleEn ? a.titleEn : a.title, agreementText: a.text, error: "" });
    },
    onName(e: WechatMiniprogram.Input) {
      this.setData({ name: e.detail.value.trim() });
    },
    onId(e: WechatMiniprogram.CustomEvent<{ value: string; valid: boolean }>) {
      const sec = secrets(this);
      sec.idNumber = e.detail.value;
      sec.idValid = e.detail.valid;
    },
    onPhone(e: WechatMiniprogram.Input) {
      this.setData({ phone: e.detail.value.trim() });
    },
    onToggleAgree() {
      this.setData({ agreed: !this.data.agreed, error: "" });
    },
    async onVerify() {
      const sec = secrets(this);
      if (!this.data.name || !sec.idValid) {
        wx.showToast({ title: this.data.s.required!, icon: "none" });
        return;
      }
      this.setData({ busy: true });
      try {
        const token = await faceToken(this.data.name, sec.idNumber);
        const r = await verifyRealName({ name: this.data.name, idNumber: sec.idNumber, faceToken: token });
        this.setData({ knowIdentity: true, regionCode: r.person.regionCode, regionName: await regionName(r.person.regionCode) });
        await this.toAgreement();
      } catch {
        // Shown by request(); the user corrects the form and tries again.
      } finally {
        this.setData({ busy: false });
      }
    },
    async onFace() {
      const sec = secrets(this);
      const { s } = this.data;
      if (!this.data.agreed) return this.setData({ error: s.mustAgree! });
      if (this.data.phone && !/^1\d{10}$/.test(this.data.phone)) return this.setData({ error: s.phoneInvalid! });
      if (!sec.idValid || !this.data.name) return this.setData({ error: s.required! });
      this.setData({ busy: true, error: "" });
      try {
        sec.faceToken = await faceToken(this.data.name, sec.idNumber);
        this.setData({ step: "password" });
      } catch (e) {
        this.setData({ error: friendlyMessage(e, this.data.lang) });
      } finally {
        this.setData({ busy: false });
      }
    },
    async onPin(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const sec = secrets(this);
      const pin = e.detail.value;
      if (this.data.step === "password") {
        if (weakPin(pin)) return this.setData({ error: this.data.s.passwordWeak! });
        sec.firstPin = pin;
        return this.setData({ step: "confirm", error: "" });
      }
      if (pin !== sec.firstPin) {
        sec.firstPin = "";
        return this.setData({ step: "password", error: this.data.s.passwordMismatch! });
      }
      sec.firstPin = "";
      this.setData({ busy: true });
      try {
        const { wallet } = await openWallet({
          agreementVersion: sec.agreementVersion,
          faceToken: sec.faceToken,
          paymentPassword: pin,
          phone: this.data.phone || undefined,
        });
        this.setData({ step: "done", total: money(wallet.balances.totalFen) });
      } catch {
        // A PIN the server refuses (e.g. the birth date) is set again; the toast says why.
        this.setData({ step: "password" });
      } finally {
        this.setData({ busy: false });
      }
    },
    onHome() {
      wx.reLaunch({ url: "/pages/home/index" });
    },
  },
});
