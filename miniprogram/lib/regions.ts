import { request } from "./request";

// Region names (苏州市), never codes, in anything a person reads. The API knows them: each region's
// rules carry its name. One lookup per region per session.
const names = new Map<string, Promise<string>>();

/** The region's name as the API knows it; "" when it cannot be found (never the code). */
export function regionName(code: string | null | undefined): Promise<string> {
  if (!code) return Promise.resolve("");
  let p = names.get(code);
  if (!p) {
    p = request<{ regionName?: string }>({ path: "/v1/rules", query: { regionCode: code }, quiet: true }).then(
      (r) => r.regionName ?? "",
      () => {
        names.delete(code);
        return "";
      },
    );
    names.set(code, p);
  }
  return p;
}

/** Names of several regions at once, by code. */
export async function regionNames(codes: readonly (string | null | undefined)[]): Promise<Map<string, string>> {
  const unique = [...new Set(codes.filter((c): c is string => !!c))];
  const found = await Promise.all(unique.map(regionName));
  return new Map(unique.map((c, i) => [c, found[i]!]));
}
