import { friendlyMessage } from "../../lib/errors";
import { isLang, type Lang } from "../../lib/i18n";
import { applyView } from "../../lib/page";
import { weakPin } from "../../lib/pin-rules";
import { priv } from "../../lib/priv";
import { saveSettings } from "../../lib/store";
import { changePassword } from "../../services/wallet";

type PinStep = "idle" | "old" | "new" | "confirm";

// The PINs typed so far: never in data.
const pins = (self: object) => priv(self, () => ({ old: "", fresh: "" }));

Component({
  data: {
    s: {} as Record<string, string>,
    theme: "page",
    lang: "zh-CN" as Lang,
    elderly: false,
    langs: [] as { value: Lang; label: string }[],
    pinStep: "idle" as PinStep,
    pinTitle: "",
    error: "",
  },
  methods: {
    onUsageRegion() {
      wx.navigateTo({ url: "/pages/account/usage/index" });
    },
    onCloseWallet() {
      wx.navigateTo({ url: "/pages/account/close/index" });
    },
    onShow() {
      this.refresh();
    },
    refresh() {
      const { s } = applyView(this, "settings");
      this.setData({
        langs: [
          { value: "zh-CN", label: s.lang_zhCN! },
          { value: "zh-TW", label: s.lang_zhTW! },
          { value: "en", label: s.lang_en! },
        ],
      });
      if (this.data.pinStep !== "idle") this.setStep(this.data.pinStep);
    },
    onLang(e: WechatMiniprogram.TouchEvent) {
      const value = e.currentTarget.dataset.value;
      if (!isLang(value)) return;
      saveSettings({ lang: value });
      this.refresh();
    },
    onElderly(e: WechatMiniprogram.SwitchChange) {
      saveSettings({ elderly: !!e.detail.value });
      this.refresh();
    },
    setStep(step: PinStep, error = "") {
      const { s } = this.data;
      const title = step === "old" ? s.oldPassword : step === "new" ? s.newPassword : step === "confirm" ? s.confirmPassword : "";
      this.setData({ pinStep: step, pinTitle: title ?? "", error });
    },
    onChangePassword() {
      Object.assign(pins(this), { old: "", fresh: "" });
      this.setStep("old");
    },
    onCancelChange() {
      Object.assign(pins(this), { old: "", fresh: "" });
      this.setStep("idle");
    },
    async onPin(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const p = pins(this);
      const pin = e.detail.value;
      const { s } = this.data;
      if (this.data.pinStep === "old") {
        p.old = pin;
        return this.setStep("new");
      }
      if (this.data.pinStep === "new") {
        if (pin === p.old) return this.setStep("new", s.passwordSame);
        if (weakPin(pin)) return this.setStep("new", s.passwordWeak);
        p.fresh = pin;
        return this.setStep("confirm");
      }
      if (pin !== p.fresh) {
        p.fresh = "";
        return this.setStep("new", s.passwordMismatch);
      }
      try {
        await changePassword(p.old, p.fresh);
        Object.assign(p, { old: "", fresh: "" });
        this.setStep("idle");
        wx.showToast({ title: s.passwordChanged!, icon: "success" });
      } catch (err) {
        // A wrong current PIN starts over from it, with the server's sentence (tries left, lock).
        Object.assign(p, { old: "", fresh: "" });
        this.setStep("old", friendlyMessage(err, this.data.lang));
      }
    },
  },
});
