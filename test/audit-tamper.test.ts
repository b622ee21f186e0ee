import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { recordAudit } from "../src/modules/audit/audit.service";
import { rowsOf } from "../src/lib/rows";
import { ConsoleClient } from "./browser/support/console-client";
import { createTestApp } from "./support/app";

// Its own file (and database): after the tampering the chain stays broken on purpose.
const t = await createTestApp();

describe("audit tamper detection", () => {
  it("names the row whose details were changed in the database", async () => {
    for (let i = 0; i < 6; i++) {
      await recordAudit(t.db, t.clock.now(), {
        actorType: "agent",
        actorId: "a1",
        action: "wallet.freeze",
        subjectType: "wallet",
        subjectId: `w${i}`,
        details: { reason: "原因" },
      });
    }
    const login = await t.api("POST", "/v1/agent/sessions", { body: { username: "auditor01", password: "Sandbox#2026" } });
    const token = login.body.token;
    expect((await t.api("GET", "/v1/agent/audit/verify", { token })).body.ok).toBe(true);

    const [victim] = rowsOf<{ id: string; chain_pos: number }>(
      await t.db.execute(sql`select id, chain_pos from audit_log where subject_id = 'w3' and chain_pos is not null`),
    );
    await t.db.execute(sql`update audit_log set details = '{"reason":"篡改"}'::jsonb where id = ${victim!.id}`);

    const r = await t.api("GET", "/v1/agent/audit/verify", { token });
    expect(r.body.ok).toBe(false);
    expect(r.body.firstBroken).toMatchObject({
      id: victim!.id,
      chainPos: Number(victim!.chain_pos),
      reason: "row content does not match its hash",
    });
    expect(r.body.checked).toBe(Number(victim!.chain_pos) - 1);

    // The console's "verify chain" button names the same row.
    const c = new ConsoleClient(t);
    await c.get((await c.login("auditor01")).location!);
    const page = await c.post("/console/audit/verify");
    expect(page.text).toContain("哈希链断裂");
    expect(page.text).toContain(victim!.id);

    // The CSV export of a range holding the changed row marks that row and the chain as broken.
    const csv = await c.get("/console/audit/export.csv?action=wallet.freeze");
    expect(csv.headers.get("x-audit-chain")).toBe(`broken; chainPos=${Number(victim!.chain_pos)}`);
    const lines = csv.text.trim().split("\r\n");
    expect(lines.find((l) => l.includes(victim!.id))).toContain(",不符,");
    expect(lines.filter((l) => l.includes(",通过,"))).toHaveLength(5);
    expect(lines[lines.length - 1]).toMatch(/^哈希链校验,断裂：第 \d+ 条记录/);
  });
});
