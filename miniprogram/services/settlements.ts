import { request } from "../lib/request";
import type { MySettlement } from "./types";

/** The receipt of a medical payment (a bill line's or a quota.used notice's settlementId); quiet: the page shows the failure. */
export function getSettlement(id: string): Promise<MySettlement> {
  return request<MySettlement>({ path: `/v1/settlements/${encodeURIComponent(id)}`, quiet: true });
}
