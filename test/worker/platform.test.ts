/** The Worker answers like the Node server: health, docs, the error model, sessions, real-name, clock. */
import { describe, expect, it } from "vitest";
import { api, BASE_URL, FIXED_NOW, login, newPerson, sandboxNow, setSandboxNow } from "./support";

describe("platform on workerd", () => {
  it("GET /healthz reaches PostgreSQL through the Hyperdrive binding", async () => {
    const r = await api("GET", "/healthz");
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: "ok", database: "ok" });
    expect(r.headers.get("x-request-id")).toMatch(/^[0-9A-Z]{26}$/);
  });

  it("serves the OpenAPI document and the API reference page", async () => {
    const doc = await api("GET", "/openapi.json");
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\.1/);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(["/healthz", "/v1/auth/sessions", "/v1/me/real-name", "/v1/sandbox/persons"]),
    );
    const page = await fetch(`${BASE_URL}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    await page.body?.cancel();
  });

  it("answers unknown routes, bad bodies and missing sessions with problem+json", async () => {
    const nf = await api("GET", "/v1/no-such-route", { headers: { "x-request-id": "worker-test-req-0001" } });
    expect(nf.status).toBe(404);
    expect(nf.headers.get("content-type")).toContain("application/problem+json");
    expect(nf.headers.get("x-request-id")).toBe("worker-test-req-0001");
    expect(nf.body).toMatchObject({ status: 404, code: "NOT_FOUND" });
    expect(nf.body.detail).toBeTruthy();
    expect(nf.body.detailEn).toBeTruthy();

    const bad = await api("POST", "/v1/auth/sessions", { body: { provider: "qq", code: "x" } });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("VALIDATION_FAILED");
    expect(bad.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: "provider" })]));

    const notJson = await api("POST", "/v1/auth/sessions", { raw: "{oops", headers: { "content-type": "application/json" } });
    expect(notJson.status).toBe(400);
    expect(notJson.headers.get("content-type")).toContain("problem+json");

    const anon = await api("GET", "/v1/me");
    expect(anon.status).toBe(401);
    expect(anon.body.code).toBe("UNAUTHENTICATED");
  });

  it("serves concurrent requests, each with its own database client", async () => {
    const results = await Promise.all([
      ...Array.from({ length: 12 }, () => api("GET", "/healthz")),
      ...Array.from({ length: 8 }, (_, i) =>
        api("POST", "/v1/auth/sessions", { body: { provider: "sandbox", code: `worker-concurrent-${i}` } }),
      ),
    ]);
    expect(results.map((r) => r.status)).toEqual([...Array(12).fill(200), ...Array(8).fill(201)]);
  });

  it("keeps a keep-alive connection usable after refusing a POST without reading its body", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const refused = await api("POST", "/v1/wallet", { body: { padding: "x".repeat(512) } }); // 401 before the body
      const next = await api("POST", "/v1/auth/sessions", { body: { provider: "sandbox", code: `worker-keepalive-${i}` } });
      statuses.push(refused.status, next.status);
    }
    expect(statuses).toEqual(Array.from({ length: 20 }, () => [401, 201]).flat());
  });

  it("runs the scheduled handler (the Cron Trigger path)", async () => {
    const r = await fetch(`${BASE_URL}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent("* * * * *")}`);
    expect(r.status).toBe(200);
    expect(await r.text()).toBe("ok");
  });
});

describe("identity on workerd", () => {
  it("logs in with the sandbox provider; the same code is the same user", async () => {
    const a = await api("POST", "/v1/auth/sessions", { body: { provider: "sandbox", code: "worker-same-user" } });
    const b = await api("POST", "/v1/auth/sessions", { body: { provider: "sandbox", code: "worker-same-user" } });
    expect(a.status).toBe(201);
    expect(b.body.user.id).toBe(a.body.user.id);
    expect(new Date(a.body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 3000_000);
    const me = await api("GET", "/v1/me", { token: a.body.token });
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(a.body.user.id);
  });

  it("verifies a sandbox person created over HTTP and masks the answer", async () => {
    const p = await newPerson({ insurance: "employee", personalAccountFen: 100_00 });
    const { token } = await login();
    const r = await api("POST", "/v1/me/real-name", {
      token,
      body: { name: p.name, idNumber: p.idNumber, faceToken: `face-ok:${p.idNumber}` },
    });
    expect(r.status).toBe(200);
    expect(r.body.person).toMatchObject({ id: p.personId, regionCode: "320500", insurance: "employee" });
    expect(r.body.person.maskedIdNumber).toBe(`${p.idNumber.slice(0, 4)}**********${p.idNumber.slice(-4)}`);
    expect(r.body.person.maskedName).toBe(`${p.name[0]}*${p.name.slice(2)}`);
    const me = await api("GET", "/v1/me", { token });
    expect(me.body.user.realNameVerified).toBe(true);
    expect(JSON.stringify(me.body)).not.toContain(p.idNumber);
    expect(JSON.stringify(me.body)).not.toContain(p.name);
  });

  it("finds the fixture persons the Worker seeded into the empty database (sandbox seeding)", async () => {
    const { token } = await login("worker-fixture-zhang-wei");
    const r = await api("POST", "/v1/me/real-name", {
      token,
      body: { name: "张伟", idNumber: "320505196803121078", faceToken: "face-ok:320505196803121078" },
    });
    expect(r.status).toBe(200);
    expect(r.body.person).toMatchObject({ maskedName: "张*", maskedIdNumber: "3205**********1078", gender: "male" });
  });

  it("refuses an invalid ID number, a wrong name and a failed face check", async () => {
    const p = await newPerson();
    const { token } = await login();
    const badId = `${p.idNumber.slice(0, 17)}${p.idNumber[17] === "0" ? "1" : "0"}`;
    const r1 = await api("POST", "/v1/me/real-name", { token, body: { name: p.name, idNumber: badId, faceToken: `face-ok:${badId}` } });
    expect(r1.status).toBe(400);
    expect(r1.body.code).toBe("ID_NUMBER_INVALID");
    const r2 = await api("POST", "/v1/me/real-name", {
      token,
      body: { name: "欧阳某某", idNumber: p.idNumber, faceToken: `face-ok:${p.idNumber}` },
    });
    expect(r2.status).toBe(422);
    expect(r2.body.code).toBe("NAME_MISMATCH");
    const r3 = await api("POST", "/v1/me/real-name", { token, body: { name: p.name, idNumber: p.idNumber, faceToken: "face-bad" } });
    expect(r3.status).toBe(422);
    expect(r3.body.code).toBe("FACE_CHECK_FAILED");
  });
});

describe("sandbox clock on workerd", () => {
  it("starts at FIXED_NOW, stays put, and only moves forward", async () => {
    const now = await sandboxNow();
    if (FIXED_NOW) expect(now.getTime()).toBeGreaterThanOrEqual(new Date(FIXED_NOW).getTime());
    await new Promise((r) => setTimeout(r, 1100));
    expect((await sandboxNow()).getTime()).toBe(now.getTime()); // a fixed clock does not tick

    const later = new Date(now.getTime() + 60_000);
    expect((await setSandboxNow(later)).toISOString()).toBe(later.toISOString());
    expect((await sandboxNow()).toISOString()).toBe(later.toISOString());

    const back = await api("POST", "/v1/sandbox/clock", { body: { now: now.toISOString() } });
    expect(back.status).toBe(422);
    expect(back.body.code).toBe("CLOCK_BACKWARDS");
  });
});
