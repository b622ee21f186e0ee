import type { Flow, FlowName } from "../engine/types";
import { acceptInvitationFlow } from "./accept-invitation";
import { agentFlow } from "./agent";
import { balanceFlow } from "./balance";
import { billsFlow } from "./bills";
import { cancelInvitationFlow } from "./cancel-invitation";
import { changePinFlow } from "./change-pin";
import { closeWalletFlow } from "./close-wallet";
import { ecodeFlow } from "./ecode";
import { familyPaymentsFlow } from "./family-payments";
import { guardianFlow } from "./guardian";
import { merchantsFlow } from "./merchants";
import { unbindFlow } from "./unbind";
import { usageRegionFlow } from "./usage-region";
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
  bills: billsFlow,
  ecode: ecodeFlow,
  merchants: merchantsFlow,
  unbind: unbindFlow,
  cancel_invitation: cancelInvitationFlow,
  change_pin: changePinFlow,
  usage_region: usageRegionFlow,
  close_wallet: closeWalletFlow,
  guardian: guardianFlow,
  family_payments: familyPaymentsFlow,
  rules: rulesFlow,
  agent: agentFlow,
  menu: menuFlow,
};
