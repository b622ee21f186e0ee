import { DEFAULT_LANG, isLang, strings } from "../../lib/i18n";

/**
 * The one way every page shows the state of what it loads: loading, could not load (with a retry,
 * never an empty state), empty (the page's own words), or nothing when the content is there.
 * `state` is a LoadState of lib/load.ts. Emits `retry`.
 */
Component({
  options: { styleIsolation: "apply-shared", multipleSlots: true },
  properties: {
    state: { type: String, value: "loading" },
    lang: { type: String, value: DEFAULT_LANG },
    emptyText: { type: String, value: "" },
  },
  data: { s: strings("common", DEFAULT_LANG) },
  observers: {
    lang(lang: string) {
      this.setData({ s: strings("common", isLang(lang) ? lang : DEFAULT_LANG) });
    },
  },
  methods: {
    onRetry() {
      this.triggerEvent("retry", {});
    },
  },
});
