import { fill, DEFAULT_LANG, isLang, strings } from "../../lib/i18n";
import { money, parseYuan } from "../../lib/format";
import { nextAmountText } from "../../lib/amount-input";

/** An amount keypad (yuan with at most two decimals). Emits `confirm` {amountFen}. */
Component({
  options: { styleIsolation: "apply-shared" },
  properties: {
    lang: { type: String, value: DEFAULT_LANG },
    label: { type: String, value: "" },
    min: { type: Number, value: 1 },
    max: { type: Number, value: 0 },
  },
  data: {
    s: strings("pad", DEFAULT_LANG),
    text: "",
    hint: "",
    keys: ["1", "2", "3", "4", "5", "6", "7", "8", "9", ".", "0", "del"],
  },
  observers: {
    lang(lang: string) {
      this.setData({ s: strings("pad", isLang(lang) ? lang : DEFAULT_LANG) });
    },
  },
  methods: {
    onKey(e: WechatMiniprogram.TouchEvent) {
      const next = nextAmountText(this.data.text, String(e.currentTarget.dataset.key ?? ""));
      if (next !== null) this.setData({ text: next, hint: "" });
    },
    onConfirm() {
      const fen = parseYuan(this.data.text);
      const { s } = this.data;
      const min = this.data.min || 1;
      if (fen === null || fen <= 0) return this.setData({ hint: s.amountInvalid });
      if (fen < min) return this.setData({ hint: fill(s.amountMin!, { min: money(min) }) });
      if (this.data.max > 0 && fen > this.data.max) return this.setData({ hint: fill(s.amountMax!, { max: money(this.data.max) }) });
      this.triggerEvent("confirm", { amountFen: fen });
    },
    clear() {
      this.setData({ text: "", hint: "" });
    },
  },
});
