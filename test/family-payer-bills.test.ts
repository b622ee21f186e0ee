import { describe, expect, it } from "vitest";
import { createTestApp } from "./support/app";
import { motherWithAllowance } from "./support/family";
import { charge, ecode, newMerchant, orderNo, refund } from "./support/merchants";
import { regionKey, signedCall } from "./support/signed";

const t = await createTestApp();

type Line = {
  id: string;
  kind: string;
  amountFen: number;
  balanceKind: string;
  balanceAfterFen: number | null;
  counterparty: string | null;
  settlementId: string | null;
  totalFen: number | null;
  quotaFen: number | null;
};

/** A mother with nothing in her wallet; her son gives her a ¥2,000 allowance (共济额度). */
async function motherWithAllowanceAndPharmacy() {
  const { son, mother } = await motherWithAllowance(t, 0);
  return { son, mother, m: await newMerchant(t, { kind: "pharmacy" }) };
}

async function lines(token: string, query = ""): Promise<{ items: Line[]; nextCursor: string | null }> {
  const r = await t.api("GET", `/v1/wallet/entries${query}`, { token });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

describe("the payer's bills show a payment relatives' allowances paid in full", () => {
  it("a line with the total, the allowances' part and the receipt; its refund too; the giver still sees theirs", async () => {
    const { son, mother, m } = await motherWithAllowanceAndPharmacy();
    const paid = await charge(t, m, { ecode: await ecode(t, mother), orderNo: orderNo(), amountFen: 30_000 });
    expect(paid.status, JSON.stringify(paid.body)).toBe(201);
    const settlementId = paid.body.id as string;

    const mine = (await lines(mother.token)).items.filter((e) => e.settlementId === settlementId);
    expect(mine).toEqual([
      expect.objectContaining({
        kind: "medical_settlement",
        amountFen: 0,
        balanceKind: "quota",
        balanceAfterFen: null,
        counterparty: m.name,
        totalFen: -30_000,
        quotaFen: -30_000,
      }),
    ]);
    const receipt = await t.api("GET", `/v1/settlements/${mine[0]!.settlementId}`, { token: mother.token });
    expect(receipt.status).toBe(200);
    expect(receipt.body).toMatchObject({ role: "payer", amountFen: 30_000 });

    const his = (await lines(son.token)).items.filter((e) => e.settlementId === settlementId);
    expect(his).toEqual([expect.objectContaining({ kind: "medical_settlement", amountFen: -30_000, balanceKind: "own", totalFen: null })]);

    const back = await refund(t, m, settlementId, { refundNo: orderNo("rf"), amountFen: 10_000 });
    expect(back.status, JSON.stringify(back.body)).toBe(201);
    const after = (await lines(mother.token)).items.filter((e) => e.settlementId === settlementId);
    expect(after.map((e) => [e.kind, e.amountFen, e.totalFen, e.quotaFen])).toEqual([
      ["medical_refund", 0, 10_000, 10_000],
      ["medical_settlement", 0, -30_000, -30_000],
    ]);
    const hisAfter = (await lines(son.token)).items.filter((e) => e.settlementId === settlementId);
    expect(hisAfter.map((e) => [e.kind, e.amountFen])).toEqual([
      ["medical_refund", 10_000],
      ["medical_settlement", -30_000],
    ]);
  });

  it("pages through ledger and allowance lines in time order, by month, without a gap or a repeat", async () => {
    const { mother, m } = await motherWithAllowanceAndPharmacy();
    const ids: string[] = [];
    // Payments between region credits to her own funds: the first is paid by the allowance alone, the
    // later ones take the ¥0.50 credit first (a ledger line of hers) and the rest from the allowance.
    const key = await regionKey(t, mother.regionCode);
    for (let i = 0; i < 3; i++) {
      const p = await charge(t, m, { ecode: await ecode(t, mother), orderNo: orderNo(), amountFen: 1_000 + i });
      expect(p.status, JSON.stringify(p.body)).toBe(201);
      ids.push(p.body.id);
      const c = await signedCall(t, key, "POST", "/v1/integration/personal-account-credits", {
        idNumber: mother.idNumber,
        amountFen: 50,
        period: "2026-11",
        reference: orderNo("cr"),
      });
      expect(c.status, JSON.stringify(c.body)).toBe(201);
    }
    const all = await lines(mother.token);
    expect(all.nextCursor).toBeNull();
    const seen: Line[] = [];
    for (let cursor: string | null = null; ; ) {
      const page: { items: Line[]; nextCursor: string | null } = await lines(mother.token, `?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.items);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen.map((e) => e.id)).toEqual(all.items.map((e) => e.id));
    expect(seen.map((e) => e.id)).toEqual([...seen.map((e) => e.id)].sort().reverse());
    const payLines = seen.filter((e) => e.kind === "medical_settlement");
    expect(payLines.at(-1)).toMatchObject({ settlementId: ids[0], amountFen: 0, balanceKind: "quota", totalFen: -1_000 });
    expect(payLines.filter((e) => e.balanceKind === "own").map((e) => e.settlementId)).toEqual([ids[2], ids[1]]);
    expect(seen.map((e) => e.kind)).toContain("personal_account_credit");
    expect((await lines(mother.token, "?month=2026-11")).items.map((e) => e.id)).toEqual(all.items.map((e) => e.id));
    expect((await lines(mother.token, "?month=2026-10")).items).toEqual([]);
  });
});
