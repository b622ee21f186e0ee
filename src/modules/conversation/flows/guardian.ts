import { z } from "@hono/zod-openapi";
import { maskIdNumber, maskName } from "@/lib/mask";
import { requireValidIdNumber } from "@/modules/identity/identity.service";
import { listRelatives } from "@/modules/relatives/bindings.service";
import { bindMinor, openWardWallet } from "@/modules/relatives/minors.service";
import { GUARDIAN_COMMITMENT, WALLET_AGREEMENT } from "@/modules/wallet/agreement";
import { each, relationText } from "../engine/text";
import { L, type Flow, type FlowRun, type OptionSpec } from "../engine/types";
import { faceStep } from "./real-name";
import { newPinStep, recoverTo, type RelativeItem } from "./shared";

const NEW = "new";
type MinorRelation = "child" | "grandchild";

/** Minors I am guardian of whose wallet is not open yet. */
async function wards(r: FlowRun): Promise<RelativeItem[]> {
  return (await listRelatives(r.ctx, r.userId)).items.filter((i) => i.guardian && !i.hasWallet);
}

function wardOption(i: RelativeItem): OptionSpec {
  const rel = relationText(i.relation);
  return { value: i.bindingId, label: each((lang) => `${rel[lang]} ${i.relative.maskedName}`), relation: i.relation };
}

const isNew = (r: FlowRun) => r.slots.ward === NEW && r.slots.bindingId === undefined;

/**
 * A parent or grandparent binds a child under 16 directly (the registry confirms the relation) and,
 * as guardian, opens the child's wallet (代开通): the commitment, the guardian's own face check and
 * the child's payment PIN. Both actions are the relatives service's.
 */
export const guardianFlow: Flow = {
  name: "guardian",
  async start(r, heard) {
    const list = await wards(r);
    const rel = heard?.slots.relation;
    if (rel === "child" || rel === "grandchild") r.slots.minorRelation = rel;
    if (list.length === 0) r.slots.ward = NEW;
  },
  steps: [
    {
      id: "ward",
      kind: "choice",
      slot: "ward",
      async ask(r) {
        const options = (await wards(r)).map(wardOption);
        options.push({ value: NEW, label: L("添加一位未满16周岁的孩子", "添加一位未滿16週歲的孩子", "Add a child under 16") });
        return { label: L("要为哪位孩子开通医保钱包？", "要為哪位孩子開通醫保錢包？", "Whose wallet do you want to open?"), options };
      },
      schema: z.string().min(1).max(64),
      after: async (r) => {
        if (r.slots.ward !== NEW) r.slots.bindingId = r.slots.ward;
      },
    },
    {
      id: "minorRelation",
      kind: "choice",
      slot: "minorRelation",
      when: isNew,
      ask: () => ({
        label: L("孩子是您的？", "孩子是您的？", "The child is your…"),
        options: (["child", "grandchild"] as const).map((rel) => ({ value: rel, label: relationText(rel), relation: rel })),
      }),
      schema: z.enum(["child", "grandchild"]),
    },
    {
      id: "minorName",
      kind: "text",
      slot: "minorName",
      storage: "sealed",
      mask: "name",
      when: isNew,
      ask: () => ({ label: L("请输入孩子的姓名", "請輸入孩子的姓名", "Enter the child's full name") }),
      schema: z.string().trim().min(1).max(50),
    },
    {
      id: "minorIdNumber",
      kind: "id_number",
      slot: "minorIdNumber",
      storage: "sealed",
      when: isNew,
      ask: () => ({ label: L("请输入孩子的18位身份证号码", "請輸入孩子的18位身分證號碼", "Enter the child's 18-character ID number") }),
      schema: z.string().min(15).max(32),
      check: async (r, v) => {
        requireValidIdNumber(r.ctx, String(v));
      },
    },
    {
      id: "bind",
      kind: "confirm",
      slot: "bindConfirmed",
      when: isNew,
      async ask(r) {
        const rel = relationText(r.slots.minorRelation as MinorRelation);
        const name = maskName((await r.secret("minorName")) ?? "");
        const id = maskIdNumber((await r.secret("minorIdNumber")) ?? "");
        return {
          label: each((lang) =>
            lang === "en"
              ? `Bind ${name} (ID ${id}) as your ${rel.en}, with you as guardian? The registry checks the relation.`
              : lang === "zh-TW"
                ? `確認添加 ${name}（身分證 ${id}）為您的${rel["zh-TW"]}，由您作為監護人？將在戶籍登記中核實關係。`
                : `确认添加 ${name}（身份证 ${id}）为您的${rel["zh-CN"]}，由您作为监护人？将在户籍登记中核实关系。`,
          ),
          card: { type: "binding_summary", relation: r.slots.minorRelation, maskedName: name, maskedIdNumber: id },
        };
      },
      schema: z.boolean(),
      // Applied once: the reply to this step is stored, so a repeat gets the same answer.
      async after(r) {
        const [name, idNumber] = await Promise.all([r.secret("minorName"), r.secret("minorIdNumber")]);
        const { binding } = await bindMinor(r.ctx, r.userId, {
          relation: r.slots.minorRelation as MinorRelation,
          name: name ?? "",
          idNumber: idNumber ?? "",
        });
        r.slots.bindingId = binding.bindingId;
        r.say(
          L(
            `已添加 ${binding.relative.maskedName} 为共济亲属，您是监护人。`,
            `已添加 ${binding.relative.maskedName} 為共濟親屬，您是監護人。`,
            `${binding.relative.maskedName} is now bound to you, with you as guardian.`,
          ),
          {
            type: "binding",
            bindingId: binding.bindingId,
            relation: binding.relation,
            relative: { maskedName: binding.relative.maskedName, regionCode: binding.relative.regionCode },
          },
        );
      },
    },
    {
      id: "commitment",
      kind: "confirm",
      slot: "committed",
      ask: () => ({
        label: L(
          "为孩子开通医保钱包，请阅读并确认代开通承诺书",
          "為孩子開通醫保錢包，請閱讀並確認代開通承諾書",
          "To open the child's wallet, read and confirm the guardian commitment",
        ),
        card: {
          type: "agreement",
          version: GUARDIAN_COMMITMENT.version,
          title: "代开通承诺书",
          titleEn: "Guardian commitment",
          text: GUARDIAN_COMMITMENT.text,
        },
      }),
      schema: z.boolean(),
      keep: true,
    },
    faceStep(),
    newPinStep(
      L(
        "请为孩子的钱包设置6位数字支付密码（不能是连续或相同的数字，也不能是孩子的生日）",
        "請為孩子的錢包設置6位數字支付密碼（不能是連續或相同的數字，也不能是孩子的生日）",
        "Set a 6-digit payment PIN for the child's wallet (no sequences, no repeated digit, not the child's birth date)",
      ),
    ),
  ],
  async finish(r) {
    const [faceToken, paymentPassword] = await Promise.all([r.secret("faceToken"), r.secret("paymentPassword")]);
    const { wallet } = await openWardWallet(r.ctx, r.userId, r.slots.bindingId as string, {
      agreementVersion: WALLET_AGREEMENT.version,
      commitmentVersion: GUARDIAN_COMMITMENT.version,
      faceToken: faceToken ?? "",
      paymentPassword: paymentPassword ?? "",
    });
    r.say(
      L(
        "已为孩子开通医保钱包，您可以在钱包中为孩子出示医保码。",
        "已為孩子開通醫保錢包，您可以在錢包中為孩子出示醫保碼。",
        "The child's wallet is open; you can show the child's medical insurance code from your phone.",
      ),
      { type: "wallet", walletId: wallet.id, status: wallet.status, regionCode: wallet.regionCode, balances: wallet.balances },
    );
    return { type: "done", suggest: ["ecode", "pay_premium"] };
  },
  recover: recoverTo({
    NAME_MISMATCH: "minorName",
    ID_NUMBER_INVALID: "minorIdNumber",
    RELATION_NOT_VERIFIED: "minorIdNumber",
    RELATION_IMPLAUSIBLE: "minorRelation",
    FACE_CHECK_FAILED: "face",
    PASSWORD_WEAK: "password",
  }),
  cancelled: L("好的，已取消。", "好的，已取消。", "OK, cancelled."),
};
