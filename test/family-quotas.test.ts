import { describe, expect, it } from "vitest";
import { agentToken } from "./support/admin";
import { createTestApp, type TestApp } from "./support/app";
import { bind, family } from "./support/family";
import { verifiedUser } from "./support/people";
import { openWallet, PIN, walletUser } from "./support/wallets";

const t = await createTestApp();

/** A giver with an open wallet bound to a parent who has a wallet too; both tokens. */
async function pair(app: TestApp = t) {
  const { user, relative } = await family(app, "parent", { userFen: 100_000 });
  const { bindingId, relativeToken } = await bind(app, user, relative, "parent");
  const giverWalletId = await openWallet(app, user);
  const parentWalletId = await openWallet(app, { ...relative, token: relativeToken });
  return {
    giver: { ...user, walletId: giverWalletId },
    parent: { ...relative, token: relativeToken, walletId: parentWalletId },
    bindingId,
  };
}

const put = (app: TestApp, token: string, bindingId: string, body: Record<string, unknown>) =>
  app.api("PUT", `/v1/relatives/${bindingId}/quota`, { token, body: { paymentPassword: PIN, ...body } });

describe("PUT /v1/relatives/{bindingId}/quota", () => {
  it("the giver sets a yearly quota with a per-payment cap; both sides see it, masked", async () => {
    const { giver, parent, bindingId } = await pair();
    const r = await put(t, giver.token, bindingId, { annualFen: 200_000, perPaymentFen: 50_000 });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({
      bindingId,
      year: 2026,
      annualFen: 200_000,
      perPaymentFen: 50_000,
      usedFen: 0,
      remainingFen: 200_000,
      status: "active",
    });

    const mine = await t.api("GET", "/v1/quotas", { token: giver.token });
    expect(mine.status).toBe(200);
    expect(mine.body.received).toEqual([]);
    expect(mine.body.granted).toHaveLength(1);
    expect(mine.body.granted[0]).toMatchObject({ bindingId, annualFen: 200_000, remainingFen: 200_000, status: "active" });
    expect(mine.body.granted[0].relative.maskedName).toContain("*");
    expect(JSON.stringify(mine.body)).not.toContain(parent.name);

    const theirs = await t.api("GET", "/v1/quotas", { token: parent.token });
    expect(theirs.body.granted).toEqual([]);
    expect(theirs.body.received[0]).toMatchObject({ bindingId, annualFen: 200_000, perPaymentFen: 50_000, status: "active" });
    expect(theirs.body.received[0].giver.maskedName).toContain("*");

    const inbox = await t.api("GET", "/v1/notifications", { token: parent.token });
    expect(inbox.body.items.map((n: { kind: string }) => n.kind)).toContain("quota.granted");
  });

  it("refuses amounts outside 1 fen … ¥50,000.00 and a cap above the quota (400), before the PIN", async () => {
    const { giver, bindingId } = await pair();
    for (const body of [
      { annualFen: 0 },
      { annualFen: 5_000_001 },
      { annualFen: 1.5 },
      { annualFen: 10_000, perPaymentFen: 10_001 },
      { annualFen: 100, perPaymentFen: 0 },
    ]) {
      const r = await put(t, giver.token, bindingId, { ...body, paymentPassword: "000000" });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.code).toBe("VALIDATION_FAILED");
    }
    const edge = await put(t, giver.token, bindingId, { annualFen: 5_000_000, perPaymentFen: 5_000_000 });
    expect(edge.status).toBe(200);
    const one = await put(t, giver.token, bindingId, { annualFen: 1 });
    expect(one.body).toMatchObject({ annualFen: 1, perPaymentFen: null });
  });

  it("a wrong PIN sets nothing and counts toward the lock (422 PASSWORD_WRONG)", async () => {
    const { giver, parent, bindingId } = await pair();
    const r = await put(t, giver.token, bindingId, { annualFen: 10_000, paymentPassword: "147025" });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ code: "PASSWORD_WRONG", remainingAttempts: 4 });
    expect((await t.api("GET", "/v1/quotas", { token: parent.token })).body.received).toEqual([]);
  });

  it("another person's binding is 404; without a wallet of my own 404 WALLET_NOT_OPEN; a frozen wallet 422", async () => {
    const { bindingId } = await pair();
    const stranger = await walletUser(t);
    expect((await put(t, stranger.token, bindingId, { annualFen: 100 })).status).toBe(404);
    expect((await t.api("DELETE", `/v1/relatives/${bindingId}/quota`, { token: stranger.token })).status).toBe(404);

    const { user, relative } = await family(t, "spouse");
    const { bindingId: noWalletBinding } = await bind(t, user, relative, "spouse");
    const r = await put(t, user.token, noWalletBinding, { annualFen: 100 });
    expect(r.status).toBe(404);
    expect(r.body.code).toBe("WALLET_NOT_OPEN");

    const p = await pair();
    const agent = await agentToken(t, "agent01");
    expect(
      (await t.api("POST", `/v1/agent/wallets/${p.giver.walletId}/freeze`, { token: agent, body: { reason: "风险排查" } })).status,
    ).toBe(200);
    const frozen = await put(t, p.giver.token, p.bindingId, { annualFen: 100 });
    expect(frozen.status).toBe(422);
    expect(frozen.body.code).toBe("WALLET_NOT_ACTIVE");
  });

  it("either side of a binding may grant the other a quota: the parent grants one back", async () => {
    const { giver, parent, bindingId } = await pair();
    expect((await put(t, giver.token, bindingId, { annualFen: 30_000 })).status).toBe(200);
    expect((await put(t, parent.token, bindingId, { annualFen: 7_000 })).status).toBe(200);
    const g = (await t.api("GET", "/v1/quotas", { token: giver.token })).body;
    expect(g.granted.map((q: { annualFen: number }) => q.annualFen)).toEqual([30_000]);
    expect(g.received.map((q: { annualFen: number }) => q.annualFen)).toEqual([7_000]);
  });

  it("a change keeps the grant order; a revoke is at once (204) and a quota set again is a new grant", async () => {
    const { giver, parent, bindingId } = await pair();
    const first = await put(t, giver.token, bindingId, { annualFen: 10_000 });
    await t.clock.set(new Date(t.clock.now().getTime() + 60_000));
    const changed = await put(t, giver.token, bindingId, { annualFen: 20_000, perPaymentFen: 5_000 });
    expect(changed.body).toMatchObject({ annualFen: 20_000, perPaymentFen: 5_000, grantedAt: first.body.grantedAt });

    expect((await t.api("DELETE", `/v1/relatives/${bindingId}/quota`, { token: giver.token })).status).toBe(204);
    const seen = (await t.api("GET", "/v1/quotas", { token: parent.token })).body.received[0];
    expect(seen).toMatchObject({ status: "revoked", remainingFen: 0 });
    const again = await t.api("DELETE", `/v1/relatives/${bindingId}/quota`, { token: giver.token });
    expect(again.status).toBe(404);
    // The relative cannot revoke what the giver granted: they have granted nothing.
    expect((await t.api("DELETE", `/v1/relatives/${bindingId}/quota`, { token: parent.token })).status).toBe(404);

    await t.clock.set(new Date(t.clock.now().getTime() + 60_000));
    const regranted = await put(t, giver.token, bindingId, { annualFen: 10_000 });
    expect(regranted.body.status).toBe("active");
    expect(regranted.body.grantedAt > first.body.grantedAt).toBe(true);
    const inbox = await t.api("GET", "/v1/notifications", { token: parent.token });
    expect(inbox.body.items.map((n: { kind: string }) => n.kind)).toContain("quota.revoked");
  });

  it("a binding that ends stops its quotas at once; a later PUT is 422 NOT_BOUND", async () => {
    const { giver, parent, bindingId } = await pair();
    await put(t, giver.token, bindingId, { annualFen: 10_000 });
    expect((await t.api("DELETE", `/v1/relatives/${bindingId}`, { token: parent.token })).status).toBe(204);
    const seen = (await t.api("GET", "/v1/quotas", { token: giver.token })).body.granted[0];
    expect(seen).toMatchObject({ bindingId, status: "ended", remainingFen: 0 });
    const r = await put(t, giver.token, bindingId, { annualFen: 10_000 });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe("NOT_BOUND");
  });

  it("a giver's frozen wallet stops the quota while frozen; unfrozen it pays again", async () => {
    const { giver, parent, bindingId } = await pair();
    await put(t, giver.token, bindingId, { annualFen: 10_000 });
    const agent = await agentToken(t, "agent01");
    const sup = await agentToken(t, "supervisor01");
    await t.api("POST", `/v1/agent/wallets/${giver.walletId}/freeze`, { token: agent, body: { reason: "风险排查" } });
    expect((await t.api("GET", "/v1/quotas", { token: parent.token })).body.received[0]).toMatchObject({
      status: "stopped",
      remainingFen: 0,
    });
    await t.api("POST", `/v1/agent/wallets/${giver.walletId}/unfreeze`, { token: sup, body: { reason: "排查完毕" } });
    expect((await t.api("GET", "/v1/quotas", { token: parent.token })).body.received[0]).toMatchObject({
      status: "active",
      remainingFen: 10_000,
    });
  });

  it("a user without a real name gets 422 REAL_NAME_REQUIRED on GET /v1/quotas", async () => {
    const { login } = await import("./support/people");
    const token = await login(t);
    const r = await t.api("GET", "/v1/quotas", { token });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe("REAL_NAME_REQUIRED");
    expect((await t.api("GET", "/v1/quotas")).status).toBe(401);
  });
});

describe("the year resets at 00:00 Beijing on 1 January (business clock)", () => {
  it("an active quota carries into the new year; a revoked one does not", async () => {
    const app = await createTestApp({ now: "2026-12-31T23:59:00+08:00" });
    const a = await pair(app);
    const b = await pair(app);
    await put(app, a.giver.token, a.bindingId, { annualFen: 10_000, perPaymentFen: 4_000 });
    await put(app, b.giver.token, b.bindingId, { annualFen: 10_000 });
    await app.api("DELETE", `/v1/relatives/${b.bindingId}/quota`, { token: b.giver.token });
    expect((await app.api("GET", "/v1/quotas", { token: a.parent.token })).body.received[0]).toMatchObject({ year: 2026 });

    await app.api("POST", "/v1/sandbox/clock", { body: { now: "2027-01-01T00:00:00+08:00" } });
    const q = (await app.api("GET", "/v1/quotas", { token: a.parent.token })).body.received;
    expect(q).toEqual([
      expect.objectContaining({ year: 2027, annualFen: 10_000, perPaymentFen: 4_000, usedFen: 0, remainingFen: 10_000, status: "active" }),
    ]);
    expect((await app.api("GET", "/v1/quotas", { token: b.parent.token })).body.received).toEqual([]);
    // A change in the new year keeps the grant order of the old one.
    const changed = await put(app, a.giver.token, a.bindingId, { annualFen: 12_000 });
    expect(changed.body).toMatchObject({ year: 2027, annualFen: 12_000, grantedAt: q[0].grantedAt });
  });
});

describe("OpenAPI", () => {
  it("documents every family-payment route with its 4xx answers", async () => {
    const doc = (await t.api("GET", "/openapi.json")).body;
    const want: [string, string, string[]][] = [
      ["/v1/relatives/{bindingId}/quota", "put", ["400", "401", "404", "422", "423"]],
      ["/v1/relatives/{bindingId}/quota", "delete", ["401", "404", "422"]],
      ["/v1/quotas", "get", ["401", "422"]],
      ["/v1/relatives/{bindingId}/care-access", "put", ["400", "401", "403", "404", "422"]],
      ["/v1/care-access", "get", ["401", "422"]],
      ["/v1/relatives/{bindingId}/ecodes", "post", ["401", "403", "404", "422", "429"]],
      ["/v1/relatives/elders", "post", ["400", "401", "409", "422"]],
      ["/v1/relatives/{bindingId}/takeover", "post", ["400", "401", "403", "404", "422"]],
    ];
    for (const [p, m, codes] of want) {
      const op = doc.paths[p]?.[m];
      expect(op, `${m} ${p}`).toBeTruthy();
      for (const c of codes) expect(op.responses[c], `${m} ${p} ${c}`).toBeTruthy();
    }
    expect(doc.components.schemas.Quota.properties).toHaveProperty("remainingFen");
  });
});

// A verified user without a wallet may list: nothing granted either way.
it("a verified user with nothing granted sees two empty lists", async () => {
  const u = await verifiedUser(t);
  expect((await t.api("GET", "/v1/quotas", { token: u.token })).body).toEqual({ granted: [], received: [] });
});

describe("the console's person page", () => {
  it("lists the quotas a person granted and received, masked, with used and remaining amounts", async () => {
    const { ConsoleClient } = await import("./browser/support/console-client");
    const { giver, parent, bindingId } = await pair();
    expect((await put(t, giver.token, bindingId, { annualFen: 200_000, perPaymentFen: 50_000 })).status).toBe(200);
    const c = new ConsoleClient(t);
    const login = await c.login("agent01");
    await c.get(login.location!);
    const page = (await c.get(`/console/users/${giver.personId}`)).text;
    expect(page).toContain("共济额度与亲情账户");
    expect(page).toContain("¥2,000.00");
    expect(page).toContain("¥500.00");
    expect(page).toContain("生效中");
    expect(page).not.toContain(parent.name);
    const theirs = (await c.get(`/console/users/${parent.personId}`)).text;
    expect(theirs).toContain("收到");
    expect(theirs).toContain("¥2,000.00");
  });
});

/** Every audit row, page by page (auditor). */
async function auditRows(app: TestApp) {
  const token = await agentToken(app, "auditor01");
  const rows: any[] = [];
  let cursor: string | null = "";
  while (cursor !== null) {
    const r: { status: number; body: any } = await app.api("GET", `/v1/agent/audit?limit=200${cursor ? `&cursor=${cursor}` : ""}`, {
      token,
    });
    expect(r.status).toBe(200);
    rows.push(...r.body.items);
    cursor = r.body.nextCursor;
  }
  return rows;
}

describe("an agent revokes a quota when a user asks (#18)", () => {
  const revoke = (token: string, bindingId: string, body: Record<string, unknown>) =>
    t.api("POST", `/v1/agent/bindings/${bindingId}/quota/revoke`, { token, body });

  it("POST /v1/agent/bindings/{bindingId}/quota/revoke: at once, audited with the agent and the reason, both sides told", async () => {
    const { giver, parent, bindingId } = await pair();
    expect((await put(t, giver.token, bindingId, { annualFen: 200_000, perPaymentFen: 50_000 })).status).toBe(200);
    // The parent grants one back: the agent revokes the giver's only.
    expect((await put(t, parent.token, bindingId, { annualFen: 9_000 })).status).toBe(200);
    const agent = await agentToken(t, "agent01");

    expect((await revoke(agent, bindingId, { giverPersonId: giver.personId, reason: " " })).status).toBe(400);
    const unknown = await revoke(agent, bindingId, { giverPersonId: "01NOSUCHPERSON000000000000", reason: "用户来电要求" });
    expect(unknown.status).toBe(404);
    expect(
      (await revoke(await agentToken(t, "auditor01"), bindingId, { giverPersonId: giver.personId, reason: "用户来电要求" })).status,
    ).toBe(403);
    const r = await revoke(agent, bindingId, { giverPersonId: giver.personId, reason: "用户来电要求撤销，手机 13912345678" });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({ bindingId, giverPersonId: giver.personId, status: "revoked" });

    const theirs = (await t.api("GET", "/v1/quotas", { token: parent.token })).body;
    expect(theirs.received[0]).toMatchObject({ bindingId, status: "revoked", remainingFen: 0 });
    expect(theirs.granted[0]).toMatchObject({ annualFen: 9_000, status: "active" });
    expect(theirs.received[0]).not.toHaveProperty("giverPersonId");

    for (const token of [giver.token, parent.token]) {
      const inbox = (await t.api("GET", "/v1/notifications", { token })).body.items;
      const n = inbox.find((x: { kind: string; title: string }) => x.kind === "quota.revoked" && x.title === "共济额度已由客服撤销");
      expect(n, JSON.stringify(inbox)).toBeTruthy();
      expect(n.body).toContain("原因：用户来电要求撤销");
      expect(n.body).not.toContain("13912345678");
    }
    const audit = (await auditRows(t)).filter((a) => a.action === "quota.revoke" && a.subjectId === bindingId);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorType: "agent", details: { giverPersonId: giver.personId, role: "agent" } });
    expect(audit[0].details.reason).toContain("用户来电要求撤销");
    expect(audit[0].details.reason).not.toContain("13912345678");

    const again = await revoke(agent, bindingId, { giverPersonId: giver.personId, reason: "再次撤销" });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("QUOTA_NOT_ACTIVE");
  });

  it("the console's family panel: a revoke link per quota, a confirm page, a reason required (kept when missing), then revoked", async () => {
    const { ConsoleClient } = await import("./browser/support/console-client");
    const { giver, parent, bindingId } = await pair();
    expect((await put(t, giver.token, bindingId, { annualFen: 200_000 })).status).toBe(200);
    const c = new ConsoleClient(t);
    const login = await c.login("agent01");
    await c.get(login.location!);
    const personPage = (await c.get(`/console/users/${parent.personId}`)).text;
    const link = personPage.match(/href="(\/console\/bindings\/[^"]+\/revoke\?back=[^"]+)"/);
    expect(link, personPage).toBeTruthy();
    const confirm = await c.get(link![1]!.replace(/&amp;/g, "&"));
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain("确认撤销共济额度");
    expect(confirm.text).toContain("¥2,000.00");
    expect(confirm.text).toContain("确认撤销");
    expect(confirm.text).not.toContain(parent.name);
    // Opening the confirm page changes nothing.
    expect((await t.api("GET", "/v1/quotas", { token: parent.token })).body.received[0].status).toBe("active");

    const action = `/console/bindings/${bindingId}/quota/${giver.personId}/revoke`;
    const missing = await c.post(action, { reason: "x", back: `/console/users/${parent.personId}` });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain("请填写撤销原因（2–500 个字）");
    expect((await t.api("GET", "/v1/quotas", { token: parent.token })).body.received[0].status).toBe("active");

    const done = await c.post(action, { reason: "用户在柜台要求撤销", back: `/console/users/${parent.personId}` });
    expect(done.status).toBe(303);
    expect(done.location).toBe(`/console/users/${parent.personId}?done=quota_revoked`);
    const after = (await c.get(done.location!)).text;
    expect(after).toContain("共济额度已撤销，给付方和使用方已收到通知。");
    expect(after).toContain("已撤销");
    expect((await t.api("GET", "/v1/quotas", { token: parent.token })).body.received[0].status).toBe("revoked");
    const twice = await c.get(link![1]!.replace(/&amp;/g, "&"));
    expect(twice.status).toBe(409);
    expect(twice.text).toContain("该共济额度已撤销或已结束");
  });
});
