import { pools } from "@/modules/ledger/ledger.accounts";
import type { Posting } from "@/modules/ledger/ledger.service";

/**
 * A charge in another region leaves the patient's region owing the merchant's: one side of the pair
 * goes up and its mirror down, so the transaction still sums to zero. A refund passes a negative amount.
 */
export function clearingPostings(patientRegion: string, merchantRegion: string, amountFen: number): Posting[] {
  if (patientRegion === merchantRegion) return [];
  return [
    { accountId: pools.clearing(patientRegion, merchantRegion), amount: amountFen },
    { accountId: pools.clearing(merchantRegion, patientRegion), amount: -amountFen },
  ];
}
