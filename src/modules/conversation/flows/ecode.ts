import { z } from "@hono/zod-openapi";
import { ECODE_TTL_SECONDS, issueEcode } from "@/modules/settlement/ecode.service";
import { listRelatives } from "@/modules/relatives/bindings.service";
import { requireOwnWallet, walletNotOpen } from "@/modules/wallet/wallet.service";
import { DomainError } from "@/lib/problem";
import { managedWalletOf } from "../conversation.repo";
import { each, relationText } from "../engine/text";
import { L, type Flow, type FlowRun, type OptionSpec } from "../engine/types";

const OWN = "own";

async function ownWalletId(r: FlowRun): Promise<string | null> {
  try {
    return (await requireOwnWallet(r.ctx, r.userId)).wallet.id;
  } catch (e) {
    if (e instanceof DomainError && e.code === "WALLET_NOT_OPEN") return null;
    throw e;
  }
}

/** My wallet and the wallets I manage as guardian: whose code may be shown from this phone. */
async function choices(r: FlowRun): Promise<OptionSpec[]> {
  const own = await ownWalletId(r);
  const out: OptionSpec[] = own ? [{ value: OWN, label: L("我自己", "我自己", "Myself") }] : [];
  const wards = (await listRelatives(r.ctx, r.userId)).items.filter((i) => i.managedByMe && i.hasWallet);
  for (const w of wards) {
    const rel = relationText(w.relation);
    out.push({ value: w.bindingId, label: each((lang) => `${rel[lang]} ${w.relative.maskedName}`), relation: w.relation });
  }
  return out;
}

/**
 * The one-time e-code shown at a hospital or pharmacy counter: the way a bill is paid. The code
 * itself reaches this response only (a secret card field), never the transcript.
 */
export const ecodeFlow: Flow = {
  name: "ecode",
  async start(r) {
    const options = await choices(r);
    if (options.length === 0) throw walletNotOpen();
    if (options.length === 1) r.slots.whose = options[0]!.value;
  },
  steps: [
    {
      id: "whose",
      kind: "choice",
      slot: "whose",
      ask: async (r) => ({
        label: L("要出示谁的医保码？", "要出示誰的醫保碼？", "Whose medical insurance code?"),
        options: await choices(r),
      }),
      schema: z.string().min(1).max(64),
    },
  ],
  async finish(r) {
    const whose = r.slots.whose as string;
    let walletId: string | undefined;
    if (whose !== OWN) {
      const ward = (await listRelatives(r.ctx, r.userId)).items.find((i) => i.bindingId === whose && i.managedByMe);
      if (!ward) throw walletNotOpen();
      walletId = await managedWalletOf(r.ctx.db, r.userId, ward.relative.personId);
      if (!walletId) throw walletNotOpen();
    }
    const code = await issueEcode(r.ctx, r.userId, walletId);
    const s = ECODE_TTL_SECONDS;
    r.say(
      L(
        `请向收银员出示医保码，${s}秒内有效；过期后点“刷新”重新生成。付款时先扣个人账户资金，再扣亲属转入资金。`,
        `請向收銀員出示醫保碼，${s}秒內有效；過期後點「刷新」重新生成。付款時先扣個人賬戶資金，再扣親屬轉入資金。`,
        `Show this code at the counter; it is valid for ${s} seconds (tap Refresh for a new one). Payments use own funds first, then received funds.`,
      ),
      { type: "ecode", walletId: code.walletId, expiresAt: code.expiresAt },
      { code: code.code },
    );
    return { type: "done", suggest: ["merchants", "bills"] };
  },
};
