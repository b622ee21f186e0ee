import { describe, expect, it } from "vitest";
import { agentToken } from "./support/admin";
import { createTestApp, type TestApp } from "./support/app";
import { bind, family } from "./support/family";
import { verifiedUser } from "./support/people";
import { pair, send } from "./support/transfers";
import { openWallet } from "./support/wallets";

// GET /v1/transfers/options answers before the PIN what creating a transfer would refuse. Each
// refusal it reports is checked against what POST /v1/transfers answers for the same case.

const t = await createTestApp({ now: "2026-11-24T10:00:00+08:00" });

const options = (app: TestApp, token: string) => app.api("GET", "/v1/transfers/options", { token });

describe("GET /v1/transfers/options", () => {
  it("open at noon: the keypad's maximum is the balance under the per-transfer limit", async () => {
    const { sender, bindingId } = await pair(t, { userFen: 100_000 });
    const r = await options(t, sender.token);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      availableFen: 100_000,
      minFen: 1,
      maxFen: 100_000,
      remainingToday: 3,
      openNow: true,
      opensAt: null,
      pendingTransferId: null,
      blocked: null,
    });
    expect(r.body.recipients).toEqual([
      expect.objectContaining({
        bindingId,
        relation: "spouse",
        canReceive: true,
        maskedName: expect.stringContaining("*"),
        regionName: expect.any(String),
      }),
    ]);
    expect(r.body.recipients[0].reason).toBeUndefined();

    const rich = await pair(t, { userFen: 500_000 });
    expect((await options(t, rich.sender.token)).body).toMatchObject({ availableFen: 500_000, maxFen: 200_000 });
    // The maximum is what the create path takes; one fen more is refused with LIMIT_EXCEEDED.
    expect((await send(t, rich.sender.token, rich.bindingId, 200_001)).body.code).toBe("LIMIT_EXCEEDED");
  });

  it("a pending transfer blocks every transfer and marks its recipient, as creating one would", async () => {
    const { sender, recipient, bindingId } = await pair(t);
    const first = await send(t, sender.token, bindingId, 30_000);
    expect(first.status).toBe(201);
    const r = await options(t, sender.token);
    expect(r.body.pendingTransferId).toBe(first.body.id);
    expect(r.body.availableFen).toBe(70_000);
    expect(r.body.blocked).toMatchObject({
      code: "TRANSFER_PENDING",
      detail: expect.stringContaining("等待对方确认"),
      detailEn: expect.any(String),
    });
    expect(r.body.recipients[0]).toMatchObject({ bindingId, canReceive: false, reason: { code: "TRANSFER_PENDING" } });
    expect((await send(t, sender.token, bindingId, 100)).body.code).toBe(r.body.blocked.code);
    // Once accepted it is free again, with one transfer fewer left today.
    await t.api("POST", `/v1/transfers/${first.body.id}/accept`, { token: recipient.token });
    expect((await options(t, sender.token)).body).toMatchObject({
      pendingTransferId: null,
      blocked: null,
      remainingToday: 2,
      recipients: [{ canReceive: true }],
    });
  });

  it("after the day's transfers the maximum is 0 and the reason is the daily count", async () => {
    const { sender, recipient, bindingId } = await pair(t);
    for (let i = 0; i < 3; i++) {
      const s = await send(t, sender.token, bindingId, 100);
      await t.api("POST", `/v1/transfers/${s.body.id}/decline`, { token: recipient.token });
    }
    const r = await options(t, sender.token);
    expect(r.body).toMatchObject({ remainingToday: 0, maxFen: 0, blocked: { code: "LIMIT_EXCEEDED" } });
    expect(r.body.blocked.detail).toContain("每天最多转账 3 笔");
    expect((await send(t, sender.token, bindingId, 100)).body.code).toBe("LIMIT_EXCEEDED");
  });

  it("in the quiet hours it says when transfers open (06:00 Beijing), before and after midnight", async () => {
    const local = await createTestApp({ now: "2026-11-24T22:30:00+08:00" });
    const { sender, bindingId } = await pair(local);
    let r = await options(local, sender.token);
    expect(r.body).toMatchObject({ openNow: false, opensAt: "2026-11-24T22:00:00.000Z", blocked: { code: "OUTSIDE_TRANSFER_HOURS" } });
    expect((await send(local, sender.token, bindingId, 100)).body.code).toBe("OUTSIDE_TRANSFER_HOURS");
    local.clock.set(new Date("2026-11-25T05:59:00+08:00"));
    r = await options(local, sender.token);
    expect(r.body).toMatchObject({ openNow: false, opensAt: "2026-11-24T22:00:00.000Z" });
    local.clock.set(new Date("2026-11-25T06:00:00+08:00"));
    expect((await options(local, sender.token)).body).toMatchObject({ openNow: true, opensAt: null, blocked: null });
  });

  it("greys a relative without a wallet and one in a province without cross-province aid, with the create path's reasons", async () => {
    // No wallet: bound, but the relative never opened one.
    const { user, relative } = await family(t, "spouse", { userFen: 50_000 });
    await openWallet(t, user);
    const noWallet = await bind(t, user, relative, "spouse");
    let r = await options(t, user.token);
    const row = r.body.recipients.find((x: { bindingId: string }) => x.bindingId === noWallet.bindingId);
    expect(row).toMatchObject({ canReceive: false, reason: { code: "RECIPIENT_NO_WALLET", detail: "对方尚未开通医保钱包" } });
    expect((await send(t, user.token, noWallet.bindingId, 100)).body.code).toBe("RECIPIENT_NO_WALLET");

    // 苏州 320500 → 北京 110000: Beijing never allows cross-province aid.
    const cross = await pair(t, { userRegion: "320500", relativeRegion: "110000" });
    r = await options(t, cross.sender.token);
    expect(r.body.blocked).toBeNull();
    expect(r.body.recipients[0]).toMatchObject({
      canReceive: false,
      regionCode: "110000",
      regionName: "北京市",
      reason: { code: "CROSS_PROVINCE_NOT_ALLOWED" },
    });
    expect((await send(t, cross.sender.token, cross.bindingId, 100)).body.code).toBe("CROSS_PROVINCE_NOT_ALLOWED");

    // 苏州 → 石家庄 130100: both allow it.
    const open = await pair(t, { userRegion: "320500", relativeRegion: "130100" });
    expect((await options(t, open.sender.token)).body.recipients[0]).toMatchObject({ canReceive: true, regionName: "石家庄市" });
  });

  it("a frozen sender is blocked with WALLET_NOT_ACTIVE, as the create path refuses", async () => {
    const p = await pair(t);
    await t.api("POST", `/v1/agent/wallets/${p.sender.walletId}/freeze`, { token: await agentToken(t), body: { reason: "风险排查" } });
    const r = await options(t, p.sender.token);
    expect(r.body.blocked).toMatchObject({ code: "WALLET_NOT_ACTIVE" });
    expect((await send(t, p.sender.token, p.bindingId, 100)).body.code).toBe("WALLET_NOT_ACTIVE");
  });

  it("needs a login and a wallet; it is not taken for a transfer id", async () => {
    expect((await t.api("GET", "/v1/transfers/options")).status).toBe(401);
    const u = await verifiedUser(t);
    const r = await options(t, u.token);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).not.toBe(500);
    expect(r.body.code).not.toBe("NOT_FOUND_TRANSFER");
    const spec = await t.api("GET", "/openapi.json");
    expect(spec.body.paths["/v1/transfers/options"].get).toBeDefined();
  });
});
