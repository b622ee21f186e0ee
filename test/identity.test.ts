import { describe, expect, it } from "vitest";
import { createTestApp } from "./support/app";
import { login, makeIdNumber, newPerson, verifiedUser } from "./support/people";

const t = await createTestApp();

describe("login", () => {
  it("issues a session for the sandbox provider; the same code is the same user", async () => {
    const a = await t.api("POST", "/v1/auth/sessions", { body: { provider: "sandbox", code: "same-user-1" } });
    const b = await t.api("POST", "/v1/auth/sessions", { body: { provider: "sandbox", code: "same-user-1" } });
    expect(a.status).toBe(201);
    expect(a.body.user).toEqual({ id: b.body.user.id, realNameVerified: false });
    expect(new Date(a.body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 3600_000);
  });

  it("refuses an unknown provider with a validation problem listing the path", async () => {
    const r = await t.api("POST", "/v1/auth/sessions", { body: { provider: "qq", code: "x" } });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe("VALIDATION_FAILED");
    expect(r.body.errors[0].path).toBe("provider");
  });

  it("refuses a body that is not JSON instead of reading it as {}", async () => {
    const r = await t.api("POST", "/v1/auth/sessions", { raw: "provider=sandbox", headers: { "content-type": "text/plain" } });
    expect(r.status).toBe(415);
    expect(r.body.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    const bad = await t.api("POST", "/v1/auth/sessions", { raw: "{not json", headers: { "content-type": "application/json" } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("problem+json");
  });

  it("answers 401 for missing, forged and expired tokens", async () => {
    expect((await t.api("GET", "/v1/me")).status).toBe(401);
    const token = await login(t);
    const forged = token.slice(0, -4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
    const r = await t.api("GET", "/v1/me", { token: forged });
    expect(r.status).toBe(401);
    expect(r.body.code).toBe("UNAUTHENTICATED");
    const { issueToken } = await import("../src/modules/platform/tokens");
    const expired = await issueToken(t.config.secrets.token, { sub: "x", kind: "user" }, -10);
    expect((await t.api("GET", "/v1/me", { token: expired.token })).status).toBe(401);
    const agentKind = await issueToken(t.config.secrets.token, { sub: "x", kind: "agent", role: "agent" }, 600);
    expect((await t.api("GET", "/v1/me", { token: agentKind.token })).status).toBe(401);
  });
});

describe("real-name verification", () => {
  it("verifies a registry person with a passing face check and masks the answer", async () => {
    const p = await newPerson(t, { name: "王建国", insurance: "employee" });
    const token = await login(t);
    const r = await t.api("POST", "/v1/me/real-name", {
      token,
      body: { name: p.name, idNumber: p.idNumber, faceToken: `face-ok:${p.idNumber}` },
    });
    expect(r.status).toBe(200);
    expect(r.body.person).toMatchObject({ maskedName: "王*国", regionCode: "320500", insurance: "employee" });
    expect(r.body.person.maskedIdNumber).toBe(`${p.idNumber.slice(0, 4)}**********${p.idNumber.slice(-4)}`);
    const me = await t.api("GET", "/v1/me", { token });
    expect(me.body.user.realNameVerified).toBe(true);
    expect(me.body.person.id).toBe(r.body.person.id);
    expect(me.body.wallet).toBeNull();
    expect(JSON.stringify(me.body)).not.toContain(p.idNumber);
    expect(JSON.stringify(me.body)).not.toContain(p.name);
  });

  it("verifies a fixture person from the seeded registry", async () => {
    const token = await login(t);
    const r = await t.api("POST", "/v1/me/real-name", {
      token,
      body: { name: "张伟", idNumber: "320505196803121078", faceToken: "face-ok:320505196803121078" },
    });
    expect(r.status).toBe(200);
    expect(r.body.person).toMatchObject({ maskedName: "张*", maskedIdNumber: "3205**********1078", gender: "male" });
  });

  it.each([
    ["wrong check digit", "320505196803121079"],
    ["too short", "32050519680312107"],
    ["impossible birth date", "320505196802301078"],
    ["letters", "32050519680312ABCD"],
  ])("refuses an ID number with %s (400 ID_NUMBER_INVALID)", async (_why, idNumber) => {
    const token = await login(t);
    const r = await t.api("POST", "/v1/me/real-name", { token, body: { name: "张伟", idNumber, faceToken: `face-ok:${idNumber}` } });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe("ID_NUMBER_INVALID");
  });

  it("refuses a name that differs from the registry (NAME_MISMATCH)", async () => {
    const p = await newPerson(t, { name: "李娜" });
    const r = await t.api("POST", "/v1/me/real-name", {
      token: await login(t),
      body: { name: "李娟", idNumber: p.idNumber, faceToken: `face-ok:${p.idNumber}` },
    });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe("NAME_MISMATCH");
  });

  it("refuses persons the registry does not know or who are not insured (NOT_INSURED)", async () => {
    const unknown = makeIdNumber("1980-01-01");
    const a = await t.api("POST", "/v1/me/real-name", {
      token: await login(t),
      body: { name: "无名", idNumber: unknown, faceToken: `face-ok:${unknown}` },
    });
    expect(a.status).toBe(422);
    expect(a.body.code).toBe("NOT_INSURED");
    const p = await newPerson(t, { insurance: "none" });
    const b = await t.api("POST", "/v1/me/real-name", {
      token: await login(t),
      body: { name: p.name, idNumber: p.idNumber, faceToken: `face-ok:${p.idNumber}` },
    });
    expect(b.body.code).toBe("NOT_INSURED");
  });

  it("refuses a failed face check (FACE_CHECK_FAILED)", async () => {
    const p = await newPerson(t);
    const other = await newPerson(t);
    const r = await t.api("POST", "/v1/me/real-name", {
      token: await login(t),
      body: { name: p.name, idNumber: p.idNumber, faceToken: `face-ok:${other.idNumber}` },
    });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe("FACE_CHECK_FAILED");
  });

  it("refuses a person already verified by another user (409)", async () => {
    const u = await verifiedUser(t);
    const r = await t.api("POST", "/v1/me/real-name", {
      token: await login(t),
      body: { name: u.name, idNumber: u.idNumber, faceToken: `face-ok:${u.idNumber}` },
    });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe("PERSON_ALREADY_VERIFIED");
  });

  it("rate-limits real-name attempts per user (429 with Retry-After)", async () => {
    const token = await login(t);
    let last = 0;
    for (let i = 0; i < 11; i++) {
      const r = await t.api("POST", "/v1/me/real-name", { token, body: { name: "张伟", idNumber: "320505196803121079", faceToken: "x" } });
      last = r.status;
      if (r.status === 429) {
        expect(r.body.code).toBe("RATE_LIMITED");
        expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
        break;
      }
    }
    expect(last).toBe(429);
  });
});

describe("login rate limit", () => {
  it("limits logins per address (429 RATE_LIMITED with Retry-After)", async () => {
    const local = await createTestApp({ config: { RATE_LOGIN_PER_IP_PER_MINUTE: "3" } });
    const from = (ip: string) =>
      local.api("POST", "/v1/auth/sessions", { body: { provider: "sandbox", code: `rl-${Math.random()}` }, headers: { "x-real-ip": ip } });
    // Seven calls span at most two fixed windows of three, so at least one must be refused.
    const results = [];
    for (let i = 0; i < 7; i++) results.push(await from("198.51.100.7"));
    const limited = results.find((r) => r.status === 429)!;
    expect(limited).toBeDefined();
    expect(limited.body.code).toBe("RATE_LIMITED");
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await from("198.51.100.8")).status).toBe(201);
  });
});

describe("sandbox routes", () => {
  it("moves the business clock forward only", async () => {
    const now = await t.api("GET", "/v1/sandbox/clock");
    const later = new Date(new Date(now.body.now).getTime() + 3600_000).toISOString();
    expect((await t.api("POST", "/v1/sandbox/clock", { body: { now: later } })).status).toBe(200);
    const back = await t.api("POST", "/v1/sandbox/clock", { body: { now: now.body.now } });
    expect(back.status).toBe(422);
    expect(back.body.code).toBe("CLOCK_BACKWARDS");
  });
});
