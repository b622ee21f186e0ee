import { SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { issueToken } from "../src/modules/platform/tokens";
import { apiOps, fillPath, problemShapeErrors, type ApiOp } from "./reliability/api-support";
import { apiWorld, exampleFor, type ApiWorld } from "./reliability/fixtures";
import { agentToken } from "./support/admin";
import { createTestApp } from "./support/app";
import { signedCall } from "./support/signed";
import { walletUser, type WalletUser } from "./support/wallets";

type Role = "agent" | "supervisor" | "auditor";
type Policy =
  | { kind: "public" }
  | { kind: "sandbox" }
  | {
      kind: "user";
      foreign?: (w: ApiWorld) => { path?: Record<string, string>; query?: string; body?: unknown; expect?: [number, string] };
    }
  | { kind: "agent"; roles: Role[] }
  | { kind: "signed"; by: "merchant" | "region" };

const ALL: Role[] = ["agent", "supervisor", "auditor"];
const STAFF: Role[] = ["agent", "supervisor"];
const SUPER: Role[] = ["supervisor"];
const AUDIT: Role[] = ["auditor"];
const NOBODY = "01NOSUCHID0000000000000000";

/**
 * Every route the product may serve, with the check it needs. A route in /openapi.json that is not
 * here fails the first test: a new route cannot escape the matrix. `foreign` names the ids of
 * another user (Alice) that Mallory must not reach: the answer is 404, as for anything not hers.
 */
const MATRIX: Record<string, Policy> = {
  "GET /healthz": { kind: "public" },
  "POST /v1/auth/sessions": { kind: "public" },
  "GET /v1/wallet/agreement": { kind: "public" },
  "GET /v1/merchants": { kind: "public" },
  "GET /v1/regions": { kind: "public" },
  "POST /v1/agent/sessions": { kind: "public" },
  "POST /v1/me/real-name": { kind: "user" },
  "GET /v1/me": { kind: "user" },
  "POST /v1/wallet": { kind: "user" },
  "GET /v1/wallet": { kind: "user" },
  "GET /v1/wallet/entries": { kind: "user" },
  "PUT /v1/wallet/password": { kind: "user" },
  "POST /v1/wallet/close": { kind: "user" },
  "GET /v1/wallet/closure": { kind: "user" },
  "GET /v1/me/export": { kind: "user" },
  "POST /v1/me/deletion": { kind: "user" },
  "PUT /v1/wallet/usage-region": { kind: "user" },
  "POST /v1/invitations": { kind: "user" },
  "GET /v1/invitations/{code}": { kind: "user" },
  // Invitation codes travel as share cards: anyone holding one learns it is not for them (API.md).
  "POST /v1/invitations/{code}/accept": {
    kind: "user",
    foreign: (w) => ({ path: { code: w.invitation.code }, body: { faceToken: "face-ok:x" }, expect: [422, "INVITATION_NOT_FOR_YOU"] }),
  },
  "POST /v1/invitations/{code}/decline": {
    kind: "user",
    foreign: (w) => ({ path: { code: w.invitation.code }, expect: [422, "INVITATION_NOT_FOR_YOU"] }),
  },
  "POST /v1/invitations/{code}/cancel": { kind: "user", foreign: (w) => ({ path: { code: w.invitation.code } }) },
  "POST /v1/relatives/minors": { kind: "user" },
  "GET /v1/relatives": { kind: "user" },
  "GET /v1/invitations": { kind: "user" },
  "DELETE /v1/relatives/{bindingId}": { kind: "user", foreign: (w) => ({ path: { bindingId: w.bindingId } }) },
  "POST /v1/relatives/{bindingId}/wallet": {
    kind: "user",
    foreign: (w) => ({
      path: { bindingId: w.bindingId },
      body: { agreementVersion: "2024.12", paymentPassword: "258036", commitment: true },
    }),
  },
  "PUT /v1/relatives/{bindingId}/quota": {
    kind: "user",
    foreign: (w) => ({ path: { bindingId: w.bindingId }, body: { annualFen: 100, paymentPassword: "258036" } }),
  },
  "DELETE /v1/relatives/{bindingId}/quota": { kind: "user", foreign: (w) => ({ path: { bindingId: w.bindingId } }) },
  "GET /v1/quotas": { kind: "user" },
  "PUT /v1/relatives/{bindingId}/care-access": {
    kind: "user",
    foreign: (w) => ({ path: { bindingId: w.bindingId }, body: { granted: false } }),
  },
  "GET /v1/care-access": { kind: "user" },
  "POST /v1/relatives/{bindingId}/ecodes": { kind: "user", foreign: (w) => ({ path: { bindingId: w.bindingId } }) },
  "POST /v1/relatives/elders": { kind: "user" },
  "POST /v1/relatives/{bindingId}/takeover": {
    kind: "user",
    foreign: (w) => ({ path: { bindingId: w.bindingId }, body: { faceToken: "face-ok:x", paymentPassword: "258036" } }),
  },
  "POST /v1/transfers": { kind: "user", foreign: (w) => ({ body: { bindingId: w.bindingId, amountFen: 100, paymentPassword: "258036" } }) },
  "GET /v1/transfers": { kind: "user" },
  "GET /v1/transfers/options": { kind: "user" },
  "POST /v1/transfers/{id}/accept": { kind: "user", foreign: (w) => ({ path: { id: w.transferId } }) },
  "POST /v1/transfers/{id}/decline": { kind: "user", foreign: (w) => ({ path: { id: w.transferId } }) },
  "GET /v1/transfers/{id}": { kind: "user", foreign: (w) => ({ path: { id: w.transferId } }) },
  "GET /v1/notifications": { kind: "user" },
  "POST /v1/notifications/{id}/read": { kind: "user", foreign: (w) => ({ path: { id: w.notificationId } }) },
  // The world has no settlement; another user's real one is refused in family-receipt.test.ts.
  "POST /v1/invitations/{code}/resend": { kind: "user", foreign: (w) => ({ path: { code: w.invitation.code } }) },
  "GET /v1/settlements/{id}": { kind: "user", foreign: () => ({ path: { id: "01JZZZZZZZZZZZZZZZZZZZZZZZ" } }) },
  "POST /v1/ecodes": { kind: "user", foreign: (w) => ({ body: { walletId: w.sender.walletId } }) },
  "GET /v1/premiums/quote": { kind: "user", foreign: (w) => ({ query: `beneficiary=${w.bindingId}` }) },
  "POST /v1/premiums/payments": {
    kind: "user",
    foreign: (w) => ({ body: { beneficiary: w.bindingId, year: 2027, paymentPassword: "258036" } }),
  },
  "POST /v1/conversations": { kind: "user" },
  "POST /v1/conversations/{id}/replies": {
    kind: "user",
    foreign: (w) => ({ path: { id: conversationId(w) }, body: { stepId: "x", value: "1" } }),
  },
  "GET /v1/conversations/{id}": { kind: "user", foreign: (w) => ({ path: { id: conversationId(w) } }) },
  "GET /v1/rules": { kind: "user" },
  "DELETE /v1/agent/sessions/current": { kind: "agent", roles: ALL },
  "GET /v1/agent/me": { kind: "agent", roles: ALL },
  "GET /v1/agent/users": { kind: "agent", roles: STAFF },
  "GET /v1/agent/users/{personId}": { kind: "agent", roles: STAFF },
  "POST /v1/agent/users/{personId}/reveal": { kind: "agent", roles: STAFF },
  "POST /v1/agent/wallets/{id}/freeze": { kind: "agent", roles: STAFF },
  "POST /v1/agent/wallets/{id}/unfreeze": { kind: "agent", roles: SUPER },
  "POST /v1/agent/invitations/{id}/cancel": { kind: "agent", roles: STAFF },
  "POST /v1/agent/bindings/{bindingId}/quota/revoke": { kind: "agent", roles: STAFF },
  "POST /v1/agent/invitations/{id}/resend": { kind: "agent", roles: STAFF },
  "POST /v1/agent/reversals": { kind: "agent", roles: STAFF },
  "GET /v1/agent/reversals": { kind: "agent", roles: STAFF },
  "GET /v1/agent/reversals/{id}": { kind: "agent", roles: STAFF },
  "POST /v1/agent/reversals/{id}/approve": { kind: "agent", roles: SUPER },
  "POST /v1/agent/reversals/{id}/reject": { kind: "agent", roles: SUPER },
  "GET /v1/agent/audit": { kind: "agent", roles: AUDIT },
  "GET /v1/agent/audit/verify": { kind: "agent", roles: AUDIT },
  "GET /v1/admin/clearing": { kind: "agent", roles: ["supervisor", "auditor"] },
  "GET /v1/admin/ledger/check": { kind: "agent", roles: ["supervisor", "auditor"] },
  "POST /v1/integration/personal-account-credits": { kind: "signed", by: "region" },
  "POST /v1/integration/insurance-events": { kind: "signed", by: "region" },
  "POST /v1/merchant/settlements": { kind: "signed", by: "merchant" },
  "GET /v1/merchant/settlements/{id}": { kind: "signed", by: "merchant" },
  "POST /v1/merchant/settlements/{id}/refunds": { kind: "signed", by: "merchant" },
  "GET /v1/merchant/statements": { kind: "signed", by: "merchant" },
  "POST /v1/sandbox/persons": { kind: "sandbox" },
  "POST /v1/sandbox/relations": { kind: "sandbox" },
  "POST /v1/sandbox/region-keys": { kind: "sandbox" },
  "POST /v1/sandbox/clock": { kind: "sandbox" },
  "GET /v1/sandbox/clock": { kind: "sandbox" },
  "POST /v1/sandbox/jobs/run": { kind: "sandbox" },
  "POST /v1/sandbox/merchants": { kind: "sandbox" },
};

const t = await createTestApp();
const ops = await apiOps(t);
const opKey = (o: ApiOp) => `${o.method} ${o.path}`;
let w: ApiWorld;
let mallory: WalletUser;
let aliceConversation = NOBODY;
const conversationId = (_: ApiWorld) => aliceConversation;

beforeAll(async () => {
  w = await apiWorld(t);
  mallory = await walletUser(t);
  if (ops.some((o) => o.path === "/v1/conversations")) {
    const c = await t.api("POST", "/v1/conversations", { token: w.sender.token, body: { flow: "balance" } });
    if (c.status === 201) aliceConversation = c.body.id;
  }
}, 60_000);

const FILLER: Record<string, string> = { id: NOBODY, code: "ZZZZ9999", bindingId: NOBODY, personId: NOBODY };
const path = (o: ApiOp, values: Record<string, string> = {}) => fillPath(o.path, { ...FILLER, ...values });
function expectProblem(r: { status: number; body: any; headers: Headers }, status: number, where: string) {
  expect(r.status, `${where}: ${JSON.stringify(r.body)}`).toBe(status);
  expect(problemShapeErrors(r), where).toEqual([]);
}

describe("authorization matrix over /openapi.json", () => {
  it("every served route has an entry: none escapes the matrix", () => {
    const missing = ops.map(opKey).filter((k) => !MATRIX[k]);
    expect(missing, "routes without an authorization policy — add them to MATRIX").toEqual([]);
    // The spec's declared security agrees with the matrix.
    for (const o of ops) {
      const p = MATRIX[opKey(o)]!;
      const want = p.kind === "user" || p.kind === "agent" ? "bearer" : p.kind === "signed" ? "signature" : "none";
      expect(o.security, opKey(o)).toBe(want);
    }
  });

  it("user routes: no token, a forged, expired or agent token → 401", async () => {
    const secret = t.config.secrets.token;
    const userId = (await t.api("GET", "/v1/me", { token: mallory.token })).body.user.id;
    const expired = (await issueToken(secret, { sub: userId, kind: "user" }, -120)).token;
    const forged = (await issueToken("another-secret-0123456789abcdef0123456789", { sub: userId, kind: "user" }, 600)).token;
    const [h, p, s] = mallory.token.split(".");
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, "base64url").toString()), sub: "01OTHERUSER000000000000000" })).toString("base64url")}.${s}`;
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString("base64url")}.${p}.`;
    const hs512 = await new SignJWT({ kind: "user" })
      .setProtectedHeader({ alg: "HS512" })
      .setSubject(userId)
      .setIssuer("yibao-wallet")
      .setAudience("user")
      .setExpirationTime("10m")
      .sign(new TextEncoder().encode(secret));
    const bad = { none: undefined, expired, forged, tampered, algNone: none, hs512, agent: w.roles.supervisor, garbage: "abc.def.ghi" };
    for (const o of ops.filter((x) => MATRIX[opKey(x)]?.kind === "user")) {
      for (const [name, token] of Object.entries(bad)) {
        const r = await t.api(o.method, path(o), { token, body: o.hasBody ? {} : undefined });
        expectProblem(r, 401, `${opKey(o)} with ${name} token`);
      }
    }
  }, 60_000);

  it("user routes: another user's ids → 404", async () => {
    const checked: string[] = [];
    for (const o of ops) {
      const p = MATRIX[opKey(o)];
      if (p?.kind !== "user" || !p.foreign) continue;
      const f = p.foreign(w);
      const url = path(o, f.path) + (f.query ? `?${f.query}` : "");
      const headers =
        o.path === "/v1/transfers" || o.path === "/v1/premiums/payments" ? { "idempotency-key": `authz-${Math.random()}` } : undefined;
      // A body valid in every other respect, so only ownership can refuse it.
      const body = o.hasBody ? { ...(exampleFor(o.bodySchema, "", w) as object), ...(f.body as object) } : undefined;
      const r = await t.api(o.method, url, { token: mallory.token, body, headers });
      expectProblem(r, f.expect?.[0] ?? 404, `${opKey(o)} as another user`);
      expect(r.body.code, opKey(o)).toBe(f.expect?.[1] ?? "NOT_FOUND");
      checked.push(opKey(o));
    }
    // Every user route that takes an id in its path is covered.
    const withIds = ops
      .filter((o) => MATRIX[opKey(o)]?.kind === "user" && o.params.length > 0 && o.path !== "/v1/invitations/{code}")
      .map(opKey);
    expect(withIds.filter((k) => !checked.includes(k))).toEqual([]);
  }, 60_000);

  it("the invitation a user was not invited to: viewing is by code, accepting is refused", async () => {
    const view = await t.api("GET", `/v1/invitations/${w.invitation.code}`, { token: mallory.token });
    expect([200, 404]).toContain(view.status);
    if (view.status === 200) expect(JSON.stringify(view.body)).not.toContain(w.invitee.idNumber);
  });

  it("agent routes: each role is allowed or gets 403, as specified", async () => {
    const tokens: Record<Role, string> = { agent: "", supervisor: "", auditor: "" };
    for (const o of ops.filter((x) => MATRIX[opKey(x)]?.kind === "agent")) {
      const { roles } = MATRIX[opKey(o)] as { roles: Role[] };
      for (const role of ALL) {
        tokens[role] ||= await agentToken(t, `${role}01`);
        // Logging out revokes the session: that check gets a session of its own.
        const token = o.path === "/v1/agent/sessions/current" ? await agentToken(t, `${role}01`) : tokens[role];
        const query = o.path === "/v1/admin/clearing" ? "?date=2026-11-24" : o.path === "/v1/agent/users" ? "?q=13900000000" : "";
        const r = await t.api(o.method, path(o) + query, {
          token,
          body: o.hasBody ? { reason: "权限矩阵测试", transferId: NOBODY, field: "phone" } : undefined,
        });
        if (roles.includes(role)) expect([401, 403], `${opKey(o)} as ${role}: ${JSON.stringify(r.body)}`).not.toContain(r.status);
        else expectProblem(r, 403, `${opKey(o)} as ${role}`);
        expect(r.status, `${opKey(o)} as ${role}`).toBeLessThan(500);
      }
    }
  }, 60_000);

  it("agent routes: no token, a user token, a forged, expired or revoked agent token → 401", async () => {
    const secret = t.config.secrets.token;
    const revoked = await agentToken(t, "auditor01");
    expect((await t.api("DELETE", "/v1/agent/sessions/current", { token: revoked })).status).toBe(204);
    const claims = JSON.parse(Buffer.from(w.roles.supervisor.split(".")[1]!, "base64url").toString());
    const expired = (await issueToken(secret, { sub: claims.sub, kind: "agent", role: "supervisor", sid: claims.sid }, -120)).token;
    const forged = (
      await issueToken(
        "another-secret-0123456789abcdef0123456789",
        { sub: claims.sub, kind: "agent", role: "supervisor", sid: claims.sid },
        600,
      )
    ).token;
    const noSession = (await issueToken(secret, { sub: claims.sub, kind: "agent", role: "supervisor", sid: NOBODY }, 600)).token;
    const bad = { none: undefined, user: mallory.token, expired, forged, noSession, revoked };
    for (const o of ops.filter((x) => MATRIX[opKey(x)]?.kind === "agent")) {
      for (const [name, token] of Object.entries(bad)) {
        const r = await t.api(o.method, path(o), { token, body: o.hasBody ? {} : undefined });
        expectProblem(r, 401, `${opKey(o)} with ${name} token`);
      }
    }
  }, 60_000);

  it("signed routes: unsigned, a user token, or another kind's key → 401", async () => {
    for (const o of ops.filter((x) => MATRIX[opKey(x)]?.kind === "signed")) {
      const { by } = MATRIX[opKey(o)] as { by: "merchant" | "region" };
      const p = path(o, { id: w.settlementId });
      const body = o.method === "GET" ? undefined : {};
      expectProblem(await t.api(o.method, p, { body }), 401, `${opKey(o)} unsigned`);
      expectProblem(await t.api(o.method, p, { token: mallory.token, body }), 401, `${opKey(o)} with a user token`);
      const wrongKey = by === "merchant" ? w.region : w.merchant;
      const r = o.method === "GET" ? await signedGetWith(wrongKey, p) : await signedCall(t, wrongKey, o.method, p, {});
      expectProblem(r, 401, `${opKey(o)} signed with a ${by === "merchant" ? "region" : "merchant"} key`);
    }
  });

  it("sandbox routes do not exist outside sandbox mode, nor in its OpenAPI document", async () => {
    const prod = await createTestApp({ config: { SANDBOX: "0", DATABASE_URL: "postgres://unused@127.0.0.1:1/none" } });
    const doc = (await prod.api("GET", "/openapi.json")).body;
    expect(Object.keys(doc.paths).filter((p) => p.startsWith("/v1/sandbox"))).toEqual([]);
    for (const o of ops.filter((x) => MATRIX[opKey(x)]?.kind === "sandbox")) {
      const r = await prod.api(o.method, o.path, { body: o.hasBody ? {} : undefined });
      expectProblem(r, 404, `${opKey(o)} in production`);
    }
  });
});

async function signedGetWith(key: { keyId: string; secret: string }, p: string) {
  const { signedHeaders } = await import("../src/lib/signing");
  const headers = await signedHeaders(key.keyId, key.secret, "GET", p, "");
  return t.api("GET", p, { headers });
}
