import type { Flow, FlowName } from "../engine/types";
import { acceptInvitationFlow } from "./accept-invitation";
import { agentFlow } from "./agent";
import { balanceFlow } from "./balance";
import { bindRelativeFlow } from "./bind-relative";
import { incomingTransfersFlow } from "./incoming-transfers";
import { menuFlow } from "./menu";
import { openWalletFlow } from "./open-wallet";
import { payPremiumFlow } from "./pay-premium";
import { rulesFlow } from "./rules";
import { transferFlow } from "./transfer";

export const FLOWS: Record<FlowName, Flow> = {
  open_wallet: openWalletFlow,
  bind_relative: bindRelativeFlow,
  accept_invitation: acceptInvitationFlow,
  transfer: transferFlow,
  incoming_transfers: incomingTransfersFlow,
  pay_premium: payPremiumFlow,
  balance: balanceFlow,
  rules: rulesFlow,
  agent: agentFlow,
  menu: menuFlow,
};
