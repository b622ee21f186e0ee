import { z } from "@hono/zod-openapi";
import { maskIdNumber, maskName } from "@/lib/mask";
import { beijingDate } from "@/lib/time";
import { requireValidIdNumber, requireVerifiedPerson } from "@/modules/identity/identity.service";
import { createInvitation } from "@/modules/relatives/invitations.service";
import { policyOnDate } from "@/modules/relatives/policy.service";
import { RELATIONS, relationsInScope, type Relation } from "@/modules/relatives/relation-rules";
import { RELATIONS as RELATION_ENUM } from "@/modules/relatives/relatives.schema";
import { each, instant, relationText } from "../engine/text";
import { L, type Flow, type FlowRun, type Text } from "../engine/types";
import { recoverTo } from "./shared";

/** The relations the user's region allows, from its policy in force today. */
async function allowed(r: FlowRun): Promise<readonly Relation[]> {
  const { person } = await requireVerifiedPerson(r.ctx, r.ctx.db, r.userId);
  const policy = await policyOnDate(r.ctx.db, person.regionCode, beijingDate(r.ctx.clock.now()));
  return policy ? relationsInScope(policy.relationScope) : RELATIONS;
}

function relationOf(r: FlowRun): Text {
  return relationText(r.slots.relation as Relation);
}

export const bindRelativeFlow: Flow = {
  name: "bind_relative",
  async start(r, heard) {
    const scope = await allowed(r);
    const relation = heard?.slots.relation;
    if (relation && scope.includes(relation)) r.slots.relation = relation;
    if (heard?.slots.relativeName) await r.setSecret("relativeName", heard.slots.relativeName);
  },
  steps: [
    {
      id: "relation",
      kind: "choice",
      slot: "relation",
      async ask(r) {
        const scope = await allowed(r);
        return {
          label: L("对方是您的什么人？", "對方是您的什麼人？", "How is the relative related to you?"),
          options: scope.map((rel) => ({ value: rel, label: relationText(rel), relation: rel })),
        };
      },
      schema: z.enum(RELATION_ENUM),
    },
    {
      id: "relativeName",
      kind: "text",
      slot: "relativeName",
      storage: "sealed",
      mask: "name",
      ask: (r) => {
        const rel = relationOf(r);
        return { label: L(`请输入您${rel["zh-CN"]}的姓名`, `請輸入您${rel["zh-TW"]}的姓名`, `Enter your ${rel.en}'s full name`) };
      },
      schema: z.string().trim().min(1).max(50),
    },
    {
      id: "relativeIdNumber",
      kind: "id_number",
      slot: "relativeIdNumber",
      storage: "sealed",
      ask: (r) => {
        const rel = relationOf(r);
        return {
          label: L(
            `请输入您${rel["zh-CN"]}的18位身份证号码`,
            `請輸入您${rel["zh-TW"]}的18位身分證號碼`,
            `Enter your ${rel.en}'s 18-character ID number`,
          ),
        };
      },
      schema: z.string().min(15).max(32),
      check: async (r, v) => {
        requireValidIdNumber(r.ctx, String(v));
      },
    },
    {
      id: "confirm",
      kind: "confirm",
      slot: "confirmed",
      async ask(r) {
        const rel = relationOf(r);
        const name = maskName((await r.secret("relativeName")) ?? "");
        const id = maskIdNumber((await r.secret("relativeIdNumber")) ?? "");
        return {
          label: each((lang) =>
            lang === "en"
              ? `Invite ${name} (ID ${id}) as your ${rel.en}?`
              : lang === "zh-TW"
                ? `確認邀請 ${name}（身分證 ${id}）成為您的共濟親屬（${rel["zh-TW"]}）？`
                : `确认邀请 ${name}（身份证 ${id}）成为您的共济亲属（${rel["zh-CN"]}）？`,
          ),
          card: { type: "binding_summary", relation: r.slots.relation, maskedName: name, maskedIdNumber: id },
        };
      },
      schema: z.boolean(),
    },
  ],
  async finish(r) {
    const [name, idNumber] = await Promise.all([r.secret("relativeName"), r.secret("relativeIdNumber")]);
    const inv = await createInvitation(r.ctx, r.userId, {
      relation: r.slots.relation as Relation,
      name: name ?? "",
      idNumber: idNumber ?? "",
    });
    const until = instant(new Date(inv.expiresAt));
    r.say(
      L(
        `邀请已发出，邀请码 ${inv.code}，${until["zh-CN"]}前有效。请把邀请分享给对方，对方在医保钱包中接受后即可共济。`,
        `邀請已發出，邀請碼 ${inv.code}，${until["zh-TW"]}前有效。請把邀請分享給對方，對方在醫保錢包中接受後即可共濟。`,
        `Invitation sent: code ${inv.code}, valid until ${until.en}. Share it; once your relative accepts, you can help each other.`,
      ),
      { type: "invitation", invitationId: inv.id, code: inv.code, relation: inv.relation, status: inv.status, expiresAt: inv.expiresAt },
    );
    return { type: "done", suggest: ["transfer"] };
  },
  recover: recoverTo({
    RELATION_NOT_ALLOWED: "relation",
    RELATION_IMPLAUSIBLE: "relation",
    NAME_MISMATCH: "relativeName",
    ID_NUMBER_INVALID: "relativeIdNumber",
    NOT_INSURED: "relativeIdNumber",
  }),
  cancelled: L("好的，已取消，没有发出邀请。", "好的，已取消，沒有發出邀請。", "OK, cancelled; no invitation was sent."),
};
