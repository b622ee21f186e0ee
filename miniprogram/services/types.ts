// Response shapes, as aliases of the types generated from the server's OpenAPI document
// (api.gen.ts, `npm run gen:api`): a server change that breaks a page shows up when it is compiled.
import type { components } from "./api.gen";

type S = components["schemas"];
export type Wallet = S["Wallet"];
export type ClosedWallet = S["ClosedWallet"];
export type Person = S["Person"];
export type Me = S["Me"];
export type Agreement = S["WalletAgreement"];
export type Entry = S["WalletEntries"]["items"][number];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type Invitation = S["Invitation"];
export type Relation = S["Invitation"]["relation"];
export type Relative = S["Relatives"]["items"][number];
export type Transfer = S["Transfer"];
export type Quote = S["PremiumQuote"];
export type PremiumReceipt = S["PremiumPayment"];
export type Merchant = S["Merchant"];
export type ChatMessage = S["ConversationMessage"];
export type Prompt = NonNullable<S["ConversationPrompt"]>;
export type Conversation = S["Conversation"];
export type Notice = S["Notification"];
export type TransferOptions = S["TransferOptions"];
export type PendingInvitation = S["PendingInvitation"];
export type Quota = S["Quota"];
export type Quotas = S["Quotas"];
export type CareAccess = S["CareAccess"];
export type CareList = S["CareAccessList"];
export type CarerEcode = S["CarerEcode"];
export type FundingPart = S["FundingPart"];
export type MySettlement = S["MySettlement"];
export type Regions = S["Regions"];

export interface NoticePage {
  items: Notice[];
  nextCursor: string | null;
  unreadCount: number;
}
