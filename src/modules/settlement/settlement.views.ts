import type { RefundRow, SettlementRow } from "./settlement.repo";

/** What a merchant sees of a settlement: the patient only masked, with their region. */
export function settlementDto(s: SettlementRow, status: SettlementRow["status"] = s.status) {
  return {
    id: s.id,
    orderNo: s.orderNo,
    status,
    amountFen: s.amountFen,
    paidFrom: { receivedFen: s.fromReceivedFen, ownFen: s.fromOwnFen },
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
    returnedTo: { receivedFen: r.toReceivedFen, ownFen: r.toOwnFen },
    createdAt: r.createdAt.toISOString(),
  };
}
