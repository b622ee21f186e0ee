import { checkIdNumber, idFeedback, normalizeId } from "../../lib/id-check";
import { DEFAULT_LANG, isLang, strings } from "../../lib/i18n";
import { beijingToday } from "../../lib/page";

/** An ID-number field that checks GB 11643 while the user types. Emits `change` {value, valid}. */
Component({
  options: { styleIsolation: "apply-shared" },
  properties: {
    lang: { type: String, value: DEFAULT_LANG },
  },
  data: { s: strings("pad", DEFAULT_LANG), value: "", feedback: "", state: "" },
  observers: {
    lang(lang: string) {
      this.setData({ s: strings("pad", isLang(lang) ? lang : DEFAULT_LANG) });
    },
  },
  methods: {
    onInput(e: WechatMiniprogram.Input) {
      const value = normalizeId(e.detail.value);
      const check = checkIdNumber(value, beijingToday());
      this.setData({ value, ...idFeedback(check, this.data.s) });
      this.triggerEvent("change", { value, valid: check.state === "ok" });
    },
    clear() {
      this.setData({ value: "", feedback: "", state: "" });
    },
  },
});
