import { describe, expect, it } from "vitest";
import { agentToken } from "./support/admin";
import { createTestApp } from "./support/app";
import { verifiedUser } from "./support/people";
import { newKey, pair, send } from "./support/transfers";
import { balances, ledgerOk, PIN } from "./support/wallets";

const t = await createTestApp({ now: "2026-11-24T10:00:00+08:00" });

describe("two-phase transfer", () => {
  it("holds at once, credits received funds on accept, with a receipt and notices", async () => {
    const { sender, recipient, bindingId } = await pair(t);
    const r = await send(t, sender.token, bindingId, 20_000, { memo: "买药" });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      status: "pending",
      amountFen: 20_000,
      crossProvince: false,
      paidFrom: { ownFen: 20_000, receivedFen: 0 },
      memo: "买药",
    });
    expect(r.body.receiptNo).toMatch(/^T20261124\d{10}$/);
    expect(r.body.expiresAt).toBe("2026-11-24T22:00:00.000Z"); // 06:00 Beijing the next day
    expect(await balances(t, sender)).toEqual({ ownFen: 80_000, receivedFen: 0, heldFen: 20_000, totalFen: 100_000 });
    const inbox = await t.api("GET", "/v1/transfers?direction=in&status=pending", { token: recipient.token });
    expect(inbox.body.items.map((i: { id: string }) => i.id)).toEqual([r.body.id]);
    expect(inbox.body.items[0].paidFrom).toBeUndefined();
    const acc = await t.api("POST", `/v1/transfers/${r.body.id}/accept`, { token: recipient.token });
    expect(acc.status).toBe(200);
    expect(acc.body.status).toBe("succeeded");
    expect(acc.body.history.map((h: { status: string }) => h.status)).toEqual(["pending", "succeeded"]);
    expect(await balances(t, recipient)).toMatchObject({ receivedFen: 20_000 });
    expect(await balances(t, sender)).toEqual({ ownFen: 80_000, receivedFen: 0, heldFen: 0, totalFen: 80_000 });
    const notices = await t.api("GET", "/v1/notifications", { token: sender.token });
    expect(notices.body.items[0].kind).toBe("transfer.succeeded");
    const st = await t.api("GET", "/v1/wallet/entries", { token: recipient.token });
    expect(st.body.items[0]).toMatchObject({
      kind: "transfer_in",
      amountFen: 20_000,
      balanceKind: "received",
      counterparty: expect.stringContaining("*"),
    });
    expect((await ledgerOk(t)).ok).toBe(true);
  });

  it("declines back to the sender's sub-balances", async () => {
    const { sender, recipient, bindingId } = await pair(t);
    const r = await send(t, sender.token, bindingId, 5_000);
    const d = await t.api("POST", `/v1/transfers/${r.body.id}/decline`, { token: recipient.token });
    expect(d.body.status).toBe("declined");
    expect(await balances(t, sender)).toEqual({ ownFen: 100_000, receivedFen: 0, heldFen: 0, totalFen: 100_000 });
    const again = await t.api("POST", `/v1/transfers/${r.body.id}/accept`, { token: recipient.token });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("TRANSFER_NOT_PENDING");
  });

  it("the sender cannot accept their own transfer; strangers get 404 for everything", async () => {
    const { sender, bindingId } = await pair(t);
    const r = await send(t, sender.token, bindingId, 100);
    expect((await t.api("POST", `/v1/transfers/${r.body.id}/accept`, { token: sender.token })).status).toBe(403);
    const stranger = await verifiedUser(t);
    expect((await t.api("GET", `/v1/transfers/${r.body.id}`, { token: stranger.token })).status).toBe(404);
    expect((await t.api("POST", `/v1/transfers/${r.body.id}/decline`, { token: stranger.token })).status).toBe(404);
  });

  it("spends own funds first, then received funds, and sends received funds on", async () => {
    const { sender, recipient, bindingId } = await pair(t, { userFen: 30_000 });
    const first = await send(t, sender.token, bindingId, 30_000);
    await t.api("POST", `/v1/transfers/${first.body.id}/accept`, { token: recipient.token });
    // The recipient (resident, no own funds) sends received money back.
    const back = await send(t, recipient.token, bindingId, 10_000);
    expect(back.status).toBe(201);
    expect(back.body.paidFrom).toEqual({ ownFen: 0, receivedFen: 10_000 });
    await t.api("POST", `/v1/transfers/${back.body.id}/accept`, { token: sender.token });
    const mixed = await send(t, sender.token, bindingId, 10_000);
    expect(mixed.body.paidFrom).toEqual({ ownFen: 0, receivedFen: 10_000 });
  });
});

describe("returns at 06:00 the next day", () => {
  it("returns an unaccepted transfer by the job and lazily when read", async () => {
    const local = await createTestApp({ now: "2026-11-24T21:30:00+08:00" });
    const a = await pair(local);
    const b = await pair(local);
    const ra = await send(local, a.sender.token, a.bindingId, 1_000);
    const rb = await send(local, b.sender.token, b.bindingId, 2_000);
    local.clock.set(new Date("2026-11-25T05:59:00+08:00"));
    expect((await local.api("GET", `/v1/transfers/${ra.body.id}`, { token: a.sender.token })).body.status).toBe("pending");
    local.clock.set(new Date("2026-11-25T06:00:00+08:00"));
    const jobs = await local.api("POST", "/v1/sandbox/jobs/run");
    expect(jobs.body.ran).toContainEqual({ name: "transfers-return", processed: 2 });
    expect((await local.api("GET", `/v1/transfers/${ra.body.id}`, { token: a.sender.token })).body.status).toBe("returned");
    expect(await balances(local, b.sender)).toEqual({ ownFen: 100_000, receivedFen: 0, heldFen: 0, totalFen: 100_000 });
    const late = await local.api("POST", `/v1/transfers/${rb.body.id}/accept`, { token: b.recipient.token });
    expect(late.body).toMatchObject({ code: "TRANSFER_NOT_PENDING", transferStatus: "returned" });
    expect((await ledgerOk(local)).ok).toBe(true);
  });

  it("returns lazily when the wallet is read, without the job", async () => {
    const local = await createTestApp({ now: "2026-11-24T12:00:00+08:00" });
    const a = await pair(local);
    await send(local, a.sender.token, a.bindingId, 1_000);
    local.clock.set(new Date("2026-11-25T07:00:00+08:00"));
    expect(await balances(local, a.sender)).toMatchObject({ ownFen: 100_000, heldFen: 0 });
  });
});

describe("rules", () => {
  it("one pending transfer per sender (409 TRANSFER_PENDING)", async () => {
    const { sender, bindingId } = await pair(t);
    expect((await send(t, sender.token, bindingId, 100)).status).toBe(201);
    const second = await send(t, sender.token, bindingId, 100);
    expect(second.status).toBe(409);
    expect(second.body.code).toBe("TRANSFER_PENDING");
  });

  it("per-transfer maximum ¥2,000 and minimum ¥0.01", async () => {
    const { sender, recipient, bindingId } = await pair(t, { userFen: 500_000 });
    const over = await send(t, sender.token, bindingId, 200_001);
    expect(over.body).toMatchObject({ code: "LIMIT_EXCEEDED", limit: { kind: "per_transfer_max", value: 200_000 } });
    const zero = await send(t, sender.token, bindingId, 0);
    expect(zero.status).toBe(400);
    const max = await send(t, sender.token, bindingId, 200_000);
    expect(max.status).toBe(201);
    await t.api("POST", `/v1/transfers/${max.body.id}/accept`, { token: recipient.token });
  });

  it("at most 3 a day, declined and returned ones counted; the count resets the next Beijing day", async () => {
    const local = await createTestApp({ now: "2026-11-24T09:00:00+08:00" });
    const { sender, recipient, bindingId } = await pair(local);
    for (let i = 0; i < 3; i++) {
      const r = await send(local, sender.token, bindingId, 100);
      expect(r.status).toBe(201);
      await local.api("POST", `/v1/transfers/${r.body.id}/${i === 0 ? "decline" : "accept"}`, { token: recipient.token });
    }
    const fourth = await send(local, sender.token, bindingId, 100);
    expect(fourth.body).toMatchObject({ code: "LIMIT_EXCEEDED", limit: { kind: "daily_count", value: 3 } });
    local.clock.set(new Date("2026-11-25T06:00:00+08:00"));
    expect((await send(local, sender.token, bindingId, 100)).status).toBe(201);
  });

  it("no transfers between 22:00 and 06:00", async () => {
    const local = await createTestApp({ now: "2026-11-24T21:59:00+08:00" });
    const a = await pair(local);
    const ok = await send(local, a.sender.token, a.bindingId, 100);
    expect(ok.status).toBe(201);
    await local.api("POST", `/v1/transfers/${ok.body.id}/accept`, { token: a.recipient.token });
    local.clock.set(new Date("2026-11-24T22:00:00+08:00"));
    expect((await send(local, a.sender.token, a.bindingId, 100)).body.code).toBe("OUTSIDE_TRANSFER_HOURS");
    local.clock.set(new Date("2026-11-25T05:59:59+08:00"));
    expect((await send(local, a.sender.token, a.bindingId, 100)).body.code).toBe("OUTSIDE_TRANSFER_HOURS");
    local.clock.set(new Date("2026-11-25T06:00:00+08:00"));
    expect((await send(local, a.sender.token, a.bindingId, 100)).status).toBe(201);
  });

  it("insufficient funds and wrong or locked PINs move nothing", async () => {
    const { sender, bindingId } = await pair(t, { userFen: 1_000 });
    expect((await send(t, sender.token, bindingId, 1_001)).body.code).toBe("INSUFFICIENT_FUNDS");
    const wrong = await send(t, sender.token, bindingId, 100, { pin: "147258" });
    expect(wrong.body).toMatchObject({ code: "PASSWORD_WRONG", remainingAttempts: 4 });
    for (let i = 0; i < 3; i++) await send(t, sender.token, bindingId, 100, { pin: "147258" });
    const locked = await send(t, sender.token, bindingId, 100, { pin: "147258" });
    expect(locked.status).toBe(423);
    expect((await send(t, sender.token, bindingId, 100)).status).toBe(423);
    expect(await balances(t, sender)).toEqual({ ownFen: 1_000, receivedFen: 0, heldFen: 0, totalFen: 1_000 });
  });

  it("needs an active binding, a recipient wallet and an active sender wallet", async () => {
    const { sender, recipient, bindingId } = await pair(t);
    await t.api("DELETE", `/v1/relatives/${bindingId}`, { token: recipient.token });
    expect((await send(t, sender.token, bindingId, 100)).body.code).toBe("NOT_BOUND");
    expect((await send(t, sender.token, "01NOSUCHBINDING000000000000", 100)).status).toBe(404);
    const { family, bind } = await import("./support/family");
    const { openWallet } = await import("./support/wallets");
    const f = await family(t, "spouse", { userFen: 1_000 });
    await openWallet(t, f.user);
    const b = await bind(t, f.user, f.relative, "spouse");
    expect((await send(t, f.user.token, b.bindingId, 100)).body.code).toBe("RECIPIENT_NO_WALLET");
    const { wallets } = await import("../src/modules/wallet/wallet.schema");
    const { eq } = await import("drizzle-orm");
    await t.db
      .update(wallets)
      .set({ status: "frozen" })
      .where(eq(wallets.id, f.user.idNumber ? (await t.api("GET", "/v1/wallet", { token: f.user.token })).body.id : ""));
    expect((await send(t, f.user.token, b.bindingId, 100)).body.code).toBe("WALLET_NOT_ACTIVE");
  });

  it("a replay is byte-identical to the first answer", async () => {
    const { sender, bindingId } = await pair(t);
    const init = {
      method: "POST",
      headers: { authorization: `Bearer ${sender.token}`, "content-type": "application/json", "idempotency-key": newKey() },
      body: JSON.stringify({ bindingId, amountFen: 321, paymentPassword: PIN }),
    };
    const first = await (await t.app.request("/v1/transfers", init)).text();
    const replay = await t.app.request("/v1/transfers", init);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(await replay.text()).toBe(first);
  });

  it("requires an Idempotency-Key", async () => {
    const { sender, bindingId } = await pair(t);
    const r = await t.api("POST", "/v1/transfers", { token: sender.token, body: { bindingId, amountFen: 100, paymentPassword: PIN } });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe("IDEMPOTENCY_KEY_REQUIRED");
  });

  it("a retry returns the first response and moves money once; another body is refused", async () => {
    const { sender, bindingId } = await pair(t);
    const key = newKey();
    const a = await send(t, sender.token, bindingId, 700, { key });
    const b = await send(t, sender.token, bindingId, 700, { key });
    expect(b.status).toBe(201);
    expect(b.headers.get("idempotent-replayed")).toBe("true");
    expect(b.body).toEqual(a.body);
    expect((await balances(t, sender)).heldFen).toBe(700);
    const c = await send(t, sender.token, bindingId, 701, { key });
    expect(c.status).toBe(422);
    expect(c.body.code).toBe("IDEMPOTENCY_KEY_REUSED");
  });
});

describe("cross-province", () => {
  it("needs both regions' policy on the date, and books the clearing pair on accept", async () => {
    // 苏州 320500 and 石家庄 130100 both allow cross-province from 2024-12-02; 北京 110000 never does.
    const { sender, recipient, bindingId } = await pair(t, { userRegion: "320500", relativeRegion: "130100" });
    const r = await send(t, sender.token, bindingId, 12_345);
    expect(r.body.crossProvince).toBe(true);
    await t.api("POST", `/v1/transfers/${r.body.id}/accept`, { token: recipient.token });
    const c = await t.api("GET", "/v1/admin/clearing?date=2026-11-24", { token: await agentToken(t, "auditor01") });
    expect(c.status).toBe(200);
    const p = c.body.pairs.find((x: { regionA: string; regionB: string }) => x.regionA === "130100" && x.regionB === "320500");
    expect(p.grossBtoAFen).toBeGreaterThanOrEqual(12_345);
    expect(p.netAtoBFen).toBeLessThanOrEqual(-12_345);
    const n = await pair(t, { userRegion: "320500", relativeRegion: "110000" });
    expect((await send(t, n.sender.token, n.bindingId, 100)).body.code).toBe("CROSS_PROVINCE_NOT_ALLOWED");
    expect((await ledgerOk(t)).ok).toBe(true);
  });
});
