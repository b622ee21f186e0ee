import { z } from "@hono/zod-openapi";
import type { ErrorCode } from "@/lib/error-codes";
import { lookupHash } from "@/lib/pii";
import type { DomainError } from "@/lib/problem";
import { listRelatives } from "@/modules/relatives/bindings.service";
import type { Relation } from "@/modules/relatives/relation-rules";
import type { Gender, Slots } from "../nlu/intent";
import { genderOfPersons, personIdsNamed } from "../conversation.repo";
import { each, relationText, zhCount } from "../engine/text";
import { L, type FlowRun, type OptionSpec, type Step, type Text } from "../engine/types";

export type RelativeItem = Awaited<ReturnType<typeof listRelatives>>["items"][number];

export const PIN = z.string().regex(/^\d{6}$/);

/** A new wallet's payment PIN (opening one's own, or a guardian for a child): asked once, never stored. */
export function newPinStep(label: Text): Step {
  return {
    id: "password",
    kind: "password",
    slot: "paymentPassword",
    storage: "transient",
    ask: () => ({ label }),
    schema: PIN,
    invalid: L("支付密码是6位数字。", "支付密碼是6位數字。", "The payment PIN is 6 digits."),
  };
}

/** The payment PIN: used by the action in the same request and never stored anywhere. */
export function passwordStep(label: Text = L("请输入6位支付密码", "請輸入6位支付密碼", "Enter your 6-digit payment PIN")): Step {
  return {
    id: "password",
    kind: "password",
    slot: "paymentPassword",
    storage: "transient",
    ask: () => ({ label }),
    schema: PIN,
    invalid: L("支付密码是6位数字。", "支付密碼是6位數字。", "The payment PIN is 6 digits."),
  };
}

export function relativeOption(item: RelativeItem): OptionSpec {
  const rel = relationText(item.relation);
  const name = item.relative.maskedName;
  return { value: item.bindingId, label: each((lang) => `${rel[lang]} ${name}`), relation: item.relation };
}

/** "父母 王*芳" in every language. */
export function relativeLabel(item: RelativeItem): Text {
  return relativeOption(item).label;
}

/**
 * Which of `items` the user meant by a relation word and/or a name. `asked` is false when they named
 * nobody. Names are compared through the registry's keyed hash, never in clear.
 */
export async function matchRelatives(r: FlowRun, items: RelativeItem[], heard: Slots | undefined) {
  if (!heard?.relation && !heard?.relativeName) return { asked: false, items };
  let found = heard.relation ? items.filter((i) => i.relation === heard.relation) : items;
  // "我妈" is a woman: a bound father is not her, whatever the relation says.
  if (heard.gender && found.length) {
    const genders = await genderOfPersons(
      r.ctx.db,
      found.map((i) => i.relative.personId),
    );
    found = found.filter((i) => genders.get(i.relative.personId) === heard.gender);
  }
  if (heard.relativeName) {
    const hash = await lookupHash(r.ctx.config.secrets.lookupHmac, "name", heard.relativeName);
    const named = new Set(
      await personIdsNamed(
        r.ctx.db,
        found.map((i) => i.relative.personId),
        hash,
      ),
    );
    found = found.filter((i) => named.has(i.relative.personId));
  }
  return { asked: true, items: found };
}

/** "您有两位可以转账的父母，请选择" — how an ambiguous relation is asked back. */
export function ambiguous(relation: Relation | undefined, count: number, verbZh: string, verbTw: string, verbEn: string): Text {
  if (!relation) {
    return L(`有${zhCount(count)}位亲属符合，请选择`, `有${zhCount(count)}位親屬符合，請選擇`, `${count} relatives match; choose one`);
  }
  const rel = relationText(relation);
  return L(
    `您有${zhCount(count)}位可以${verbZh}的${rel["zh-CN"]}，请选择`,
    `您有${zhCount(count)}位可以${verbTw}的${rel["zh-TW"]}，請選擇`,
    `You have ${count} ${rel.en}s you can ${verbEn}; choose one`,
  );
}

const GENDERED: Record<Relation, Record<Gender, Text>> = {
  parent: { female: L("妈妈", "媽媽", "mother"), male: L("爸爸", "爸爸", "father") },
  spouse: { female: L("妻子", "妻子", "wife"), male: L("丈夫", "丈夫", "husband") },
  child: { female: L("女儿", "女兒", "daughter"), male: L("儿子", "兒子", "son") },
  sibling: { female: L("姐姐或妹妹", "姐姐或妹妹", "sister"), male: L("哥哥或弟弟", "哥哥或弟弟", "brother") },
  grandparent: { female: L("奶奶或外婆", "奶奶或外婆", "grandmother"), male: L("爷爷或外公", "爺爺或外公", "grandfather") },
  grandchild: { female: L("孙女或外孙女", "孫女或外孫女", "granddaughter"), male: L("孙子或外孙", "孫子或外孫", "grandson") },
};

/** The person a relation word named: "妈妈" for parent + female, else the glossary relation. */
export function namedRelative(relation: Relation, gender: Gender | undefined): Text {
  return gender ? GENDERED[relation][gender] : relationText(relation);
}

/**
 * Nobody bound by the relation the user named ("我妈" with only a father bound): said plainly, with
 * an offer to invite that person. Never a different relative in their place.
 */
function noneBound(relation: Relation, gender: Gender | undefined): Text {
  const who = namedRelative(relation, gender);
  const pronounZh = gender === "male" ? "他" : gender === "female" ? "她" : "对方";
  const pronounTw = gender === "male" ? "他" : gender === "female" ? "她" : "對方";
  const pronounEn = gender === "male" ? "him" : gender === "female" ? "her" : "them";
  return L(
    `您还没有绑定${who["zh-CN"]}为共济亲属。要邀请${pronounZh}成为共济亲属吗？`,
    `您還沒有綁定${who["zh-TW"]}為共濟親屬。要邀請${pronounTw}成為共濟親屬嗎？`,
    `Your ${who.en} is not bound to you as a relative. Invite ${pronounEn}?`,
  );
}

/** Nobody by that relation or name: said before the full list is offered. */
function noneMatching(relation: Relation | undefined, gender?: Gender): Text {
  if (!relation) return L("没有找到这位亲属。", "沒有找到這位親屬。", "No relative by that name was found.");
  if (gender) {
    const who = namedRelative(relation, gender);
    return L(`没有找到符合条件的${who["zh-CN"]}。`, `沒有找到符合條件的${who["zh-TW"]}。`, `No matching ${who.en} was found.`);
  }
  const rel = relationText(relation);
  return L(`没有找到符合条件的${rel["zh-CN"]}。`, `沒有找到符合條件的${rel["zh-TW"]}。`, `No matching ${rel.en} was found.`);
}

/** Pre-fills the relative slot from what was heard: one match fills it, several narrow the list. */
export async function prefillRelative(r: FlowRun, items: RelativeItem[], heard: Slots | undefined, slot: string): Promise<void> {
  const m = await matchRelatives(r, items, heard);
  if (!m.asked) return;
  if (m.items.length === 1) r.slots[slot] = m.items[0]!.bindingId;
  else if (m.items.length > 1) r.slots.narrow = { relation: heard?.relation ?? null, ids: m.items.map((i) => i.bindingId) };
  else r.say(noneMatching(heard?.relation, heard?.gender));
}

/**
 * When the user named a relation (and maybe a sex) that none of their bound relatives has, sets up
 * the invitation offer (`offerInviteStep`) and says so; true when it did.
 */
export async function offerInviteIfNoneBound(r: FlowRun, heard: Slots | undefined): Promise<boolean> {
  if (!heard?.relation || heard.relativeName) return false;
  const all = (await listRelatives(r.ctx, r.userId)).items;
  const m = await matchRelatives(r, all, { relation: heard.relation, ...(heard.gender ? { gender: heard.gender } : {}) });
  if (m.items.length > 0) return false;
  r.slots.inviteOffer = { relation: heard.relation, ...(heard.gender ? { gender: heard.gender } : {}) };
  return true;
}

type InviteOffer = { relation: Relation; gender?: Gender };

/** "您还没有绑定妈妈为共济亲属。要邀请她吗？" — yes starts the invitation with the relation filled. */
export const offerInviteStep: Step = {
  id: "invite_offer",
  kind: "confirm",
  slot: "inviteAccepted",
  when: (r) => r.slots.inviteOffer !== undefined,
  ask(r) {
    const o = r.slots.inviteOffer as InviteOffer;
    return { label: noneBound(o.relation, o.gender) };
  },
  schema: z.boolean(),
  async after(r) {
    const o = r.slots.inviteOffer as InviteOffer;
    return {
      type: "switch",
      flow: "bind_relative",
      heard: { intent: "bind_relative", slots: { relation: o.relation, ...(o.gender ? { gender: o.gender } : {}) } },
    };
  },
};

export type Narrow = { relation: Relation | null; ids: string[] };

/** Items left after a narrowing, or all of them. */
export function narrowed(r: FlowRun, items: RelativeItem[]): { items: RelativeItem[]; narrow: Narrow | null } {
  const narrow = (r.slots.narrow as Narrow | undefined) ?? null;
  if (!narrow) return { items, narrow: null };
  const left = items.filter((i) => narrow.ids.includes(i.bindingId));
  return left.length ? { items: left, narrow } : { items, narrow: null };
}

/** Recovery as a table: a refusal's code → the step to ask again (absent: the flow ends politely). */
export function recoverTo(steps: Partial<Record<ErrorCode, string>>) {
  return (err: DomainError): string | undefined => steps[err.code];
}
