import { bubbles, echo, FLOWS, localize, merge, options, type Bubble, type Option } from "../../lib/chat";
import { describe } from "../../lib/describe";
import { config } from "../../config";
import { faceToken } from "../../lib/face";
import { strings, type Lang } from "../../lib/i18n";
import { applyView } from "../../lib/page";
import { Poller } from "../../lib/poller";
import { priv } from "../../lib/priv";
import { getConversation, reply, startConversation } from "../../services/conversations";
import { ecodeRows, own, pinChange } from "./own";
import type { ChatMessage, Conversation, Prompt } from "../../services/types";

// Only the conversation id is kept on the device, so that a flow resumes after the app closes.
const STORAGE_KEY = "assistantConversation";
const AGENT_POLL_MS = 5_000;
const local = (self: object) =>
  priv(self, () => ({
    id: "",
    prompt: null as Prompt | null,
    options: [] as Option[],
    // What the face check needs, remembered from earlier answers of this conversation.
    idNumber: "",
    typedId: "", // the ID number typed now: maybe a child's, never used for the user's face check
    name: "",
    poll: null as Poller | null,
    // password_change: the PINs typed so far on this device, never in `data` (it reaches the view).
    pins: [] as string[],
  }));

Component({
  data: {
    s: {} as Record<string, string>,
    theme: "page",
    lang: "zh-CN" as Lang,
    busy: false,
    messages: [] as (Bubble & { card?: unknown[] })[],
    lastId: "",
    kind: "",
    label: "",
    options: [] as Option[],
    min: 1,
    max: 0,
    idValid: false,
    knowId: false,
    needName: false,
    name: "",
    text: "",
    flows: [] as { value: string; label: string }[],
    pinTitle: "", // the keypad's own title: the question is already the last bubble, said once
    keypad: false, // a PIN keypad is on screen: no composer over its keys
  },
  lifetimes: {
    detached() {
      this.stopPolling();
    },
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      this.applyLang();
      if (query.flow) return this.start({ flow: query.flow });
      const saved = wx.getStorageSync(STORAGE_KEY) as string;
      if (!saved) return;
      try {
        const c = await getConversation(saved);
        if (c.prompt && c.prompt.kind !== "done") this.load(c);
      } catch {
        wx.removeStorageSync(STORAGE_KEY);
      }
    },
    onShow() {
      this.applyLang();
    },
    onHide() {
      this.stopPolling();
    },
    applyLang() {
      const { s } = applyView(this, "assistant");
      this.setData({ flows: FLOWS.map((f) => ({ value: f, label: s[`flow_${f}`] ?? f })) });
    },
    card(m: ChatMessage): unknown[] {
      if (!m.card || typeof m.card !== "object") return [];
      const c = m.card as Record<string, unknown>;
      if (c.type === "ecode") return ecodeRows(c, this.data.lang);
      return describe(m.card, this.data.lang, strings("rules", this.data.lang));
    },
    /** New messages and the next prompt from the server. */
    apply(messages: ChatMessage[], prompt: Prompt | null, status?: string) {
      const lang = this.data.lang;
      const incoming = bubbles(messages, lang).map((b, i) => ({ ...b, card: this.card(messages[i]!) }));
      const list = merge(this.data.messages, incoming);
      const l = local(this);
      l.prompt = prompt;
      l.options = options(prompt, lang);
      l.pins = [];
      const kind = prompt?.kind ?? "";
      this.setData({
        keypad: kind === "password" || kind === "password_change",
        pinTitle: kind === "password_change" ? own("pinOld", lang) : " ",
        messages: list,
        lastId: list.length ? `m-${list.length - 1}` : "",
        kind: prompt?.kind ?? "",
        label: localize(prompt?.label ?? "", lang),
        options: l.options,
        min: prompt?.min ?? 1,
        max: prompt?.max ?? 0,
        idValid: false,
        knowId: !!l.idNumber,
        needName: !config.sandboxFace && !l.name,
      });
      if (!prompt || prompt.kind === "done") wx.removeStorageSync(STORAGE_KEY);
      if (status && /agent/i.test(status)) this.startPolling();
      else this.stopPolling();
    },
    load(c: Conversation) {
      local(this).id = c.id;
      this.setData({ messages: [] });
      this.apply(c.messages, c.prompt, c.status);
    },
    async start(body: { flow?: string; text?: string }) {
      this.setData({ busy: true });
      try {
        const c = await startConversation({ ...body, language: this.data.lang });
        wx.setStorageSync(STORAGE_KEY, c.id);
        local(this).id = c.id;
        this.apply(c.messages, c.prompt, c.status);
      } catch {
        // request() has shown why; the composer stays usable.
      } finally {
        this.setData({ busy: false });
      }
    },
    /** Answers the current step; the bubble shows a masked echo until the server's own arrives. */
    async answer(value: unknown, shown: string) {
      const l = local(this);
      if (!l.prompt || !l.id) return;
      const mine: Bubble = { id: `local-${Date.now()}`, role: "user", text: shown, local: true };
      const list = this.data.messages.concat(mine);
      this.setData({ busy: true, messages: list, lastId: `m-${list.length - 1}` });
      try {
        const r = await reply(l.id, l.prompt.stepId, value);
        this.apply(r.messages ?? [], r.prompt ?? null, r.status);
      } catch {
        // The step stays open for another answer.
      } finally {
        this.setData({ busy: false });
      }
    },
    onFlow(e: WechatMiniprogram.TouchEvent) {
      this.setData({ messages: [] });
      this.start({ flow: String(e.currentTarget.dataset.flow) });
    },
    /** A finished flow suggests the next ones: a flow name starts it, anything else is said as text. */
    onDoneOption(e: WechatMiniprogram.TouchEvent) {
      const o = local(this).options[Number(e.currentTarget.dataset.index)];
      if (!o) return;
      const value = String(o.value);
      this.setData({ messages: [] });
      this.start(FLOWS.includes(value) ? { flow: value } : { text: o.label });
    },
    onText(e: WechatMiniprogram.Input) {
      this.setData({ text: e.detail.value });
    },
    onSend() {
      const text = this.data.text.trim();
      if (!text || this.data.busy) return;
      this.setData({ text: "" });
      const p = local(this).prompt;
      if (p && p.kind === "text" && /name/i.test(p.stepId)) local(this).name = text;
      if (p && p.kind !== "done") return this.answer(text, text);
      return this.start({ text });
    },
    onOption(e: WechatMiniprogram.TouchEvent) {
      const o = local(this).options[Number(e.currentTarget.dataset.index)];
      if (o) this.answer(o.value, o.label);
    },
    onConfirm(e: WechatMiniprogram.TouchEvent) {
      const yes = e.currentTarget.dataset.yes === "1";
      this.answer(yes, echo("confirm", yes, this.data.s));
    },
    onAmount(e: WechatMiniprogram.CustomEvent<{ amountFen: number }>) {
      this.answer(e.detail.amountFen, echo("amount", e.detail.amountFen, this.data.s));
    },
    onPassword(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.answer(e.detail.value, echo("password", e.detail.value, this.data.s));
    },
    /** password_change: current PIN, new PIN, new PIN again on this keypad; one answer to the server. */
    onPinChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const l = local(this);
      const next = pinChange(l.pins, e.detail.value, this.data.lang);
      l.pins = next.pins;
      if (next.mismatch) wx.showToast({ title: next.mismatch, icon: "none" });
      if (next.answer) return this.answer(next.answer, echo("password", "", this.data.s));
      return this.setData({ pinTitle: next.title });
    },
    onIdChange(e: WechatMiniprogram.CustomEvent<{ value: string; valid: boolean }>) {
      if (e.detail.valid) local(this).typedId = e.detail.value;
      this.setData({ idValid: e.detail.valid });
    },
    onSendId() {
      const l = local(this);
      const id = l.typedId;
      if (!id || !this.data.idValid) return;
      // Only the user's own ID number (the real-name step) is kept for their face check.
      if (l.prompt && /^id_number-/.test(l.prompt.stepId)) l.idNumber = id;
      this.answer(id, echo("id_number", id, this.data.s));
    },
    onName(e: WechatMiniprogram.Input) {
      local(this).name = e.detail.value.trim();
    },
    async onFace() {
      const l = local(this);
      try {
        const token = await faceToken(l.name, l.idNumber || l.typedId);
        this.answer(token, echo("face", token, this.data.s));
      } catch {
        wx.showToast({ title: this.data.s.faceUnavailable!, icon: "none" });
      }
    },
    // While an agent has the conversation, their messages are fetched every few seconds.
    startPolling() {
      const l = local(this);
      l.poll =
        l.poll ??
        new Poller(AGENT_POLL_MS, () =>
          getConversation(l.id).then(
            (c) => this.apply(c.messages, c.prompt, c.status),
            () => undefined,
          ),
        );
      l.poll.start();
    },
    stopPolling() {
      local(this).poll?.stop();
    },
  },
});
