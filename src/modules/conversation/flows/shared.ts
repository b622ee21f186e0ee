import { z } from "@hono/zod-openapi";
import { lookupHash } from "@/lib/pii";
import { listRelatives } from "@/modules/relatives/bindings.service";
import type { Relation } from "@/modules/relatives/relation-rules";
import type { Slots } from "../nlu/intent";
import { personIdsNamed } from "../conversation.repo";
import { each, relationText, zhCount } from "../engine/text";
import { L, type FlowRun, type OptionSpec, type Step, type Text } from "../engine/types";

export type RelativeItem = Awaited<ReturnType<typeof listRelatives>>["items"][number];

export const PIN = z.string().regex(/^\d{6}$/);

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
  if (heard.relativeName) {
    const hash = await lookupHash(r.ctx.config.secrets.lookupHmac, "name", heard.relativeName);
    const named = new Set(await personIdsNamed(r.ctx.db, found.map((i) => i.relative.personId), hash));
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

/** Nobody by that relation or name: said before the full list is offered. */
export function noneMatching(relation: Relation | undefined): Text {
  if (!relation) return L("没有找到这位亲属。", "沒有找到這位親屬。", "No relative by that name was found.");
  const rel = relationText(relation);
  return L(`没有找到符合条件的${rel["zh-CN"]}。`, `沒有找到符合條件的${rel["zh-TW"]}。`, `No matching ${rel.en} was found.`);
}

/** Pre-fills the relative slot from what was heard: one match fills it, several narrow the list. */
export async function prefillRelative(r: FlowRun, items: RelativeItem[], heard: Slots | undefined, slot: string): Promise<void> {
  const m = await matchRelatives(r, items, heard);
  if (!m.asked) return;
  if (m.items.length === 1) r.slots[slot] = m.items[0]!.bindingId;
  else if (m.items.length > 1) r.slots.narrow = { relation: heard?.relation ?? null, ids: m.items.map((i) => i.bindingId) };
  else r.say(noneMatching(heard?.relation));
}

export type Narrow = { relation: Relation | null; ids: string[] };

/** Items left after a narrowing, or all of them. */
export function narrowed(r: FlowRun, items: RelativeItem[]): { items: RelativeItem[]; narrow: Narrow | null } {
  const narrow = (r.slots.narrow as Narrow | undefined) ?? null;
  if (!narrow) return { items, narrow: null };
  const left = items.filter((i) => narrow.ids.includes(i.bindingId));
  return left.length ? { items: left, narrow } : { items, narrow: null };
}

/** Recovery as a table: error code → the step to ask again (absent: the flow ends). */
export function stepFor(map: Record<string, string>) {
  return (err: { code: string }) => map[err.code];
}
