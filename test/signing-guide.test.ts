import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../src/lib/crypto";
import { canonicalRequest, signedHeaders, signRequest } from "../src/lib/signing";
import { createTestApp } from "./support/app";
import { newMerchant } from "./support/merchants";

const guide = readFileSync(new URL("../docs/SIGNING.md", import.meta.url), "utf8");
const t = await createTestApp();

describe("docs/SIGNING.md", () => {
  it("its worked example is what the server computes", async () => {
    const secret = "ZXhhbXBsZS1zZWNyZXQtZG8tbm90LXVzZS0wMDAwMDA";
    const body = '{"ecode":"812345678901234567","orderNo":"HIS-20261124-0001","amountFen":12850}';
    const parts = {
      method: "POST",
      path: "/v1/merchant/settlements",
      timestamp: "1795500000",
      nonce: "3f2c9a1e-5b7d-4e8a-9c0f-1a2b3c4d5e6f",
      body,
    };
    const bodyHash = await sha256Hex(body);
    const canonical = await canonicalRequest(parts);
    const signature = await signRequest(secret, parts);
    expect(canonical).toBe(`POST\n/v1/merchant/settlements\n1795500000\n3f2c9a1e-5b7d-4e8a-9c0f-1a2b3c4d5e6f\n${bodyHash}`);
    for (const shown of [secret, body, bodyHash, JSON.stringify(canonical), signature, await sha256Hex("")]) expect(guide).toContain(shown);
    expect(signature).toBe("76475fcdcb224acf4e7ed9a8970f4698bc0ad6ec08f3978daca8307610494acf");
  });

  it("its Node client signs calls the server accepts, a query string included", async () => {
    const code = /```js\n([\s\S]*?)```/.exec(guide)![1]!;
    expect(code.split("\n").filter((l) => l.trim() && !l.trim().startsWith("//")).length).toBeLessThanOrEqual(20);
    const file = join(mkdtempSync(join(tmpdir(), "yb-signing-")), "client.mjs");
    writeFileSync(file, code);
    const { signedFetch } = (await import(pathToFileURL(file).href)) as {
      signedFetch: (
        base: string,
        keyId: string,
        secret: string,
        method: string,
        path: string,
        body?: unknown,
      ) => Promise<{ status: number; body: any }>;
    };
    const m = await newMerchant(t);
    const realFetch = globalThis.fetch;
    globalThis.fetch = ((url: string, init: RequestInit) =>
      t.app.request(new URL(url).pathname + new URL(url).search, init)) as typeof fetch;
    try {
      const r = await signedFetch("http://wallet.test", m.keyId, m.secret, "GET", "/v1/merchant/statements?date=2026-11-24");
      expect(r.status).toBe(200);
      const settle = await signedFetch("http://wallet.test", m.keyId, m.secret, "POST", "/v1/merchant/settlements", {
        ecode: "000000000000000000",
        orderNo: "guide-1",
        amountFen: 100,
      });
      // Past the signature: the e-code is unknown, which is a business answer, not a signature one.
      expect(settle.body.code).not.toMatch(/SIGNATURE_INVALID|REPLAYED_NONCE/);
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});

describe("a refused signature says which part failed", () => {
  const PATH = "/v1/merchant/statements";
  const send = (headers: Record<string, string>, path = `${PATH}?date=2026-11-24`) => t.api("GET", path, { headers });

  it("missing and malformed headers, the timestamp window, an unknown key", async () => {
    const m = await newMerchant(t);
    const h = await signedHeaders(m.keyId, m.secret, "GET", PATH, "");
    const { "x-nonce": _n, ...noNonce } = h;
    expect((await send(noNonce)).body).toMatchObject({ status: 401, code: "SIGNATURE_INVALID", reason: "missing-headers" });
    expect((await send({ ...h, "x-timestamp": `${h["x-timestamp"]}000` })).body).toMatchObject({
      code: "SIGNATURE_INVALID",
      reason: "malformed-headers",
    });
    const stale = await signedHeaders(m.keyId, m.secret, "GET", PATH, "", Date.now() - 301_000);
    const r = await send(stale);
    expect(r.body).toMatchObject({ code: "SIGNATURE_INVALID", reason: "timestamp-window" });
    expect(Math.abs(r.body.serverTime - Date.now() / 1000)).toBeLessThan(60);
    expect((await send({ ...h, "x-key-id": "mk_nosuchkey" })).body).toMatchObject({ code: "SIGNATURE_INVALID", reason: "unknown-key" });
  });

  it("a mismatch shows the server's string to sign (never the secret) and tells a changed body from a wrong signature", async () => {
    const m = await newMerchant(t);
    const path = "/v1/merchant/settlements";
    const signedBody = JSON.stringify({ ecode: "1", orderNo: "o-1", amountFen: 1 });
    const sentBody = JSON.stringify({ ecode: "1", orderNo: "o-1", amountFen: 2 });
    const h = await signedHeaders(m.keyId, m.secret, "POST", path, signedBody);
    const wrong = await t.api("POST", path, { raw: sentBody, headers: h });
    expect(wrong.body).toMatchObject({ status: 401, code: "SIGNATURE_INVALID", reason: "signature-mismatch" });
    expect(wrong.body.canonical).toBe(`POST\n${path}\n${h["x-timestamp"]}\n${h["x-nonce"]}\n${await sha256Hex(sentBody)}`);
    expect(JSON.stringify(wrong.body)).not.toContain(m.secret);
    expect(JSON.stringify(wrong.body)).not.toContain(
      await signRequest(m.secret, { method: "POST", path, timestamp: h["x-timestamp"]!, nonce: h["x-nonce"]!, body: sentBody }),
    );
    const withHash = {
      ...(await signedHeaders(m.keyId, m.secret, "POST", path, signedBody)),
      "x-content-sha256": await sha256Hex(signedBody),
    };
    expect((await t.api("POST", path, { raw: sentBody, headers: withHash })).body).toMatchObject({
      code: "SIGNATURE_INVALID",
      reason: "body-hash",
    });
    // With the query string signed (a common mistake): a mismatch whose canonical path has no query.
    const q = await signedHeaders(m.keyId, m.secret, "GET", `${PATH}?date=2026-11-24`, "");
    const withQuery = {
      ...q,
      "x-signature": await signRequest(m.secret, {
        method: "GET",
        path: `${PATH}?date=2026-11-24`,
        timestamp: q["x-timestamp"]!,
        nonce: q["x-nonce"]!,
        body: "",
      }),
    };
    const r = await send(withQuery);
    expect(r.body).toMatchObject({ reason: "signature-mismatch" });
    expect(r.body.canonical.split("\n")[1]).toBe(PATH);
  });

  it("a replayed nonce answers 409 REPLAYED_NONCE with its reason", async () => {
    const m = await newMerchant(t);
    const h = await signedHeaders(m.keyId, m.secret, "GET", PATH, "");
    expect((await send(h)).status).toBe(200);
    expect((await send(h)).body).toMatchObject({ status: 409, code: "REPLAYED_NONCE", reason: "nonce-replayed" });
  });
});
