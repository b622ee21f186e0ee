import { isFen } from "@/lib/money";
import { inQuietHours, nextBeijingSixAm, parseHhMm, startOfBeijingDay } from "@/lib/time";

/** Per-region transfer limits (the published national wallet rules are the defaults). */
export type TransferLimits = {
  minTransferFen: number;
  maxTransferFen: number;
  maxDailyTransfers: number;
  quietStart: string;
  quietEnd: string;
};

export const NATIONAL_TRANSFER_LIMITS: TransferLimits = {
  minTransferFen: 1,
  maxTransferFen: 200_000,
  maxDailyTransfers: 3,
  quietStart: "22:00",
  quietEnd: "06:00",
};

type TransferLimitKind = "per_transfer_max" | "per_transfer_min" | "daily_count";

export type TransferRefusal =
  | { code: "LIMIT_EXCEEDED"; limit: { kind: TransferLimitKind; value: number } }
  | { code: "OUTSIDE_TRANSFER_HOURS" };

export type TransferRequest = {
  amountFen: number;
  now: Date;
  /** Transfers this sender already created today (Beijing day), declined and returned included. */
  sentToday: number;
  limits: TransferLimits;
};

/**
 * Null when the transfer may be created, else the refusal. Hours are checked first: at night
 * nothing else matters, and the user should hear "come back at 06:00" rather than an amount error.
 */
export function checkTransferRequest(req: TransferRequest): null | TransferRefusal {
  const { amountFen, now, sentToday, limits } = req;
  if (!Number.isSafeInteger(amountFen)) throw new RangeError("amountFen must be an integer number of fen");
  if (!transferWindow(now, limits).openNow) return { code: "OUTSIDE_TRANSFER_HOURS" };
  if (!isFen(amountFen) || amountFen < limits.minTransferFen) {
    return { code: "LIMIT_EXCEEDED", limit: { kind: "per_transfer_min", value: limits.minTransferFen } };
  }
  if (amountFen > limits.maxTransferFen) {
    return { code: "LIMIT_EXCEEDED", limit: { kind: "per_transfer_max", value: limits.maxTransferFen } };
  }
  if (transfersLeftToday(sentToday, limits) === 0) {
    return { code: "LIMIT_EXCEEDED", limit: { kind: "daily_count", value: limits.maxDailyTransfers } };
  }
  return null;
}

/** Whether transfers are open at `now` and, when they are not, when they open again (the end of the quiet hours, Beijing time). */
export function transferWindow(
  now: Date,
  limits: Pick<TransferLimits, "quietStart" | "quietEnd">,
): { openNow: boolean; opensAt: Date | null } {
  if (!inQuietHours(now, limits.quietStart, limits.quietEnd)) return { openNow: true, opensAt: null };
  const opens = new Date(startOfBeijingDay(now).getTime() + parseHhMm(limits.quietEnd) * 60_000);
  return { openNow: false, opensAt: opens > now ? opens : new Date(opens.getTime() + 24 * 3600_000) };
}

/** How many more transfers the sender may create today (Beijing day); declined and returned ones count. */
export function transfersLeftToday(sentToday: number, limits: Pick<TransferLimits, "maxDailyTransfers">): number {
  return Math.max(0, limits.maxDailyTransfers - sentToday);
}

/** The amounts a transfer may have now: the region's range, capped by what the sender has. `maxFen < minFen` means none. */
export function transferAmountRange(
  limits: Pick<TransferLimits, "minTransferFen" | "maxTransferFen">,
  availableFen: number,
): { minFen: number; maxFen: number } {
  return { minFen: limits.minTransferFen, maxFen: Math.max(0, Math.min(limits.maxTransferFen, availableFen)) };
}

/** Cross-province aid needs both regions' policies in force to allow it; no policy for the recipient's region refuses it. */
export function crossProvinceAllowed(
  senderPolicy: { crossProvince: boolean },
  recipientPolicy: { crossProvince: boolean } | null | undefined,
): boolean {
  return senderPolicy.crossProvince && !!recipientPolicy?.crossProvince;
}

/** When an unaccepted transfer goes back to the sender: 06:00 Beijing the next day. */
export function transferExpiresAt(createdAt: Date): Date {
  return nextBeijingSixAm(createdAt);
}

export type ProvinceOf = (regionCode: string) => string | null | undefined;

/**
 * Whether two pooling regions lie in different provinces. A region the lookup does not know
 * falls back to its administrative code (GB/T 2260: the first two digits are the province), which
 * is right for every real code even when the region table is incomplete.
 */
export function isCrossProvince(regionA: string, regionB: string, provinceOf: ProvinceOf): boolean {
  const province = (code: string): string => provinceOf(code) ?? `${code.slice(0, 2)}0000`;
  return province(regionA) !== province(regionB);
}
