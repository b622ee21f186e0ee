import { describe, expect, it } from "vitest";
import { createTestApp } from "./support/app";
import { motherWithAllowance } from "./support/family";
import { charge, ecode, newMerchant, orderNo, refund } from "./support/merchants";
import { walletUser } from "./support/wallets";

const t = await createTestApp();

/** A mother (¥100 own funds) whose son gives her a ¥2,000 quota; she pays ¥300 at a pharmacy: ¥100 own, ¥200 quota. */
async function paidWithQuota() {
  const { son, mother } = await motherWithAllowance(t, 10_000);
  const m = await newMerchant(t, { kind: "pharmacy" });
  const paid = await charge(t, m, { ecode: await ecode(t, mother), orderNo: orderNo(), amountFen: 30_000 });
  expect(paid.status, JSON.stringify(paid.body)).toBe(201);
  return { son, mother, m, settlementId: paid.body.id as string };
}

describe("GET /v1/settlements/{id}: the receipt of a medical payment", () => {
  it("the payer sees every funding part and the merchant's region by name; the giver sees it as giver; others 404", async () => {
    const { son, mother, m, settlementId } = await paidWithQuota();
    const mine = await t.api("GET", `/v1/settlements/${settlementId}`, { token: mother.token });
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ role: "payer", amountFen: 30_000, myQuotaFen: 0, merchant: { name: m.name, kind: "pharmacy" } });
    expect(mine.body.merchant.regionName).toMatch(/[\u4e00-\u9fff]/);
    expect(mine.body.funding).toEqual([
      { source: "own", amountFen: 10_000 },
      { source: "quota", amountFen: 20_000, giver: { maskedName: expect.stringMatching(/\*/) } },
    ]);

    const given = await t.api("GET", `/v1/settlements/${settlementId}`, { token: son.token });
    expect(given.status).toBe(200);
    expect(given.body).toMatchObject({ role: "giver", myQuotaFen: 20_000 });

    const stranger = await walletUser(t);
    expect((await t.api("GET", `/v1/settlements/${settlementId}`, { token: stranger.token })).status).toBe(404);
    expect((await t.api("GET", `/v1/settlements/nosuch`, { token: mother.token })).status).toBe(404);
    expect((await t.api("GET", `/v1/settlements/${settlementId}`)).status).toBe(401);

    // Both bill lines point at the receipt, and the giver's inbox says it was used.
    for (const who of [mother, son]) {
      const bills = await t.api("GET", "/v1/wallet/entries", { token: who.token });
      const line = bills.body.items.find((e: { kind: string }) => e.kind === "medical_settlement");
      expect(line?.settlementId, JSON.stringify(bills.body.items)).toBe(settlementId);
    }
    const inbox = await t.api("GET", "/v1/notifications", { token: son.token });
    expect(inbox.body.items.find((n: { kind: string }) => n.kind === "quota.used")?.data.settlementId).toBe(settlementId);

    const back = await refund(t, m, settlementId, { refundNo: orderNo("rf"), amountFen: 10_000 });
    expect(back.status).toBe(201);
    const after = await t.api("GET", `/v1/settlements/${settlementId}`, { token: mother.token });
    expect(after.body).toMatchObject({ status: "partially_refunded", refundedFen: 10_000 });
    expect(after.body.refunds[0].funding[0]).toMatchObject({ source: "quota", amountFen: 10_000 });
  });
});
