import { z } from "@hono/zod-openapi";
import { listRelatives, unbind } from "@/modules/relatives/bindings.service";
import { each } from "../engine/text";
import { L, type Flow, type FlowRun } from "../engine/types";
import { ambiguous, matchRelatives, namedRelative, narrowed, relativeLabel, relativeOption, type RelativeItem } from "./shared";

async function bound(r: FlowRun): Promise<RelativeItem[]> {
  return (await listRelatives(r.ctx, r.userId)).items;
}

/** Ends a binding; either side may. Pending transfers between the two run their course. */
export const unbindFlow: Flow = {
  name: "unbind",
  async start(r, heard) {
    const items = await bound(r);
    if (items.length === 0) {
      r.say(L("您还没有共济亲属，不需要解除。", "您還沒有共濟親屬，不需要解除。", "You have no bound relatives."));
      return { type: "done", suggest: ["bind_relative"] };
    }
    const m = await matchRelatives(r, items, heard?.slots);
    if (m.asked && m.items.length === 0 && heard?.slots.relation) {
      // "解除和我妈的绑定" with no mother bound: nobody else is unbound in her place.
      const who = namedRelative(heard.slots.relation, heard.slots.gender);
      r.say(
        L(
          `您没有绑定${who["zh-CN"]}，不需要解除。`,
          `您沒有綁定${who["zh-TW"]}，不需要解除。`,
          `Your ${who.en} is not bound to you; there is nothing to end.`,
        ),
      );
      return { type: "done" };
    }
    if (m.asked && m.items.length === 1) r.slots.bindingId = m.items[0]!.bindingId;
    else if (m.asked && m.items.length > 1)
      r.slots.narrow = { relation: heard?.slots.relation ?? null, ids: m.items.map((i) => i.bindingId) };
  },
  steps: [
    {
      id: "relative",
      kind: "choice",
      slot: "bindingId",
      clears: ["narrow"],
      async ask(r) {
        const { items, narrow } = narrowed(r, await bound(r));
        const label = narrow
          ? ambiguous(narrow.relation ?? undefined, items.length, "解除", "解除", "unbind")
          : L("要解除和哪位亲属的共济关系？", "要解除和哪位親屬的共濟關係？", "Which relative do you want to unbind?");
        return { label, options: items.map(relativeOption) };
      },
      schema: z.string().min(1).max(64),
    },
    {
      id: "confirm",
      kind: "confirm",
      slot: "confirmed",
      async ask(r) {
        const item = (await bound(r)).find((i) => i.bindingId === r.slots.bindingId);
        const who = item ? relativeLabel(item) : L("", "", "");
        return {
          label: each((lang) =>
            lang === "en"
              ? `End the binding with your ${who.en}? You will no longer be able to send each other money; a transfer already waiting still runs its course.`
              : lang === "zh-TW"
                ? `確認解除與${who["zh-TW"]}的共濟關係？解除後不能再互相轉賬，已在途的轉賬照常處理。`
                : `确认解除与${who["zh-CN"]}的共济关系？解除后不能再互相转账，已在途的转账照常处理。`,
          ),
          ...(item
            ? {
                card: {
                  type: "binding",
                  bindingId: item.bindingId,
                  relation: item.relation,
                  relative: { maskedName: item.relative.maskedName, regionCode: item.relative.regionCode },
                },
              }
            : {}),
        };
      },
      schema: z.boolean(),
    },
  ],
  async finish(r) {
    await unbind(r.ctx, r.userId, r.slots.bindingId as string);
    r.say(L("已解除共济关系。", "已解除共濟關係。", "The binding has ended."));
    return { type: "done", suggest: ["bind_relative"] };
  },
  recover: (err) => (err.code === "NOT_FOUND" ? "relative" : undefined),
  cancelled: L("好的，已取消，共济关系不变。", "好的，已取消，共濟關係不變。", "OK, cancelled; nothing changed."),
};
