import { dateTime } from "../../lib/format";
import { DEFAULT_LANG, fill, isLang, strings, type Lang } from "../../lib/i18n";
import type { LoadState } from "../../lib/load";
import { priv } from "../../lib/priv";
import { qrDataUrl } from "../../lib/qr/index";
import { quotaView } from "../../lib/quota";
import { carerEcode, getCareAccess, getQuotas } from "../../services/family";

// A carer's code of a relative is one-time and valid for 60 s, like one's own.
export const CARER_CODE_REFRESH_MS = 60_000;

const timers = (self: object) => priv(self, () => ({ timer: null as ReturnType<typeof setInterval> | null }));

interface Shown {
  bindingId: string;
  title: string;
  whose: string;
  qrSrc: string;
  expires: string;
  error: boolean;
}

/**
 * Home's family part: the allowances relatives give me (who, left this year) and the relatives
 * whose code I may show (亲情账户), each code one tap away and labelled with whose it is. A failure
 * is said with a retry, never shown as "none". Loads when attached; the page calls load() again on show.
 */
Component({
  options: { styleIsolation: "apply-shared" },
  properties: {
    lang: { type: String, value: DEFAULT_LANG },
  },
  data: {
    s: strings("familyHome", DEFAULT_LANG),
    state: "loading" as LoadState,
    received: [] as { bindingId: string; line: string; detail: string; status: string }[],
    caring: [] as { bindingId: string; name: string; label: string; blocked: string }[],
    shown: null as Shown | null,
  },
  observers: {
    lang(lang: string) {
      this.setData({ s: strings("familyHome", isLang(lang) ? lang : DEFAULT_LANG) });
    },
  },
  lifetimes: {
    attached() {
      this.load();
    },
    detached() {
      this.stopTimer();
    },
  },
  pageLifetimes: {
    hide() {
      this.stopTimer();
    },
  },
  methods: {
    async load() {
      const s = this.data.s;
      try {
        const [quotas, care] = await Promise.all([getQuotas(), getCareAccess()]);
        const received = quotas.received.map((q) => {
          const v = quotaView(q, s);
          return {
            bindingId: q.bindingId,
            line: fill(s.receivedLine!, { name: q.giver.maskedName, left: v.remaining }),
            detail: `${v.annual} · ${v.per}`,
            status: v.active ? "" : v.status,
          };
        });
        const caring = care.caringFor.map((c) => ({
          bindingId: c.bindingId,
          name: c.person.maskedName,
          label: fill(s.showCode!, { name: c.person.maskedName }),
          blocked: c.walletStatus === "active" ? "" : fill(s.cannotPay!, { name: c.person.maskedName }),
        }));
        this.setData({ state: received.length || caring.length ? "ready" : "empty", received, caring });
      } catch {
        // What was shown may no longer be true: say it could not be checked, with a retry.
        this.setData({ state: "error", received: [], caring: [] });
      }
    },
    async onShowCode(e: WechatMiniprogram.TouchEvent) {
      const who = this.data.caring.find((c) => c.bindingId === String(e.currentTarget.dataset.id));
      if (!who) return;
      this.stopTimer();
      const s = this.data.s;
      this.setData({
        shown: {
          bindingId: who.bindingId,
          title: fill(s.codeOf!, { name: who.name }),
          whose: fill(s.codeWhose!, { name: who.name }),
          qrSrc: "",
          expires: "",
          error: false,
        },
      });
      await this.refreshCode();
      timers(this).timer = setInterval(() => this.refreshCode(), CARER_CODE_REFRESH_MS);
    },
    async refreshCode() {
      const shown = this.data.shown;
      if (!shown) return;
      const lang = (isLang(this.data.lang) ? this.data.lang : DEFAULT_LANG) as Lang;
      try {
        const c = await carerEcode(shown.bindingId);
        this.setData({
          "shown.qrSrc": qrDataUrl(c.code),
          "shown.error": false,
          "shown.expires": fill(this.data.s.validUntil!, { time: dateTime(c.expiresAt, lang) }),
        });
      } catch {
        this.setData({ "shown.qrSrc": "", "shown.error": true, "shown.expires": "" });
      }
    },
    onCloseCode() {
      this.stopTimer();
      this.setData({ shown: null });
    },
    onRetry() {
      this.setData({ state: "loading" });
      this.load();
    },
    stopTimer() {
      const t = timers(this);
      if (t.timer) clearInterval(t.timer);
      t.timer = null;
    },
  },
});
