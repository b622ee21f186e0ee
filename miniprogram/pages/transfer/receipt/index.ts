import { regionNames } from "../../../lib/regions";
import { dateTime, money } from "../../../lib/format";
import { fill, type Lang } from "../../../lib/i18n";
import { statusLabel } from "../../../lib/labels";
import { applyView } from "../../../lib/page";
import { priv } from "../../../lib/priv";
import { getTransfer } from "../../../services/transfers";
import type { Transfer } from "../../../services/types";

const local = (self: object) => priv(self, () => ({ id: "", transfer: null as Transfer | null }));

Component({
  data: {
    s: {} as Record<string, string>,
    theme: "page",
    lang: "zh-CN" as Lang,
    loading: true,
    r: null as Record<string, unknown> | null,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      local(this).id = decodeURIComponent(query.id ?? "");
    },
    onShow() {
      applyView(this, "receipt");
      this.load();
    },
    async load() {
      const l = local(this);
      if (!l.id) return this.setData({ loading: false });
      try {
        l.transfer = await getTransfer(l.id);
        const names = await regionNames([l.transfer.from.regionCode, l.transfer.to.regionCode]);
        this.render(l.transfer, names);
      } catch {
        this.setData({ loading: false });
      }
    },
    render(t: Transfer, names: Map<string, string>) {
      const { s, lang } = this.data;
      const party = (p: { maskedName: string; regionCode: string }) => [p.maskedName, names.get(p.regionCode)].filter(Boolean).join(" · ");
      const paid = (t as Transfer & { paidFrom?: { ownFen: number; receivedFen: number } }).paidFrom;
      const history = t.history ?? [];
      this.setData({
        loading: false,
        r: {
          amount: money(t.amountFen),
          status: statusLabel(t.status, lang),
          receiptNo: t.receiptNo,
          from: party(t.from),
          to: party(t.to),
          createdAt: dateTime(t.createdAt, lang),
          crossProvince: t.crossProvince,
          memo: t.memo ?? "",
          paidOwn: paid?.ownFen ? money(paid.ownFen) : "",
          paidReceived: paid?.receivedFen ? money(paid.receivedFen) : "",
          expiresText: t.status === "pending" ? fill(s.expiresAt!, { time: dateTime(t.expiresAt, lang) }) : "",
          history: history.map((h) => ({ status: statusLabel(h.status, lang), at: dateTime(h.at, lang) })),
        },
      });
    },
    onHome() {
      wx.reLaunch({ url: "/pages/home/index" });
    },
  },
});
