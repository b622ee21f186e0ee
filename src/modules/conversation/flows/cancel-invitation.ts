import { z } from "@hono/zod-openapi";
import { requireVerifiedPerson } from "@/modules/identity/identity.service";
import { cancelInvitation } from "@/modules/relatives/invitations.service";
import { genderOfPersons, pendingInvitationsSentBy } from "../conversation.repo";
import { each, instant, relationText } from "../engine/text";
import { L, type Flow, type FlowRun, type OptionSpec } from "../engine/types";
import { namedRelative } from "./shared";

async function pending(r: FlowRun) {
  const { personId } = await requireVerifiedPerson(r.ctx, r.ctx.db, r.userId);
  return pendingInvitationsSentBy(r.ctx.db, personId, r.ctx.clock.now());
}

function option(inv: Awaited<ReturnType<typeof pending>>[number]): OptionSpec {
  const rel = relationText(inv.relation);
  const until = instant(inv.expiresAt);
  return {
    value: inv.code,
    label: each((lang) =>
      lang === "en" ? `${rel.en} ${inv.maskedName} (until ${until.en})` : `${rel[lang]} ${inv.maskedName}（${until[lang]}前有效）`,
    ),
    relation: inv.relation,
  };
}

/** The inviter withdraws a pending invitation. */
export const cancelInvitationFlow: Flow = {
  name: "cancel_invitation",
  async start(r, heard) {
    let list = await pending(r);
    if (list.length === 0) {
      r.say(L("您没有等待对方接受的邀请。", "您沒有等待對方接受的邀請。", "You have no invitation waiting for an answer."));
      return { type: "done", suggest: ["bind_relative"] };
    }
    const relation = heard?.slots.relation;
    if (relation) {
      list = list.filter((i) => i.relation === relation);
      if (heard?.slots.gender) {
        const g = await genderOfPersons(
          r.ctx.db,
          list.map((i) => i.inviteePersonId),
        );
        list = list.filter((i) => g.get(i.inviteePersonId) === heard.slots.gender);
      }
      if (list.length === 0) {
        const who = namedRelative(relation, heard?.slots.gender);
        r.say(
          L(
            `没有发给${who["zh-CN"]}的待接受邀请。`,
            `沒有發給${who["zh-TW"]}的待接受邀請。`,
            `There is no pending invitation to your ${who.en}.`,
          ),
        );
      }
    }
    if (list.length === 1) r.slots.code = list[0]!.code;
  },
  steps: [
    {
      id: "invitation",
      kind: "choice",
      slot: "code",
      ask: async (r) => ({
        label: L("要撤回哪一个邀请？", "要撤回哪一個邀請？", "Which invitation do you want to withdraw?"),
        options: (await pending(r)).map(option),
      }),
      schema: z.string().min(4).max(16),
    },
    {
      id: "confirm",
      kind: "confirm",
      slot: "confirmed",
      async ask(r) {
        const inv = (await pending(r)).find((i) => i.code === r.slots.code);
        const label = inv ? option(inv).label : L("", "", "");
        return {
          label: each((lang) =>
            lang === "en"
              ? `Withdraw the invitation to your ${label.en}?`
              : lang === "zh-TW"
                ? `確認撤回發給${label["zh-TW"]}的邀請？`
                : `确认撤回发给${label["zh-CN"]}的邀请？`,
          ),
        };
      },
      schema: z.boolean(),
    },
  ],
  async finish(r) {
    const inv = await cancelInvitation(r.ctx, r.userId, r.slots.code as string);
    r.say(L("邀请已撤回，邀请码已失效。", "邀請已撤回，邀請碼已失效。", "The invitation was withdrawn; its code no longer works."), {
      type: "invitation",
      invitationId: inv.id,
      code: inv.code,
      relation: inv.relation,
      status: inv.status,
      expiresAt: inv.expiresAt,
    });
    return { type: "done", suggest: ["bind_relative"] };
  },
  recover: (err) => (err.code === "NOT_FOUND" ? "invitation" : undefined),
  cancelled: L("好的，邀请仍然有效。", "好的，邀請仍然有效。", "OK; the invitation is still open."),
};
