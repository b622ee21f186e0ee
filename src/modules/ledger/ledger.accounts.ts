/**
 * Account identities. User sub-balances are `cached` accounts with ULID ids; system accounts are
 * `pooled` and have deterministic ids under `pool:`, so a posting knows which accounts to lock
 * without asking the database.
 */
const POOL_PREFIX = "pool:";

export function isPooled(accountId: string): boolean {
  return accountId.startsWith(POOL_PREFIX);
}

export const pools = {
  transfersInFlight: () => "pool:transfers_in_flight",
  personalAccountFund: (region: string) => `pool:personal_account_fund:${region}`,
  /** Personal-account money sent back to a region's core and not yet confirmed by it (wallet closing). */
  personalAccountReturns: (region: string) => `pool:personal_account_returns:${region}`,
  premiumCollection: (region: string) => `pool:premium_collection:${region}`,
  medicalSettlement: (region: string) => `pool:medical_settlement:${region}`,
  merchantSettlement: (merchantId: string) => `pool:merchant_settlement:${merchantId}`,
  /** What `from` region owes `to` region after mutual aid or settlement across regions. */
  clearing: (from: string, to: string) => `pool:clearing:${from}:${to}`,
};

export type PooledKind =
  | "transfers_in_flight"
  | "personal_account_fund"
  | "personal_account_returns"
  | "premium_collection"
  | "medical_settlement"
  | "merchant_settlement"
  | "clearing";

export function describePool(id: string): {
  kind: PooledKind;
  regionCode: string | null;
  counterpartyRegionCode: string | null;
  merchantId: string | null;
} {
  const [, kind, a, b] = id.split(":");
  switch (kind) {
    case "transfers_in_flight":
      return { kind, regionCode: null, counterpartyRegionCode: null, merchantId: null };
    case "personal_account_fund":
    case "personal_account_returns":
    case "premium_collection":
    case "medical_settlement":
      return { kind, regionCode: a ?? null, counterpartyRegionCode: null, merchantId: null };
    case "merchant_settlement":
      return { kind, regionCode: null, counterpartyRegionCode: null, merchantId: a ?? null };
    case "clearing":
      return { kind, regionCode: a ?? null, counterpartyRegionCode: b ?? null, merchantId: null };
    default:
      throw new Error(`unknown pooled account ${id}`);
  }
}
