import { request } from "../lib/request";
import type { Merchant } from "./types";

export function searchMerchants(q: { regionCode?: string; q?: string }): Promise<{ items: Merchant[] }> {
  return request({ path: "/v1/merchants", query: q, quiet: true });
}
