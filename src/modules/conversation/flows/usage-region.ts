import { z } from "@hono/zod-openapi";
import { changeUsageRegion, requireOwnWallet } from "@/modules/wallet/wallet.service";
import { allRegions } from "../conversation.repo";
import { normalize } from "../nlu/normalize";
import { L, type Flow, type FlowRun } from "../engine/types";

type Region = Awaited<ReturnType<typeof allRegions>>[number];

/** The region a sentence names ("我搬到南京了", "成都"), by the name without 市/区/县. */
function regionNamed(regions: Region[], text: string): Region | undefined {
  const t = normalize(text);
  return regions.find((g) => t.includes(g.name.replace(/[市区县]$/u, "")));
}

async function current(r: FlowRun): Promise<string> {
  return (await requireOwnWallet(r.ctx, r.userId)).wallet.usageRegionCode;
}

const nameOf = (regions: Region[], code: string) => regions.find((g) => g.code === code)?.name ?? code;

/** The usage location (使用地): where the wallet is used for medical payments. */
export const usageRegionFlow: Flow = {
  name: "usage_region",
  async start(r) {
    const code = await current(r);
    const regions = await allRegions(r.ctx.db);
    const here = nameOf(regions, code);
    r.say(L(`您现在的使用地是${here}。`, `您現在的使用地是${here}。`, `Your usage location is ${here}.`));
    const named = r.heardText ? regionNamed(regions, r.heardText) : undefined;
    if (named && named.code !== code) r.slots.regionCode = named.code;
  },
  steps: [
    {
      id: "region",
      kind: "choice",
      slot: "regionCode",
      async ask(r) {
        const code = await current(r);
        const regions = (await allRegions(r.ctx.db)).filter((g) => g.code !== code);
        return {
          label: L("要改为哪个城市？", "要改為哪個城市？", "Which city should it be?"),
          options: regions.map((g) => ({ value: g.code, label: L(g.name, g.name, g.name) })),
        };
      },
      coerce: (v, _r, prompt) => {
        if (typeof v !== "string" || prompt.options?.some((o) => o.value === v)) return v;
        const t = normalize(v);
        return prompt.options?.find((o) => t.includes(o.label.replace(/[市区县]$/u, "")))?.value ?? v;
      },
      schema: z.string().regex(/^\d{6}$/),
    },
    {
      id: "confirm",
      kind: "confirm",
      slot: "confirmed",
      async ask(r) {
        const name = nameOf(await allRegions(r.ctx.db), r.slots.regionCode as string);
        return { label: L(`确认把使用地改为${name}？`, `確認把使用地改為${name}？`, `Change the usage location to ${name}?`) };
      },
      schema: z.boolean(),
    },
  ],
  async finish(r) {
    const w = await changeUsageRegion(r.ctx, r.userId, r.slots.regionCode as string);
    const name = nameOf(await allRegions(r.ctx.db), w.usageRegionCode);
    r.say(L(`使用地已改为${name}。`, `使用地已改為${name}。`, `Your usage location is now ${name}.`), {
      type: "wallet",
      walletId: w.id,
      status: w.status,
      usageRegionCode: w.usageRegionCode,
      usageRegionName: name,
    });
    return { type: "done", suggest: ["merchants"] };
  },
  recover: (err) => (err.code === "NOT_FOUND" || err.code === "REGION_UNKNOWN" ? "region" : undefined),
  cancelled: L("好的，已取消，使用地没有改变。", "好的，已取消，使用地沒有改變。", "OK, cancelled; the usage location is unchanged."),
};
