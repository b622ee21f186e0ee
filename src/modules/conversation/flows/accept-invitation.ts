import { z } from "@hono/zod-openapi";
import { acceptInvitation, declineInvitation, viewInvitation } from "@/modules/relatives/invitations.service";
import { relativeErrors } from "@/modules/relatives/relatives.errors";
import { each, relationText } from "../engine/text";
import { L, type Flow } from "../engine/types";
import { REAL_NAME_RECOVERY, ensureVerified, faceStep, idNumberStep, markVerified, nameStep } from "./real-name";
import { recoverTo } from "./shared";

// Invitation codes use an alphabet without 0/O/1/I/L (ids.ts), 8 characters long.
const CODE = /(?<![0-9A-Z])[2-9A-HJKMNP-Z]{8}(?![0-9A-Z])/;

function codeIn(text: unknown): unknown {
  if (typeof text !== "string") return text;
  return CODE.exec(text.toUpperCase())?.[0] ?? text;
}

export const acceptInvitationFlow: Flow = {
  name: "accept_invitation",
  async start(r) {
    await markVerified(r);
    const code = r.heardText ? CODE.exec(r.heardText.toUpperCase())?.[0] : undefined;
    if (code) r.slots.code = code;
  },
  steps: [
    {
      id: "code",
      kind: "text",
      slot: "code",
      ask: () => ({ label: L("请输入8位邀请码", "請輸入8位邀請碼", "Enter the 8-character invitation code") }),
      coerce: codeIn,
      schema: z.string().regex(CODE),
      invalid: L("邀请码是8位字母和数字。", "邀請碼是8位字母和數字。", "The code is 8 letters and digits."),
    },
    {
      id: "decision",
      kind: "choice",
      slot: "decision",
      async ask(r) {
        const inv = await viewInvitation(r.ctx, r.slots.code as string);
        if (inv.status === "expired") throw relativeErrors.expired();
        if (inv.status !== "pending") throw relativeErrors.notPending(inv.status);
        // inverseRelation: what the inviter is to the person reading this.
        const rel = relationText(inv.inverseRelation);
        const who = inv.inviter.maskedName;
        return {
          label: each((lang) =>
            lang === "en"
              ? `${who} (your ${rel.en}) invites you to be family mutual-aid relatives. Accept?`
              : lang === "zh-TW"
                ? `${who}（您的${rel["zh-TW"]}）邀請您成為共濟親屬，是否接受？`
                : `${who}（您的${rel["zh-CN"]}）邀请您成为共济亲属，是否接受？`,
          ),
          options: [
            { value: "accept", label: L("接受", "接受", "Accept") },
            { value: "decline", label: L("拒绝", "拒絕", "Decline") },
          ],
          card: {
            type: "invitation",
            code: inv.code,
            status: inv.status,
            inviter: inv.inviter,
            relation: inv.inverseRelation,
            expiresAt: inv.expiresAt,
          },
        };
      },
      coerce: (v) =>
        typeof v === "string" && /拒|不/.test(v) ? "decline" : typeof v === "string" && /接受|同意|好/.test(v) ? "accept" : v,
      schema: z.enum(["accept", "decline"]),
    },
    nameStep,
    idNumberStep,
    faceStep((r) => !r.slots.verified || r.slots.decision === "accept"),
  ],
  async finish(r) {
    await ensureVerified(r);
    const code = r.slots.code as string;
    if (r.slots.decision === "decline") {
      await declineInvitation(r.ctx, r.userId, code);
      r.say(L("已拒绝该邀请。", "已拒絕該邀請。", "You declined the invitation."));
      return { type: "done" };
    }
    const { binding } = await acceptInvitation(r.ctx, r.userId, code, (await r.secret("faceToken")) ?? "");
    r.say(
      L(
        `已接受邀请，您和 ${binding.relative.maskedName} 已成为共济亲属。`,
        `已接受邀請，您和 ${binding.relative.maskedName} 已成為共濟親屬。`,
        `Accepted: you and ${binding.relative.maskedName} are now linked for family mutual aid.`,
      ),
      {
        type: "binding",
        bindingId: binding.bindingId,
        relation: binding.relation,
        relative: { maskedName: binding.relative.maskedName, regionCode: binding.relative.regionCode },
      },
    );
    return { type: "done", suggest: ["open_wallet", "transfer"] };
  },
  recover: recoverTo({ ...REAL_NAME_RECOVERY, NOT_FOUND: "code" }),
  cancelled: L("好的，已取消，邀请仍然有效。", "好的，已取消，邀請仍然有效。", "OK, cancelled; the invitation is still open."),
};
