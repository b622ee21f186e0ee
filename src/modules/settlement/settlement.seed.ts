import type { Ctx } from "@/ctx";
import { onSeedSandbox } from "@/modules/sandbox/seed";
import { registerMerchant, type NewMerchant } from "./merchants.service";
import { merchants } from "./settlement.schema";

type Seed = Omit<NewMerchant, "regionCode">;
const H = (name: string, acceptsWallet = true): Seed => ({ name, kind: "hospital", acceptsWallet });
const P = (name: string, acceptsWallet = true): Seed => ({ name, kind: "pharmacy", acceptsWallet });

/**
 * Sandbox directory: real kinds of designated institutions per region, some not accepting the wallet
 * yet (as many do not). Guangdong had not joined the wallet, so Shenzhen's accept nothing.
 */
const SANDBOX_MERCHANTS: Record<string, Seed[]> = {
  "320500": [H("苏州大学附属第一医院"), H("苏州市立医院"), P("老百姓大药房（苏州观前店）"), P("雷允上药店（石路店）", false)],
  "320100": [H("江苏省人民医院"), H("南京鼓楼医院"), P("国大药房（新街口店）"), P("先声再康药房（湖南路店）", false)],
  "130100": [H("河北医科大学第二医院"), H("石家庄市第一医院", false), P("老百姓大药房（石家庄中山路店）")],
  "130600": [H("河北大学附属医院"), H("保定市第一中心医院"), P("老百姓大药房（保定朝阳大街店）")],
  "110000": [H("北京协和医院"), H("北京大学第一医院"), P("金象大药房（王府井店）"), P("同仁堂药店（前门店）", false)],
  "440300": [H("深圳市人民医院", false), H("北京大学深圳医院", false), P("海王星辰健康药房（福田店）", false)],
  "510100": [H("四川大学华西医院"), H("四川省人民医院"), P("一心堂药店（春熙路店）")],
};

/**
 * Each seeded merchant gets a key whose secret is thrown away: nobody can sign as them, so tests and
 * integrators register their own merchants through POST /v1/sandbox/merchants.
 */
async function seedSandboxMerchants(ctx: Ctx): Promise<void> {
  const existing = new Set(
    (await ctx.db.select({ name: merchants.name, regionCode: merchants.regionCode }).from(merchants)).map(
      (m) => `${m.regionCode}/${m.name}`,
    ),
  );
  for (const [regionCode, list] of Object.entries(SANDBOX_MERCHANTS)) {
    for (const m of list) {
      if (existing.has(`${regionCode}/${m.name}`)) continue;
      await registerMerchant(ctx, { ...m, regionCode });
    }
  }
}

onSeedSandbox(seedSandboxMerchants);
