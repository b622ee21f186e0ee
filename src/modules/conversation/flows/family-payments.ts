import { z } from "@hono/zod-openapi";
import { DomainError } from "@/lib/problem";
import {
  carerEcode,
  careAccessOfPerson,
  careAccessOn,
  grantCareAccess,
  requireCareGrantor,
  revokeCareAccess,
} from "@/modules/family/care.service";
import { MAX_QUOTA_FEN } from "@/modules/family/family.dto";
import { familyErrors } from "@/modules/family/family.errors";
import {
  checkQuotaAmounts,
  listQuotas,
  requireGiverWallet,
  requireQuotaGiver,
  requireRevocableQuota,
  revokeQuota,
  setQuota,
} from "@/modules/family/quotas.service";
import { listRelatives } from "@/modules/relatives/bindings.service";
import { relativeErrors } from "@/modules/relatives/relatives.errors";
import { walletByPerson } from "@/modules/wallet/wallet.repo";
import { getOwnWallet } from "@/modules/wallet/wallet.service";
import { requireVerifiedPerson } from "@/modules/identity/identity.service";
import { findAmountInText } from "../nlu/amount";
import type { FamilyAction, Slots } from "../nlu/intent";
import { friendly } from "../engine/errors";
import { each, money } from "../engine/text";
import { L, type Flow, type FlowName, type FlowRun, type Outcome, type Text } from "../engine/types";
import {
  ambiguous,
  matchRelatives,
  namedRelative,
  narrowed,
  offerInviteIfNoneBound,
  offerInviteStep,
  passwordStep,
  relativeLabel,
  relativeOption,
  type RelativeItem,
} from "./shared";
import { faceStep } from "./real-name";

// Family payments by chat: quotas (共济额度) and care access (亲情账户), through the family module's
// services — the same ones the API calls. Every rule is the service's: the chat runs the services'
// own checks (requireQuotaGiver, checkQuotaAmounts, requireRevocableQuota, requireCareGrantor,
// careAccessOn) before it asks for the PIN or the face, so a refusal is said before either.

const ACTIONS: { value: FamilyAction; label: Text }[] = [
  { value: "set", label: L("设置或修改共济额度", "設置或修改共濟額度", "Set or change a quota") },
  { value: "remaining", label: L("查询额度还剩多少", "查詢額度還剩多少", "How much quota is left") },
  { value: "cancel", label: L("取消共济额度", "取消共濟額度", "Revoke a quota") },
  { value: "care", label: L("出示亲属的医保码", "出示親屬的醫保碼", "Show a relative's e-code") },
  { value: "care_grant", label: L("让亲属代我出示医保码", "讓親屬代我出示醫保碼", "Let a relative show my e-code") },
  { value: "care_revoke", label: L("取消亲情账户授权", "取消親情賬戶授權", "Stop care access") },
];

const NO_CAP = "none";
const action = (r: FlowRun) => r.slots.action as FamilyAction | undefined;
const is =
  (...as: FamilyAction[]) =>
  (r: FlowRun) =>
    as.includes(action(r)!);

async function bound(r: FlowRun): Promise<RelativeItem[]> {
  return (await listRelatives(r.ctx, r.userId)).items;
}

/** The relatives this action can be done with: all bound ones, or those a quota or care access exists with. */
async function candidates(r: FlowRun): Promise<RelativeItem[]> {
  const items = await bound(r);
  switch (action(r)) {
    case "cancel": {
      const { granted } = await listQuotas(r.ctx, r.userId);
      const ids = new Set(granted.filter((q) => q.status === "active" || q.status === "stopped").map((q) => q.bindingId));
      return items.filter((i) => ids.has(i.bindingId));
    }
    case "care": {
      const { personId } = await requireVerifiedPerson(r.ctx, r.ctx.db, r.userId);
      const ids = new Set((await careAccessOfPerson(r.ctx, personId)).caringFor.map((c) => c.bindingId));
      return items.filter((i) => ids.has(i.bindingId));
    }
    case "care_revoke": {
      const { personId } = await requireVerifiedPerson(r.ctx, r.ctx.db, r.userId);
      const care = await careAccessOfPerson(r.ctx, personId);
      const ids = new Set([...care.caringFor, ...care.carers].map((c) => c.bindingId));
      return items.filter((i) => ids.has(i.bindingId));
    }
    default:
      return items;
  }
}

async function chosen(r: FlowRun): Promise<RelativeItem> {
  const item = (await bound(r)).find((i) => i.bindingId === r.slots.bindingId);
  if (!item) throw relativeErrors.notBound();
  return item;
}

/** The services' own checks for this action and relative, run before the PIN or face is asked. */
async function checkRelative(r: FlowRun, bindingId: string): Promise<void> {
  switch (action(r)) {
    case "set":
      await requireQuotaGiver(r.ctx, r.userId, bindingId);
      return;
    case "cancel":
      await requireRevocableQuota(r.ctx, r.userId, bindingId);
      return;
    case "care_grant": {
      const g = await requireCareGrantor(r.ctx, r.userId, bindingId);
      if (g.alreadyGranted) throw alreadyGranted();
      return;
    }
    case "care_revoke": {
      const s = await careAccessOn(r.ctx, r.userId, bindingId);
      if (!s.showsMyCode && !s.iShowTheirCode) throw familyErrors.careAccessNotFound();
      return;
    }
    default:
      return;
  }
}

const alreadyGranted = () =>
  new DomainError("CARE_ACCESS_EXISTS", 409, "这位亲属已经可以代您出示医保码了", "This relative can already show your e-code");

/** Picks the relative: the services' checks, and which side of care access stops when only one is active. */
async function pick(r: FlowRun, bindingId: string): Promise<void> {
  await checkRelative(r, bindingId);
  if (action(r) === "care_revoke") {
    const s = await careAccessOn(r.ctx, r.userId, bindingId);
    if (s.showsMyCode !== s.iShowTheirCode) r.slots.side = s.showsMyCode ? "person" : "carer";
  }
}

const GIVER_NOT_ACTIVE = L(
  "您的医保钱包已冻结或注销，不能设置共济额度；已设置的额度也已暂停。",
  "您的醫保錢包已凍結或註銷，不能設置共濟額度；已設置的額度也已暫停。",
  "Your wallet is frozen or closed: you cannot set a quota, and the quotas you gave are stopped.",
);

/** Nobody to do this with: said at once, with what can be done instead. */
const NOBODY: Partial<Record<FamilyAction, { text: Text; suggest: FlowName[] }>> = {
  set: {
    text: L(
      "您还没有共济亲属，先绑定亲属才能设置共济额度。",
      "您還沒有共濟親屬，先綁定親屬才能設置共濟額度。",
      "You have no bound relatives yet; bind one before setting a quota.",
    ),
    suggest: ["bind_relative"],
  },
  care_grant: {
    text: L(
      "您还没有共济亲属，先绑定亲属才能让亲属代您出示医保码。",
      "您還沒有共濟親屬，先綁定親屬才能讓親屬代您出示醫保碼。",
      "You have no bound relatives yet; bind one first.",
    ),
    suggest: ["bind_relative"],
  },
  cancel: {
    text: L(
      "您还没有给亲属设置共济额度，没有可以取消的额度。",
      "您還沒有給親屬設置共濟額度，沒有可以取消的額度。",
      "You have not granted any quota; there is nothing to revoke.",
    ),
    suggest: ["family_payments"],
  },
  care: {
    text: L(
      "还没有亲属授权您代为出示医保码。需要对方在自己的手机上授权（亲情账户）。",
      "還沒有親屬授權您代為出示醫保碼。需要對方在自己的手機上授權（親情賬戶）。",
      "No relative has let you show their e-code yet; they grant it on their own phone.",
    ),
    suggest: ["ecode"],
  },
  care_revoke: {
    text: L(
      "您和亲属之间没有亲情账户授权，不需要取消。",
      "您和親屬之間沒有親情賬戶授權，不需要取消。",
      "There is no care access between you and a relative.",
    ),
    suggest: [],
  },
};

/** "您没有给妈妈设置共济额度。" — the relative named is bound but has nothing this action could act on. */
function notWith(a: FamilyAction, who: Text): Text {
  switch (a) {
    case "cancel":
      return L(
        `您没有给${who["zh-CN"]}设置共济额度，不需要取消。`,
        `您沒有給${who["zh-TW"]}設置共濟額度，不需要取消。`,
        `You have not granted your ${who.en} a quota.`,
      );
    case "care":
      return L(
        `${who["zh-CN"]}还没有授权您代为出示医保码，需要对方在自己的手机上授权。`,
        `${who["zh-TW"]}還沒有授權您代為出示醫保碼，需要對方在自己的手機上授權。`,
        `Your ${who.en} has not let you show their e-code; they grant it on their own phone.`,
      );
    default:
      return L(
        `您和${who["zh-CN"]}之间没有亲情账户授权。`,
        `您和${who["zh-TW"]}之間沒有親情賬戶授權。`,
        `There is no care access between you and your ${who.en}.`,
      );
  }
}

/**
 * Once the action is known: the refusals that need no relative (no wallet, a frozen one, nobody to
 * act with), then the relative named, then the amounts heard — each said now, before any PIN.
 */
async function prepare(r: FlowRun, heard: Slots | undefined): Promise<Outcome | void> {
  const a = action(r)!;
  if (a === "remaining") {
    if (heard?.relation || heard?.relativeName) {
      const m = await matchRelatives(r, await bound(r), heard);
      if (m.items.length === 0) return nobodyNamed(r, heard);
      r.slots.only = m.items.map((i) => i.bindingId);
    }
    return;
  }
  if (a === "set") {
    try {
      await requireGiverWallet(r.ctx, r.userId);
    } catch (e) {
      if (!(e instanceof DomainError) || e.code !== "WALLET_NOT_ACTIVE") throw e;
      r.say(GIVER_NOT_ACTIVE);
      return { type: "done", suggest: ["agent"] };
    }
  }
  if (a === "care_revoke") {
    const { personId } = await requireVerifiedPerson(r.ctx, r.ctx.db, r.userId);
    const w = await walletByPerson(r.ctx.db, personId);
    r.slots.withPin = !!w && w.status !== "closed";
  }
  if ((a === "set" || a === "care_grant") && (await offerInviteIfNoneBound(r, heard))) return;
  const items = await candidates(r);
  if (heard?.relation || heard?.relativeName) {
    const m = await matchRelatives(r, items, heard);
    if (m.items.length === 0) return nobodyNamed(r, heard);
    if (m.items.length === 1) {
      await pick(r, m.items[0]!.bindingId);
      r.slots.bindingId = m.items[0]!.bindingId;
    } else r.slots.narrow = { relation: heard.relation ?? null, ids: m.items.map((i) => i.bindingId) };
  } else if (items.length === 0) {
    const n = NOBODY[a]!;
    r.say(n.text);
    return { type: "done", suggest: n.suggest };
  } else if (items.length === 1) {
    await pick(r, items[0]!.bindingId);
    r.slots.bindingId = items[0]!.bindingId;
  }
  if (a === "set") {
    if (heard?.amountFen !== undefined) r.slots.annualFen = heard.amountFen;
    if (heard?.perPaymentFen !== undefined) r.slots.cap = heard.perPaymentFen;
    try {
      if (r.slots.annualFen !== undefined) checkQuotaAmounts(r.slots.annualFen as number, null);
      if (r.slots.cap !== undefined) checkQuotaAmounts((r.slots.annualFen as number | undefined) ?? MAX_QUOTA_FEN, r.slots.cap as number);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      r.say(friendly(e));
      delete r.slots.annualFen;
      delete r.slots.cap;
    }
  }
}

/** The relative the user named is not among those this action can be done with: said, nobody else picked. */
async function nobodyNamed(r: FlowRun, heard: Slots): Promise<Outcome> {
  const who = heard.relation ? namedRelative(heard.relation, heard.gender) : L("这位亲属", "這位親屬", "this relative");
  if ((await matchRelatives(r, await bound(r), heard)).items.length === 0) {
    r.say(
      L(
        `您没有绑定${who["zh-CN"]}为共济亲属。`,
        `您沒有綁定${who["zh-TW"]}為共濟親屬。`,
        `Your ${who.en} is not bound to you as a relative.`,
      ),
    );
    return { type: "done", suggest: ["bind_relative"] };
  }
  r.say(notWith(action(r)!, who));
  return { type: "done" };
}

function quotaLine(q: { annualFen: number; perPaymentFen: number | null; usedFen: number; remainingFen: number; year: number }): Text {
  const [annual, used, left] = [money(q.annualFen), money(q.usedFen), money(q.remainingFen)];
  const cap = q.perPaymentFen === null ? null : money(q.perPaymentFen);
  return each((lang) => {
    if (lang === "en")
      return `${q.year} quota ${annual.en}, used ${used.en}, ${left.en} left${cap ? `; at most ${cap.en} per payment` : ""}`;
    if (lang === "zh-TW")
      return `${q.year}年額度 ${annual["zh-TW"]}，已用 ${used["zh-TW"]}，還剩 ${left["zh-TW"]}${cap ? `，單筆最多 ${cap["zh-TW"]}` : ""}`;
    return `${q.year}年额度 ${annual["zh-CN"]}，已用 ${used["zh-CN"]}，还剩 ${left["zh-CN"]}${cap ? `，单笔最多 ${cap["zh-CN"]}` : ""}`;
  });
}

const STOPPED = L(
  "（已暂停：给付方的钱包已冻结或注销）",
  "（已暫停：給付方的錢包已凍結或註銷）",
  " (stopped: the giver's wallet is frozen or closed)",
);

/** Both directions: what I granted (as giver) and what I may use (as receiver), this Beijing year. */
async function sayRemaining(r: FlowRun): Promise<Outcome> {
  const { granted, received } = await listQuotas(r.ctx, r.userId);
  const byId = new Map((await bound(r)).map((i) => [i.bindingId, i]));
  const only = r.slots.only as string[] | undefined;
  const keep = (q: { bindingId: string; status: string }) =>
    (q.status === "active" || q.status === "stopped") && byId.has(q.bindingId) && (!only || only.includes(q.bindingId));
  const lines: Text[] = [];
  for (const q of granted.filter(keep)) {
    const who = relativeLabel(byId.get(q.bindingId)!);
    const line = quotaLine(q);
    const st = q.status === "stopped" ? STOPPED : L("", "", "");
    lines.push(
      each((lang) =>
        lang === "en"
          ? `You gave your ${who.en}: ${line.en}${st.en}.`
          : lang === "zh-TW"
            ? `您給${who["zh-TW"]}的：${line["zh-TW"]}${st["zh-TW"]}。`
            : `您给${who["zh-CN"]}的：${line["zh-CN"]}${st["zh-CN"]}。`,
      ),
    );
  }
  const usable = received.filter(keep);
  for (const q of usable) {
    const who = relativeLabel(byId.get(q.bindingId)!);
    const line = quotaLine(q);
    const st = q.status === "stopped" ? STOPPED : L("", "", "");
    lines.push(
      each((lang) =>
        lang === "en"
          ? `Your ${who.en} gave you: ${line.en}${st.en}.`
          : lang === "zh-TW"
            ? `${who["zh-TW"]}給您的：${line["zh-TW"]}${st["zh-TW"]}。`
            : `${who["zh-CN"]}给您的：${line["zh-CN"]}${st["zh-CN"]}。`,
      ),
    );
  }
  if (lines.length === 0) {
    r.say(
      only
        ? L(
            "您和这位亲属之间没有生效的共济额度。",
            "您和這位親屬之間沒有生效的共濟額度。",
            "There is no quota in force between you and this relative.",
          )
        : L(
            "您目前没有生效的共济额度（没有给出，也没有收到）。",
            "您目前沒有生效的共濟額度（沒有給出，也沒有收到）。",
            "You have no quota in force, given or received.",
          ),
    );
    return { type: "done", suggest: ["family_payments", "balance"] };
  }
  if (!only && usable.length > 0) {
    const total = money(usable.reduce((s, q) => s + q.remainingFen, 0));
    let wallet: Text | null = null;
    try {
      wallet = money((await getOwnWallet(r.ctx, r.userId)).balances.totalFen);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
    }
    lines.push(
      each((lang) => {
        const w = wallet ? wallet[lang] : null;
        if (lang === "en")
          return `At a counter you can use ${total.en} of relatives' quotas${w ? `, besides the ${w} in your wallet` : ""}.`;
        if (lang === "zh-TW") return `在定點醫藥機構付款時，可用親屬的共濟額度共 ${total["zh-TW"]}${w ? `，另有錢包餘額 ${w}` : ""}。`;
        return `在定点医药机构付款时，可用亲属的共济额度共 ${total["zh-CN"]}${w ? `，另有钱包余额 ${w}` : ""}。`;
      }),
    );
  }
  r.say(
    each((lang) => lines.map((l) => l[lang]).join("\n")),
    {
      type: "quotas",
      granted: granted.filter(keep).map(({ relative: _r, ...q }) => q),
      received: usable.map(({ giver: _g, ...q }) => q),
    },
  );
  return { type: "done", suggest: ["family_payments"] };
}

function capText(cap: unknown): Text {
  return typeof cap === "number"
    ? L(`单笔最多 ${money(cap)["zh-CN"]}`, `單筆最多 ${money(cap)["zh-TW"]}`, `at most ${money(cap).en} per payment`)
    : L("不设单笔上限", "不設單筆上限", "no per-payment cap");
}

export const familyPaymentsFlow: Flow = {
  name: "family_payments",
  async start(r, heard) {
    const a = heard?.slots.action;
    if (!a) return;
    r.slots.action = a;
    const out = await prepare(r, heard?.slots);
    if (out) return out;
    if (a === "remaining") return sayRemaining(r);
  },
  steps: [
    {
      id: "action",
      kind: "choice",
      slot: "action",
      ask: () => ({
        label: L("您想办理哪一项？", "您想辦理哪一項？", "What would you like to do?"),
        options: ACTIONS.map((o) => ({ value: o.value, label: o.label })),
      }),
      schema: z.enum(["set", "cancel", "remaining", "care", "care_grant", "care_revoke"]),
      async after(r) {
        const out = await prepare(r, undefined);
        if (out) return out;
        if (action(r) === "remaining") return sayRemaining(r);
      },
    },
    offerInviteStep,
    {
      id: "relative",
      kind: "choice",
      slot: "bindingId",
      clears: ["narrow", "side"],
      when: (r) => action(r) !== "remaining",
      async ask(r) {
        const { items, narrow } = narrowed(r, await candidates(r));
        const a = action(r);
        const verb: Record<string, [string, string, string]> = {
          set: ["设置额度", "設置額度", "set a quota for"],
          cancel: ["取消额度", "取消額度", "revoke the quota of"],
          care: ["出示医保码", "出示醫保碼", "show the e-code of"],
          care_grant: ["授权", "授權", "let show your code"],
          care_revoke: ["取消授权", "取消授權", "stop care access with"],
        };
        const [zh, tw, en] = verb[a ?? "set"]!;
        const label = narrow
          ? ambiguous(narrow.relation ?? undefined, items.length, zh, tw, en)
          : a === "set"
            ? L("要给哪位亲属设置共济额度？", "要給哪位親屬設置共濟額度？", "Which relative is the quota for?")
            : a === "care"
              ? L("要出示哪位亲属的医保码？", "要出示哪位親屬的醫保碼？", "Whose e-code do you want to show?")
              : a === "care_grant"
                ? L("让哪位亲属代您出示医保码？", "讓哪位親屬代您出示醫保碼？", "Which relative may show your e-code?")
                : a === "cancel"
                  ? L("要取消给哪位亲属的共济额度？", "要取消給哪位親屬的共濟額度？", "Whose quota do you want to revoke?")
                  : L("要取消和哪位亲属的亲情账户授权？", "要取消和哪位親屬的親情賬戶授權？", "Care access with which relative?");
        return { label, options: items.map(relativeOption) };
      },
      schema: z.string().min(1).max(64),
      async check(r, value) {
        await pick(r, value as string);
      },
    },
    {
      id: "side",
      kind: "choice",
      slot: "side",
      when: (r) => action(r) === "care_revoke",
      async ask(r) {
        const who = relativeLabel(await chosen(r));
        return {
          label: L("要取消哪一项授权？", "要取消哪一項授權？", "Which one do you want to stop?"),
          options: [
            {
              value: "person",
              label: L(
                `不再让${who["zh-CN"]}代我出示医保码`,
                `不再讓${who["zh-TW"]}代我出示醫保碼`,
                `Your ${who.en} no longer shows my code`,
              ),
            },
            {
              value: "carer",
              label: L(`我不再代${who["zh-CN"]}出示医保码`, `我不再代${who["zh-TW"]}出示醫保碼`, `I no longer show my ${who.en}'s code`),
            },
          ],
        };
      },
      schema: z.enum(["person", "carer"]),
    },
    {
      id: "annual",
      kind: "amount",
      slot: "annualFen",
      when: is("set"),
      async ask(r) {
        const item = await chosen(r);
        const { granted } = await listQuotas(r.ctx, r.userId);
        const now = granted.find((q) => q.bindingId === item.bindingId && (q.status === "active" || q.status === "stopped"));
        const who = relativeLabel(item);
        const max = money(MAX_QUOTA_FEN);
        const current = now
          ? L(
              `（现在是每年 ${money(now.annualFen)["zh-CN"]}，已用 ${money(now.usedFen)["zh-CN"]}）`,
              `（現在是每年 ${money(now.annualFen)["zh-TW"]}，已用 ${money(now.usedFen)["zh-TW"]}）`,
              ` (now ${money(now.annualFen).en} a year, ${money(now.usedFen).en} used)`,
            )
          : L("", "", "");
        return {
          label: L(
            `给${who["zh-CN"]}设置每年多少共济额度？${current["zh-CN"]}最多 ${max["zh-CN"]}`,
            `給${who["zh-TW"]}設置每年多少共濟額度？${current["zh-TW"]}最多 ${max["zh-TW"]}`,
            `How much a year may your ${who.en} use?${current.en} Up to ${max.en}.`,
          ),
          min: 1,
          max: MAX_QUOTA_FEN,
        };
      },
      schema: z.number().int(),
      invalid: L("请输入金额，例如 2000 或 两千元。", "請輸入金額，例如 2000 或 兩千元。", "Enter an amount, e.g. 2000."),
      check: async (_r, v) => checkQuotaAmounts(v as number, null),
    },
    {
      id: "cap",
      kind: "choice",
      slot: "cap",
      when: is("set"),
      ask: (r) => {
        const annual = money(r.slots.annualFen as number);
        return {
          label: L(
            `每次付款最多用多少？可以直接输入金额（不超过 ${annual["zh-CN"]}），或不设上限。`,
            `每次付款最多用多少？可以直接輸入金額（不超過 ${annual["zh-TW"]}），或不設上限。`,
            `At most how much per payment? Type an amount (up to ${annual.en}) or choose no cap.`,
          ),
          options: [{ value: NO_CAP, label: L("不设单笔上限", "不設單筆上限", "No per-payment cap") }],
        };
      },
      coerce: (raw) => {
        if (raw === NO_CAP || typeof raw !== "string") return raw;
        const heard = raw.trim();
        if (/^(?:不设|不限|不用|没有|无|no cap|none|no)/i.test(heard)) return NO_CAP;
        return findAmountInText(heard) ?? raw;
      },
      schema: z.union([z.literal(NO_CAP), z.number().int()]),
      invalid: L(
        "请输入每次最多的金额，例如 500，或选择不设上限。",
        "請輸入每次最多的金額，例如 500，或選擇不設上限。",
        "Enter the most per payment, e.g. 500, or choose no cap.",
      ),
      check: async (r, v) => checkQuotaAmounts(r.slots.annualFen as number, v === NO_CAP ? null : (v as number)),
    },
    {
      id: "confirm",
      kind: "confirm",
      slot: "confirmed",
      when: is("set", "cancel", "care_grant", "care_revoke"),
      async ask(r) {
        const item = await chosen(r);
        const who = relativeLabel(item);
        // The services' checks once more: the binding or the wallet may have changed since.
        await checkRelative(r, item.bindingId);
        switch (action(r)) {
          case "set": {
            const annualFen = r.slots.annualFen as number;
            const perPaymentFen = r.slots.cap === NO_CAP ? null : (r.slots.cap as number);
            checkQuotaAmounts(annualFen, perPaymentFen);
            const [annual, cap] = [money(annualFen), capText(r.slots.cap)];
            return {
              label: L(
                `确认给${who["zh-CN"]}设置共济额度每年 ${annual["zh-CN"]}，${cap["zh-CN"]}？对方在定点医药机构付款时，先用自己的钱，不够时从您的钱包支付。`,
                `確認給${who["zh-TW"]}設置共濟額度每年 ${annual["zh-TW"]}，${cap["zh-TW"]}？對方在定點醫藥機構付款時，先用自己的錢，不夠時從您的錢包支付。`,
                `Give your ${who.en} a quota of ${annual.en} a year, ${cap.en}? When they pay at a counter, their own money goes first, then your wallet.`,
              ),
              card: {
                type: "quota_summary",
                bindingId: item.bindingId,
                relation: item.relation,
                relative: { maskedName: item.relative.maskedName },
                annualFen,
                perPaymentFen,
              },
            };
          }
          case "cancel":
            return {
              label: L(
                `确认取消给${who["zh-CN"]}的共济额度？取消后立即生效，已经支付的不受影响。`,
                `確認取消給${who["zh-TW"]}的共濟額度？取消後立即生效，已經支付的不受影響。`,
                `Revoke your ${who.en}'s quota? It stops at once; payments already made stay paid.`,
              ),
            };
          case "care_grant":
            return {
              label: L(
                `确认让${who["zh-CN"]}在自己的手机上代您出示医保码？付款从您的医保钱包扣除，您可以随时取消。接下来需要您本人人脸识别。`,
                `確認讓${who["zh-TW"]}在自己的手機上代您出示醫保碼？付款從您的醫保錢包扣除，您可以隨時取消。接下來需要您本人人臉識別。`,
                `Let your ${who.en} show your e-code from their phone? Payments come from your wallet; you can stop it any time. A face check follows.`,
              ),
            };
          default:
            return {
              label:
                r.slots.side === "carer"
                  ? L(
                      `确认不再代${who["zh-CN"]}出示医保码？`,
                      `確認不再代${who["zh-TW"]}出示醫保碼？`,
                      `Stop showing your ${who.en}'s e-code?`,
                    )
                  : L(
                      `确认不再让${who["zh-CN"]}代您出示医保码？`,
                      `確認不再讓${who["zh-TW"]}代您出示醫保碼？`,
                      `Stop your ${who.en} showing your e-code?`,
                    ),
            };
        }
      },
      schema: z.boolean(),
    },
    faceStep(is("care_grant")),
    { ...passwordStep(), when: (r) => is("set", "cancel")(r) || (action(r) === "care_revoke" && r.slots.withPin === true) },
  ],
  async finish(r) {
    const bindingId = r.slots.bindingId as string;
    switch (action(r)) {
      case "set": {
        const item = await chosen(r);
        const q = await setQuota(r.ctx, r.userId, bindingId, {
          annualFen: r.slots.annualFen as number,
          perPaymentFen: r.slots.cap === NO_CAP ? null : (r.slots.cap as number),
          paymentPassword: (await r.secret("paymentPassword")) ?? "",
        });
        const who = relativeLabel(item);
        const [annual, cap] = [money(q.annualFen), capText(q.perPaymentFen ?? NO_CAP)];
        r.say(
          L(
            `已为${who["zh-CN"]}设置${q.year}年共济额度 ${annual["zh-CN"]}，${cap["zh-CN"]}，今年还剩 ${money(q.remainingFen)["zh-CN"]}。`,
            `已為${who["zh-TW"]}設置${q.year}年共濟額度 ${annual["zh-TW"]}，${cap["zh-TW"]}，今年還剩 ${money(q.remainingFen)["zh-TW"]}。`,
            `Your ${who.en} now has a ${q.year} quota of ${annual.en}, ${cap.en}; ${money(q.remainingFen).en} left this year.`,
          ),
          { type: "quota", ...q },
        );
        return { type: "done", suggest: ["family_payments"] };
      }
      case "cancel": {
        const who = relativeLabel(await chosen(r));
        await revokeQuota(r.ctx, r.userId, bindingId, { paymentPassword: (await r.secret("paymentPassword")) ?? "" });
        r.say(L(`已取消给${who["zh-CN"]}的共济额度。`, `已取消給${who["zh-TW"]}的共濟額度。`, `Your ${who.en}'s quota is revoked.`));
        return { type: "done" };
      }
      case "care": {
        const code = await carerEcode(r.ctx, r.userId, bindingId);
        const who = relativeLabel(await chosen(r));
        r.say(
          L(
            `这是${who["zh-CN"]}的医保码，60秒内有效，请向收银员出示；付款从${who["zh-CN"]}的医保钱包扣除。`,
            `這是${who["zh-TW"]}的醫保碼，60秒內有效，請向收銀員出示；付款從${who["zh-TW"]}的醫保錢包扣除。`,
            `This is your ${who.en}'s e-code, valid for 60 seconds; payment comes from their wallet.`,
          ),
          { type: "ecode", bindingId, for: code.for, expiresAt: code.expiresAt },
          { code: code.code },
        );
        return { type: "done" };
      }
      case "care_grant": {
        const who = relativeLabel(await chosen(r));
        await grantCareAccess(r.ctx, r.userId, bindingId, (await r.secret("faceToken")) ?? "");
        r.say(
          L(
            `已授权${who["zh-CN"]}代您出示医保码，付款从您的医保钱包扣除。`,
            `已授權${who["zh-TW"]}代您出示醫保碼，付款從您的醫保錢包扣除。`,
            `Your ${who.en} may now show your e-code; payments come from your wallet.`,
          ),
        );
        return { type: "done" };
      }
      default: {
        const who = relativeLabel(await chosen(r));
        const side = r.slots.side as "person" | "carer";
        const pin = r.slots.withPin === true ? { paymentPassword: (await r.secret("paymentPassword")) ?? "" } : {};
        await revokeCareAccess(r.ctx, r.userId, bindingId, side, pin);
        r.say(
          side === "carer"
            ? L(
                `您已不再代${who["zh-CN"]}出示医保码。`,
                `您已不再代${who["zh-TW"]}出示醫保碼。`,
                `You no longer show your ${who.en}'s e-code.`,
              )
            : L(
                `${who["zh-CN"]}已不能再代您出示医保码。`,
                `${who["zh-TW"]}已不能再代您出示醫保碼。`,
                `Your ${who.en} can no longer show your e-code.`,
              ),
        );
        return { type: "done" };
      }
    }
  },
  recover(err) {
    if (err.code === "PASSWORD_WRONG") return "password";
    if (err.code === "FACE_CHECK_FAILED") return "face";
    if (err.code === "QUOTA_CAP_ABOVE_ANNUAL") return "cap";
    if (err.code === "QUOTA_OUT_OF_RANGE") return err.extras.field === "perPaymentFen" ? "cap" : "annual";
    return undefined;
  },
  cancelled: L("好的，已取消，没有做任何更改。", "好的，已取消，沒有做任何更改。", "OK, cancelled; nothing changed."),
};
