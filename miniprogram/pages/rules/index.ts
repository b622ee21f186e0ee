import { describe, type Row } from "../../lib/describe";
import type { Lang } from "../../lib/i18n";
import { applyView } from "../../lib/page";
import { priv } from "../../lib/priv";
import { getMe } from "../../services/me";
import { getRules } from "../../services/rules";

const local = (self: object) => priv(self, () => ({ policy: null as Record<string, unknown> | null, regionCode: "" }));

Component({
  data: {
    s: {} as Record<string, string>,
    theme: "page",
    lang: "zh-CN" as Lang,
    loading: true,
    rows: [] as Row[],
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      local(this).regionCode = query.regionCode ?? "";
    },
    onShow() {
      applyView(this, "rules");
      const l = local(this);
      if (l.policy) this.render();
      else this.load();
    },
    async load() {
      const l = local(this);
      try {
        if (!l.regionCode) l.regionCode = (await getMe()).person?.regionCode ?? "";
        l.policy = await getRules(l.regionCode || undefined);
      } catch {
        l.policy = null;
      }
      this.render();
    },
    render() {
      const { policy } = local(this);
      this.setData({ loading: false, rows: policy ? describe(policy, this.data.lang, this.data.s) : [] });
    },
  },
});
