type Insurance = "employee" | "resident" | "none";
export type FactRelation = "spouse" | "parent" | "sibling";

export interface RegistryPerson {
  idNumber: string;
  name: string;
  regionCode: string;
  insurance: Insurance;
  personalAccountFen: number;
  phone: string | null;
}

/** The national insurance registry and the regions' insurance cores, as the wallet sees them. */
export interface RegistryAdapter {
  findPerson(idNumber: string): Promise<RegistryPerson | null>;
  /** Does the registry confirm that `relativeIdNumber` is `idNumber`'s <relation> (derived relations included)? */
  confirmRelation(idNumber: string, relativeIdNumber: string, relation: string): Promise<boolean>;
  /** The personal-account balance reported by the person's region core, in fen. */
  personalAccountBalance(idNumber: string): Promise<number>;
  /** Tell the registry a premium was paid, so the person is insured for that year. */
  recordPremium(idNumber: string, kind: string, year: number, receiptNo: string): Promise<void>;
}

export interface FaceAdapter {
  verify(idNumber: string, faceToken: string): Promise<boolean>;
}

export interface LoginAdapter {
  /** Exchanges a super-app login code for the stable user identifier of that app. */
  exchange(code: string): Promise<{ subject: string }>;
}

export interface NotifierMessage {
  userId: string;
  kind: string;
  title: string;
  body: string;
  data?: Record<string, unknown>;
}

/** Super-app subscription messages (the in-app inbox is written by the notifications module). */
export interface Notifier {
  push(message: NotifierMessage): Promise<void>;
}

export class AdapterError extends Error {
  constructor(
    readonly adapter: string,
    message: string,
    readonly kind: "rejected" | "unavailable" | "unconfigured" = "unavailable",
  ) {
    super(`${adapter}: ${message}`);
    this.name = "AdapterError";
  }
}

/** Money going back to a person's personal account (个人账户) at their region's insurance core. */
export interface PersonalAccountReturn {
  /** The wallet's id for this return: the core credits each id at most once and answers a repeat with the first outcome. */
  returnId: string;
  regionCode: string;
  idNumber: string;
  amountFen: number;
  reason: "wallet_closed" | "received_return";
}

/** The regions' insurance cores, for what the wallet sends them (calls the cores make to the wallet are signed routes). */
export interface RegionCoreAdapter {
  /**
   * Credits the amount to the person's personal account. Resolves with the core's reference once the
   * core confirms; throws AdapterError `rejected` for a definite refusal, `unavailable` when the outcome
   * is unknown (timeout, reset, 5xx): the caller retries with the same returnId.
   */
  returnToPersonalAccount(r: PersonalAccountReturn): Promise<{ coreReference: string }>;
}
