import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { chainAudit, recordAudit, verifyAuditChain } from "../src/modules/audit/audit.service";
import { rowsOf } from "../src/lib/rows";
import { createTestApp } from "./support/app";
import { walletUser } from "./support/wallets";

const t = await createTestApp();

let ip = 0;
async function tokenOf(username: string): Promise<string> {
  const r = await t.api("POST", "/v1/agent/sessions", {
    body: { username, password: "Sandbox#2026" },
    headers: { "x-real-ip": `10.6.0.${ip++}` },
  });
  return r.body.token;
}

describe("audit log", () => {
  it("chains rows before reading: each row's prevHash is the hash of the row before", async () => {
    const u = await walletUser(t);
    await t.api("POST", `/v1/agent/wallets/${u.walletId}/freeze`, { token: await tokenOf("agent01"), body: { reason: "审计测试" } });
    const auditor = await tokenOf("auditor01");
    const page = await t.api("GET", "/v1/agent/audit?limit=100", { token: auditor });
    expect(page.status).toBe(200);
    const items = page.body.items as {
      chainPos: number;
      hash: string;
      prevHash: string;
      action: string;
      actorType: string;
      subjectId: string;
    }[];
    expect(items.length).toBeGreaterThan(3);
    for (let i = 0; i + 1 < items.length; i++) {
      expect(items[i]!.chainPos).toBe(items[i + 1]!.chainPos + 1);
      expect(items[i]!.prevHash).toBe(items[i + 1]!.hash);
    }
    expect(items.find((r) => r.action === "wallet.freeze" && r.subjectId === u.walletId)).toMatchObject({ actorType: "agent" });
    expect(items.some((r) => r.action === "wallet.open" && r.actorType === "user")).toBe(true);
    expect(items.some((r) => r.action === "agent.login")).toBe(true);
  });

  it("pages with a cursor, newest first", async () => {
    for (let i = 0; i < 5; i++)
      await recordAudit(t.db, t.clock.now(), {
        actorType: "system",
        actorId: "test",
        action: "test.page",
        subjectType: "test",
        subjectId: String(i),
      });
    const auditor = await tokenOf("auditor01");
    const first = await t.api("GET", "/v1/agent/audit?limit=2", { token: auditor });
    expect(first.body.items).toHaveLength(2);
    const second = await t.api("GET", `/v1/agent/audit?limit=2&cursor=${first.body.nextCursor}`, { token: auditor });
    expect(second.body.items[0].chainPos).toBe(first.body.items[1].chainPos - 1);
  });

  it("verifies an intact chain", async () => {
    const r = await t.api("GET", "/v1/agent/audit/verify", { token: await tokenOf("auditor01") });
    expect(r.status).toBe(200);
    expect(r.body.ok).toBe(true);
    expect(r.body.checked).toBeGreaterThan(0);
    expect(r.body.firstBroken).toBeNull();
  });

  it("links batch after batch from the tip of the last one, each batch written with one statement", async () => {
    for (let i = 0; i < 12; i++)
      await recordAudit(t.db, t.clock.now(), {
        actorType: "system",
        actorId: "test",
        action: "test.batch",
        subjectType: "test",
        subjectId: String(i),
      });
    let linked = 0;
    for (let n = await chainAudit(t.db, 5); n > 0; n = await chainAudit(t.db, 5)) {
      expect(n).toBeLessThanOrEqual(5);
      linked += n;
    }
    expect(linked).toBeGreaterThanOrEqual(12);
    const [left] = rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from audit_log where chain_pos is null`));
    expect(left!.n).toBe(0);
    const [span] = rowsOf<{ n: number; lo: number; hi: number }>(
      await t.db.execute(sql`select count(*)::int as n, min(chain_pos)::int as lo, max(chain_pos)::int as hi from audit_log`),
    );
    expect(span).toEqual({ n: span!.n, lo: 1, hi: span!.n });
    const verdict = await verifyAuditChain(t.db);
    expect(verdict).toMatchObject({ ok: true, checked: span!.n, firstBroken: null });
  });
});
