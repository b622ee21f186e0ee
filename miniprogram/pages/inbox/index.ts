import { dateTime, money } from "../../lib/format";
import { fill, t, type Lang } from "../../lib/i18n";
import { listState, type LoadState } from "../../lib/load";
import { applyView, go } from "../../lib/page";
import { toTraditional } from "../../lib/zh-tw";
import { listNotifications, markRead, type Notice } from "../../services/notifications";

/** Where a notice leads: the transfer's receipt, a medical payment's receipt (quota.used), the invitation, or nowhere. */
function target(n: Notice): string {
  const d = n.data ?? {};
  if (typeof d.transferId === "string")
    return n.kind === "transfer.received"
      ? "/pages/transfer/incoming/index"
      : `/pages/transfer/receipt/index?id=${encodeURIComponent(d.transferId)}`;
  if (typeof d.settlementId === "string") return `/pages/bills/settlement/index?id=${encodeURIComponent(d.settlementId)}`;
  if (typeof d.code === "string") return `/pages/invitation/index?code=${encodeURIComponent(d.code)}`;
  return "";
}

/** The notice's values as the body templates name them: amounts formatted, names as the server masked them. */
function values(d: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(d)) {
    if (typeof v === "number" && /Fen$/.test(k)) out[k === "amountFen" ? "amount" : k.replace(/Fen$/, "")] = money(v);
    else if (typeof v === "string" || typeof v === "number") out[k] = String(v);
  }
  return out;
}

/** The body in the reader's language from the notice's data; the server's text when the data lacks a value. */
function bodyOf(n: Notice, lang: Lang, server: (text: string) => string): string {
  const key = `body_${n.kind.replace(/\./g, "_")}`;
  const template = t("inbox", key, lang);
  if (template !== key) {
    const filled = fill(template, values(n.data ?? {}));
    if (!/\{\w+\}/.test(filled)) return filled;
  }
  // Old notices without the values: Chinese readers get the server's sentence, English ones the title alone.
  return lang === "en" ? "" : server(n.body);
}

function row(n: Notice, lang: Lang) {
  const key = `kind_${n.kind.replace(/\./g, "_")}`;
  const known = t("inbox", key, lang);
  const server = (text: string) => (lang === "zh-TW" ? toTraditional(text) : text);
  const title = known !== key ? known : lang === "en" ? t("inbox", "kind_other", lang) : server(n.title);
  const body = bodyOf(n, lang, server);
  return {
    id: n.id,
    title,
    body,
    at: dateTime(n.createdAt, lang),
    read: n.read,
    url: target(n),
    aria: body ? `${title}${lang === "en" ? ". " : "。"}${body}` : title,
  };
}

Component({
  data: {
    s: {} as Record<string, string>,
    theme: "page",
    lang: "zh-CN" as Lang,
    state: "loading" as LoadState,
    items: [] as ReturnType<typeof row>[],
    cursor: null as string | null,
    unreadText: "",
    more: false,
  },
  methods: {
    onShow() {
      applyView(this, "inbox");
      this.load();
    },
    onPullDownRefresh() {
      this.load().then(() => wx.stopPullDownRefresh());
    },
    onRetry() {
      this.setData({ state: "loading" });
      this.load();
    },
    async load(cursor: string | null = null) {
      const { lang, s } = this.data;
      try {
        const page = await listNotifications({ cursor });
        const items = (cursor ? this.data.items : []).concat(page.items.map((n) => row(n, lang)));
        this.setData({
          items,
          state: listState(items),
          cursor: page.nextCursor,
          unreadText: page.unreadCount ? fill(s.unreadCount!, { count: page.unreadCount }) : "",
        });
      } catch {
        // Loading more keeps what is shown; a first load that fails is an error, never "no messages".
        if (!cursor) this.setData({ state: "error", items: [] });
        else wx.showToast({ title: s.loadFailed!, icon: "none" });
      }
    },
    onMore() {
      if (this.data.cursor) this.load(this.data.cursor);
    },
    async onItem(e: WechatMiniprogram.TouchEvent) {
      const id = String(e.currentTarget.dataset.id);
      const item = this.data.items.find((x) => x.id === id);
      if (!item) return;
      if (!item.read) {
        try {
          await markRead(id);
          const i = this.data.items.indexOf(item);
          this.setData({ [`items[${i}].read`]: true });
        } catch {
          // Still open it; it stays unread and is marked next time.
        }
      }
      if (item.url) go(item.url);
    },
  },
});
