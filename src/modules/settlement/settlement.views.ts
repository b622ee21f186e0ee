import { fundingDto } from "@/modules/family/quota-draw";
import type { QuotaPartView } from "@/modules/family/funding.repo";
import type { RefundRow, SettlementRow } from "./settlement.repo";

/**
 * What a merchant sees of a settlement: the patient only masked, with their region; the funding
 * parts in the order charged (own, received, then each relative's quota, the giver masked).
 */
export function settlementDto(s: SettlementRow, status: SettlementRow["status"] = s.status, quotaParts: QuotaPartView[] = []) {
  const own = s.fromOwnFen ? [{ source: "own" as const, amountFen: s.fromOwnFen }] : [];
  const received = s.fromReceivedFen ? [{ source: "received" as const, amountFen: s.fromReceivedFen }] : [];
  return {
    id: s.id,
    orderNo: s.orderNo,
    status,
    amountFen: s.amountFen,
    paidFrom: { receivedFen: s.fromReceivedFen, ownFen: s.fromOwnFen, quotaFen: s.fromQuotaFen },
    funding: fundingDto([...own, ...received, ...quotaParts]),
    patient: { maskedName: s.patientMaskedName, regionCode: s.patientRegionCode },
    crossRegion: s.patientRegionCode !== s.merchantRegionCode,
    createdAt: s.createdAt.toISOString(),
  };
}

export function refundDto(r: RefundRow) {
  return {
    id: r.id,
    settlementId: r.settlementId,
    refundNo: r.refundNo,
    amountFen: r.amountFen,
    returnedTo: { receivedFen: r.toReceivedFen, ownFen: r.toOwnFen, quotaFen: r.toQuotaFen },
    funding:
      (r.funding as ReturnType<typeof fundingDto> | null) ??
      fundingDto([
        ...(r.toReceivedFen ? [{ source: "received" as const, amountFen: r.toReceivedFen }] : []),
        ...(r.toOwnFen ? [{ source: "own" as const, amountFen: r.toOwnFen }] : []),
      ]),
    createdAt: r.createdAt.toISOString(),
  };
}
