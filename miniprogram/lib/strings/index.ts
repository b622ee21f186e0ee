import { account } from "./account";
import { assistant } from "./assistant";
import { bills } from "./bills";
import { common } from "./common";
import { family } from "./family";
import { familyHome } from "./family-home";
import { home } from "./home";
import { inbox } from "./inbox";
import { incoming } from "./incoming";
import { invitation } from "./invitation";
import { merchants } from "./merchants";
import { pad } from "./pad";
import { premium } from "./premium";
import { receipt } from "./receipt";
import { relatives } from "./relatives";
import { rules } from "./rules";
import { settings } from "./settings";
import { settlement } from "./settlement";
import { transfer } from "./transfer";
import { usage } from "./usage";
import { wallet } from "./wallet";

/** Every namespace: `common` (merged into all) plus one per page, and `pad` for the input components. */
export const catalog = {
  common,
  pad,
  home,
  assistant,
  wallet,
  relatives,
  family,
  familyHome,
  invitation,
  transfer,
  incoming,
  inbox,
  receipt,
  premium,
  bills,
  settlement,
  merchants,
  rules,
  settings,
  account,
  usage,
};

export type Namespace = keyof typeof catalog;
