import { L, type Flow, type FlowName, type Text } from "../engine/types";

// Quotas (共济额度) and carers (亲情账户) come with the family-payments API, which is not part of
// this build yet. Until then the assistant says so plainly and points to what works today,
// rather than starting a transfer or another flow the user did not ask for.
const SAID: Record<string, { text: Text; suggest: FlowName[] }> = {
  set: {
    text: L(
      "设置共济额度的功能还没有上线。现在可以直接给亲属转账，或转人工咨询。",
      "設置共濟額度的功能還沒有上線。現在可以直接給親屬轉賬，或轉人工諮詢。",
      "Mutual-aid quotas are not available yet. You can send money to a relative now, or talk to an agent.",
    ),
    suggest: ["transfer", "agent"],
  },
  cancel: {
    text: L(
      "共济额度的功能还没有上线，目前没有可以取消的额度。如需帮助请转人工。",
      "共濟額度的功能還沒有上線，目前沒有可以取消的額度。如需幫助請轉人工。",
      "Quotas are not available yet, so there is no quota to revoke. Talk to an agent if you need help.",
    ),
    suggest: ["agent"],
  },
  remaining: {
    text: L(
      "共济额度的功能还没有上线，暂时查不到额度。可以查看钱包余额，或转人工咨询。",
      "共濟額度的功能還沒有上線，暫時查不到額度。可以查看錢包餘額，或轉人工諮詢。",
      "Quotas are not available yet. You can check your balance, or talk to an agent.",
    ),
    suggest: ["balance", "agent"],
  },
  care: {
    text: L(
      "亲情账户（代亲属出示医保码）还没有上线。监护人可以出示未成年子女的医保码；其他情况请转人工咨询。",
      "親情賬戶（代親屬出示醫保碼）還沒有上線。監護人可以出示未成年子女的醫保碼；其他情況請轉人工諮詢。",
      "Showing a relative's code as their carer is not available yet. A guardian can show a minor's code; otherwise talk to an agent.",
    ),
    suggest: ["ecode", "agent"],
  },
};

/** Quotas and care access: "not yet", with the action the user asked for kept in mind. */
export const familyPaymentsFlow: Flow = {
  name: "family_payments",
  async start(r, heard) {
    const said = SAID[heard?.slots.action ?? "set"]!;
    r.say(said.text);
    return { type: "done", suggest: said.suggest };
  },
  steps: [],
  async finish() {
    return { type: "done" };
  },
};
