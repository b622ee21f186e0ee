import { request } from "../lib/request";

/** The policy of a region as the backend publishes it; the shape is rendered field by field. */
export function getRules(regionCode?: string): Promise<Record<string, unknown>> {
  return request({ path: "/v1/rules", query: { regionCode } });
}
