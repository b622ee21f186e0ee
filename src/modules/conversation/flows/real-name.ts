// Real-name verification steps shared by the flows a new user may start with (open the wallet,
// accept an invitation): name, ID number and face, then the identity service's realName.

import { z } from "@hono/zod-openapi";
import type { ErrorCode } from "@/lib/error-codes";
import { findUser } from "@/modules/identity/identity.repo";
import { realName, requireValidIdNumber } from "@/modules/identity/identity.service";
import { L, type FlowRun, type Step } from "../engine/types";

const unverified = (r: FlowRun) => !r.slots.verified;

export async function markVerified(r: FlowRun): Promise<void> {
  const user = await findUser(r.ctx.db, r.userId);
  r.slots.verified = !!user?.personId;
}

export const nameStep: Step = {
  id: "name",
  kind: "text",
  slot: "name",
  storage: "sealed",
  mask: "name",
  when: unverified,
  ask: () => ({ label: L("请输入您的姓名（与身份证一致）", "請輸入您的姓名（與身分證一致）", "Enter your name as on your ID card") }),
  schema: z.string().trim().min(1).max(50),
};

export const idNumberStep: Step = {
  id: "id_number",
  kind: "id_number",
  slot: "idNumber",
  storage: "sealed",
  when: unverified,
  ask: () => ({ label: L("请输入您的18位身份证号码", "請輸入您的18位身分證號碼", "Enter your 18-character ID number") }),
  schema: z.string().min(15).max(32),
  check: async (r, v) => {
    requireValidIdNumber(r.ctx, String(v));
  },
};

/** The face check; the client runs the super-app's face SDK and answers with its token. */
export function faceStep(when?: (r: FlowRun) => boolean): Step {
  return {
    id: "face",
    kind: "face",
    slot: "faceToken",
    storage: "sealed",
    ...(when ? { when } : {}),
    ask: () => ({ label: L("请完成人脸识别", "請完成人臉識別", "Please complete the face check") }),
    schema: z.string().min(1).max(512),
  };
}

/** Runs real-name verification once the user has given name, ID number and face. */
export async function ensureVerified(r: FlowRun): Promise<void> {
  if (r.slots.verified) return;
  const [name, idNumber, faceToken] = await Promise.all([r.secret("name"), r.secret("idNumber"), r.secret("faceToken")]);
  await realName(r.ctx, r.userId, { name: name ?? "", idNumber: idNumber ?? "", faceToken: faceToken ?? "" }, r.ip);
  r.slots.verified = true;
}

/** Which real-name answer a refusal points back to. */
export const REAL_NAME_RECOVERY: Partial<Record<ErrorCode, string>> = {
  NAME_MISMATCH: "name",
  ID_NUMBER_INVALID: "id_number",
  FACE_CHECK_FAILED: "face",
};
