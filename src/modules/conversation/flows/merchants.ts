import { DomainError } from "@/lib/problem";
import { requireVerifiedPerson } from "@/modules/identity/identity.service";
import { listMerchants } from "@/modules/settlement/merchants.service";
import { requireOwnWallet } from "@/modules/wallet/wallet.service";
import { allRegions } from "../conversation.repo";
import { normalize } from "../nlu/normalize";
import { each } from "../engine/text";
import { L, type Flow, type FlowRun, type Text } from "../engine/types";

const SHOWN = 10;

const KIND: Record<string, Text> = { hospital: L("定点医院", "定點醫院", "hospitals"), pharmacy: L("定点药店", "定點藥店", "pharmacies") };

/** The region the user asked about ("苏州哪些医院能用"), else where the wallet is used, else home. */
async function regionFor(r: FlowRun): Promise<{ code: string; name: string }> {
  const regions = await allRegions(r.ctx.db);
  const said = r.heardText ? normalize(r.heardText) : "";
  const named = regions.find((g) => said.includes(g.name.replace(/[市区县]$/u, "")));
  if (named) return named;
  let code: string;
  try {
    code = (await requireOwnWallet(r.ctx, r.userId)).wallet.usageRegionCode;
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    code = (await requireVerifiedPerson(r.ctx, r.ctx.db, r.userId)).person.regionCode;
  }
  return regions.find((g) => g.code === code) ?? { code, name: code };
}

function kindAsked(text: string | undefined): "hospital" | "pharmacy" | undefined {
  if (!text) return undefined;
  const t = normalize(text);
  if (/药店|药房|pharmac|drugstore/.test(t)) return "pharmacy";
  if (/医院|诊所|hospital|clinic/.test(t)) return "hospital";
  return undefined;
}

/** Institutions that accept the wallet, from the same directory the merchants page reads. */
export const merchantsFlow: Flow = {
  name: "merchants",
  steps: [],
  async finish(r) {
    const region = await regionFor(r);
    const kind = kindAsked(r.heardText);
    const { items: all } = await listMerchants(r.ctx, { regionCode: region.code, acceptsWallet: true, limit: 100 });
    const items = (kind ? all.filter((m) => m.kind === kind) : all).slice(0, SHOWN);
    const what = kind ? KIND[kind]! : L("定点医药机构", "定點醫藥機構", "designated medical institutions");
    if (items.length === 0) {
      r.say(
        L(
          `${region.name}暂时没有找到可以使用医保钱包的${what["zh-CN"]}。`,
          `${region.name}暫時沒有找到可以使用醫保錢包的${what["zh-TW"]}。`,
          `No ${what.en} in ${region.name} accept the wallet yet.`,
        ),
        { type: "merchants", regionCode: region.code, regionName: region.name, items: [] },
      );
      return { type: "done", suggest: ["agent"] };
    }
    r.say(
      each((lang) => {
        const kindOf = (k: string) =>
          lang === "en" ? (k === "pharmacy" ? "pharmacy" : "hospital") : KIND[k]![lang].replace(/^定[点點]/u, "");
        const lines = items.map((m) => (lang === "en" ? `· ${m.name} (${kindOf(m.kind)})` : `· ${m.name}（${kindOf(m.kind)}）`)).join("\n");
        if (lang === "en") return `In ${region.name}, these ${what.en} accept the wallet:\n${lines}`;
        return `${region.name}可以使用医保钱包的${what[lang]}：\n${lines}`;
      }),
      {
        type: "merchants",
        regionCode: region.code,
        regionName: region.name,
        items: items.map((m) => ({ id: m.id, name: m.name, kind: m.kind })),
      },
    );
    return { type: "done", suggest: ["ecode"] };
  },
};
