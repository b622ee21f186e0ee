import { DEFAULT_LANG, isLang, strings } from "../../lib/i18n";

const LENGTH = 6;
// The digits typed so far live here, never in `data`: data is copied to the view layer and
// would put the PIN on screen, in DevTools' AppData panel and in any page snapshot.
const entered = new WeakMap<object, string>();

function dotsFor(n: number): boolean[] {
  return Array.from({ length: LENGTH }, (_, i) => i < n);
}

/** A 6-digit payment PIN pad that shows only how many digits were typed. Emits `complete` {value}. */
Component({
  options: { styleIsolation: "apply-shared" },
  properties: {
    lang: { type: String, value: DEFAULT_LANG },
    title: { type: String, value: "" },
  },
  data: {
    s: strings("pad", DEFAULT_LANG),
    dots: dotsFor(0),
    keys: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "", "0", "del"],
  },
  observers: {
    lang(lang: string) {
      this.setData({ s: strings("pad", isLang(lang) ? lang : DEFAULT_LANG) });
    },
  },
  lifetimes: {
    detached() {
      entered.delete(this);
    },
  },
  methods: {
    onKey(e: WechatMiniprogram.TouchEvent) {
      const key = String(e.currentTarget.dataset.key ?? "");
      let pin = entered.get(this) ?? "";
      if (key === "del") pin = pin.slice(0, -1);
      else if (/^\d$/.test(key) && pin.length < LENGTH) pin += key;
      else return;
      if (pin.length === LENGTH) {
        entered.set(this, "");
        this.setData({ dots: dotsFor(0) });
        this.triggerEvent("complete", { value: pin });
        return;
      }
      entered.set(this, pin);
      this.setData({ dots: dotsFor(pin.length) });
    },
    clear() {
      entered.set(this, "");
      this.setData({ dots: dotsFor(0) });
    },
  },
});
