import { z } from "@hono/zod-openapi";
import { changePassword, requireOwnWallet } from "@/modules/wallet/wallet.service";
import { normalize } from "../nlu/normalize";
import { L, type Flow } from "../engine/types";
import { PIN } from "./shared";

const PINS = z.object({ oldPassword: PIN, newPassword: PIN }).strict();

/**
 * Changes the payment PIN with the wallet service's rules (the current PIN, the strength rules).
 * One `password_change` prompt: the client's keypad asks the current PIN, the new one and the new
 * one again, and answers once, so no PIN is kept between requests.
 */
export const changePinFlow: Flow = {
  name: "change_pin",
  async start(r) {
    await requireOwnWallet(r.ctx, r.userId);
    if (r.heardText && /忘|forg/.test(normalize(r.heardText))) {
      r.say(
        L(
          "修改支付密码需要输入原密码。如果忘记了原密码，请输入“转人工”，客服核实身份后为您处理。",
          "修改支付密碼需要輸入原密碼。如果忘記了原密碼，請輸入「轉人工」，客服核實身份後為您處理。",
          "Changing the PIN needs the current one. If you forgot it, type “agent”: an agent will verify you and help.",
        ),
      );
    }
  },
  steps: [
    {
      id: "pins",
      kind: "password_change",
      slot: "pins",
      storage: "transient",
      ask: () => ({
        label: L(
          "请输入原支付密码，再设置新的6位支付密码（不能是连续或相同的数字，也不能是生日）",
          "請輸入原支付密碼，再設置新的6位支付密碼（不能是連續或相同的數字，也不能是生日）",
          "Enter your current PIN, then a new 6-digit PIN (no sequences, no repeated digit, not your birth date)",
        ),
      }),
      schema: PINS,
      invalid: L("支付密码是6位数字。", "支付密碼是6位數字。", "The payment PIN is 6 digits."),
    },
  ],
  async finish(r) {
    const pins = PINS.parse(JSON.parse((await r.secret("pins")) ?? "{}"));
    await changePassword(r.ctx, r.userId, pins.oldPassword, pins.newPassword);
    r.say(L("支付密码已修改，下次付款请使用新密码。", "支付密碼已修改，下次付款請使用新密碼。", "Your payment PIN has been changed."));
    return { type: "done" };
  },
  recover: (err) => (["PASSWORD_WRONG", "PASSWORD_WEAK", "PASSWORD_UNCHANGED"].includes(err.code) ? "pins" : undefined),
  cancelled: L("好的，已取消，支付密码没有改变。", "好的，已取消，支付密碼沒有改變。", "OK, cancelled; your PIN is unchanged."),
};
