import { describe, expect, it } from "vitest";
import { createTestApp } from "./support/app";
import { walletUser } from "./support/wallets";

const t = await createTestApp();

describe("GET /v1/regions", () => {
  it("lists every pooling region by province and name, public; a listed code is what the usage-location change takes", async () => {
    const r = await t.api("GET", "/v1/regions");
    expect(r.status).toBe(200);
    const items = r.body.items as { code: string; name: string; provinceName: string; fullName: string }[];
    expect(items.length).toBeGreaterThan(1);
    expect(items).toContainEqual({ code: "320500", name: "苏州市", provinceName: "江苏省", fullName: "江苏省苏州市" });
    for (const i of items) expect(i.name).toMatch(/[\u4e00-\u9fff]/);
    // Grouped: each province's regions together.
    const provinces = items.map((i) => i.provinceName).filter((p, k, a) => k === 0 || a[k - 1] !== p);
    expect(new Set(provinces).size).toBe(provinces.length);

    const u = await walletUser(t, { regionCode: "320500" });
    const other = items.find((i) => i.code !== "320500")!;
    const changed = await t.api("PUT", "/v1/wallet/usage-region", { token: u.token, body: { usageRegionCode: other.code } });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.usageRegionCode).toBe(other.code);
  });
});
