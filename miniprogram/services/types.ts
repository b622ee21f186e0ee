// Response shapes from API.md. Fields beyond these may appear; pages read them defensively.

export interface Balances {
  ownFen: number;
  receivedFen: number;
  heldFen: number;
  totalFen: number;
}

export interface Wallet {
  id: string;
  status: "active" | "frozen" | "closed";
  regionCode: string;
  balances: Balances;
}

export interface Person {
  id: string;
  maskedName: string;
  maskedIdNumber: string;
  gender: string;
  regionCode: string;
  insurance: string;
}

export interface Me {
  user: { id: string; realNameVerified: boolean };
  person: Person | null;
  wallet: Wallet | null;
}

export interface Agreement {
  version: string;
  title: string;
  titleEn?: string;
  text: string;
}

export interface Entry {
  id: string;
  at: string;
  kind: string;
  amountFen: number;
  balanceKind: "own" | "received";
  counterparty: string | null;
  reference: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type Relation = "spouse" | "parent" | "child" | "sibling" | "grandparent" | "grandchild";

export interface Invitation {
  id: string;
  code: string;
  status: string;
  relation: Relation;
  inverseRelation?: Relation;
  inviter?: { maskedName: string };
  expiresAt: string;
}

export interface Relative {
  bindingId: string;
  relation: Relation;
  relative: { personId: string; maskedName: string; regionCode: string; insurance: string };
  hasWallet: boolean;
  since: string;
}

export interface Party {
  maskedName: string;
  regionCode: string;
}

export interface Transfer {
  id: string;
  receiptNo: string;
  status: "pending" | "succeeded" | "declined" | "returned" | string;
  amountFen: number;
  crossProvince: boolean;
  from: Party;
  to: Party;
  memo?: string | null;
  createdAt: string;
  expiresAt: string;
  history?: { status: string; at: string }[];
  statusHistory?: { status: string; at: string }[];
}

export interface Quote {
  kind: string;
  year: number;
  regionCode: string;
  amountFen: number;
  window: { start: string; end: string };
  open: boolean;
  alreadyPaid: boolean;
  beneficiary?: { maskedName: string; insurance: string };
  receipt?: { receiptNo: string; paidAt: string; amountFen: number; payer?: { maskedName: string } } | null;
}

export interface PremiumReceipt {
  id: string;
  receiptNo: string;
  year: number;
  amountFen: number;
  beneficiary: { maskedName: string };
  paidFrom: { receivedFen: number; ownFen: number };
  paidAt?: string;
}

export interface Merchant {
  id: string;
  name: string;
  regionCode: string;
  kind: "hospital" | "pharmacy" | string;
  acceptsWallet: boolean;
}

export interface ChatMessage {
  id: string;
  role: "bot" | "user" | "agent";
  text: string;
  card?: unknown;
}

export type PromptKind = "choice" | "text" | "amount" | "id_number" | "password" | "face" | "confirm" | "done";

export interface Prompt {
  stepId: string;
  kind: PromptKind;
  label: string;
  options?: unknown[];
  min?: number;
  max?: number;
}

export interface Conversation {
  id: string;
  status: string;
  messages: ChatMessage[];
  prompt: Prompt | null;
}
