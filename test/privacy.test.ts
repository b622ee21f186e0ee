import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "../src/lib/rows";
import { persons, users } from "../src/modules/identity/identity.schema";
import { ExportDto } from "../src/modules/privacy/privacy.routes";
import { createTestApp } from "./support/app";
import { chat } from "./support/chat";
import { charge, ecode, newMerchant, orderNo } from "./support/merchants";
import { login } from "./support/people";
import { pair, send } from "./support/transfers";
import { balances, ledgerOk, PIN } from "./support/wallets";

const t = await createTestApp({ now: "2026-11-24T10:00:00+08:00" });
const DAY = 86_400_000;
const advance = (ms: number) => t.clock.set(new Date(t.clock.now().getTime() + ms));

async function auditOf(action: string, subjectId: string) {
  return rowsOf<{ details: unknown; actor_id: string }>(
    await t.db.execute(sql`select details, actor_id from audit_log where action = ${action} and subject_id = ${subjectId}`),
  );
}

describe("GET /v1/me/export", () => {
  it("gives me everything held about me, my own data unsealed, relatives masked, in the documented shape; audited without the data", async () => {
    const { sender, recipient, bindingId } = await pair(t);
    const tr = await send(t, sender.token, bindingId, 2_000, { memo: "买药" });
    expect((await t.api("POST", `/v1/transfers/${tr.body.id}/accept`, { token: recipient.token })).status).toBe(200);
    const m = await newMerchant(t);
    expect((await charge(t, m, { ecode: await ecode(t, sender), orderNo: orderNo(), amountFen: 1_500 })).status).toBe(201);
    const c = chat(t, sender.token);
    await c.start({ text: "查余额" });

    const r = await t.api("GET", "/v1/me/export", { token: sender.token });
    expect(r.status).toBe(200);
    expect(() => ExportDto.parse(r.body)).not.toThrow();
    expect(r.body.person).toMatchObject({ name: sender.name, idNumber: sender.idNumber, birthDate: sender.birthDate });
    expect(r.body.person.regionName).not.toMatch(/^\d+$/);
    expect(r.body.wallet).toMatchObject({ id: sender.walletId, status: "active", closure: null });
    expect(r.body.wallet.balances).toEqual(await balances(t, sender));
    expect(r.body.entries.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(["wallet_opening", "transfer_hold"]));
    expect(r.body.transfers).toEqual([
      expect.objectContaining({ receiptNo: tr.body.receiptNo, direction: "out", amountFen: 2_000, status: "succeeded", memo: "买药" }),
    ]);
    expect(r.body.settlements).toEqual([expect.objectContaining({ merchantName: m.name, amountFen: 1_500 })]);
    expect(r.body.relatives).toEqual([expect.objectContaining({ bindingId, role: "giver", status: "active" })]);
    expect(r.body.conversations.length).toBeGreaterThanOrEqual(1);
    expect(r.body.conversations[0].messages.length).toBeGreaterThan(0);
    expect(r.body.notifications.length).toBeGreaterThan(0);
    // The relative appears masked only: their name and ID number are theirs, not mine.
    const text = JSON.stringify(r.body);
    expect(text).not.toContain(recipient.name);
    expect(text).not.toContain(recipient.idNumber);
    expect(text).toContain(r.body.relatives[0].otherMaskedName);
    // And the relative's export holds nothing of mine unmasked.
    const theirs = JSON.stringify((await t.api("GET", "/v1/me/export", { token: recipient.token })).body);
    expect(theirs).toContain(recipient.idNumber);
    expect(theirs).not.toContain(sender.idNumber);
    expect(theirs).not.toContain(sender.name);

    const audit = await auditOf("person.data_exported", sender.personId);
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.details)).not.toContain(sender.idNumber);
    expect(t.logLines.join("\n")).not.toContain(sender.idNumber);
  });

  it("needs a signed-in, verified user", async () => {
    expect((await t.api("GET", "/v1/me/export")).status).toBe(401);
    expect((await t.api("GET", "/v1/me/export", { token: await login(t) })).body.code).toBe("REAL_NAME_REQUIRED");
  });
});

describe("POST /v1/me/deletion", () => {
  it("is refused while the wallet is open or a relative is bound; then erases what it may and keeps what the law requires", async () => {
    const { sender, recipient, bindingId } = await pair(t);
    const tr = await send(t, sender.token, bindingId, 1_000);
    expect((await t.api("POST", `/v1/transfers/${tr.body.id}/accept`, { token: recipient.token })).status).toBe(200);
    const c = chat(t, recipient.token);
    await c.start({ text: "查余额" });
    const face = { faceToken: `face-ok:${recipient.idNumber}` };

    const blocked = await t.api("POST", "/v1/me/deletion", { token: recipient.token, body: face });
    expect(blocked.status).toBe(422);
    expect(blocked.body).toMatchObject({ code: "DELETION_BLOCKED", reasons: ["wallet_open", "active_bindings"] });
    expect(blocked.body.detail).toContain("钱包");
    expect(blocked.body.detailEn).toContain("wallet is not closed");

    // Close (the ¥10.00 goes back to the sender), unbind, and delete.
    const closed = await t.api("POST", "/v1/wallet/close", { token: recipient.token, body: { paymentPassword: PIN } });
    expect(closed.status).toBe(200);
    expect((await t.api("DELETE", `/v1/relatives/${bindingId}`, { token: recipient.token })).status).toBe(204);
    const badFace = await t.api("POST", "/v1/me/deletion", { token: recipient.token, body: { faceToken: "face-bad" } });
    expect(badFace.body.code).toBe("FACE_CHECK_FAILED");

    const del = await t.api("POST", "/v1/me/deletion", { token: recipient.token, body: face });
    expect(del.status).toBe(200);
    expect(del.body.erased).toEqual(expect.arrayContaining(["phone", "lookup_hashes", "login_link", "conversations", "notifications"]));
    expect(del.body.kept.map((k: { what: string }) => k.what)).toEqual(["identity", "financial_records"]);
    expect(del.body.kept[0].until).toBe("2036-11-24T02:00:00.000Z");
    expect(del.body.kept[1].law).toContain("会计档案管理办法");

    const [p] = await t.db.select().from(persons).where(eq(persons.id, recipient.personId));
    expect(p!.idHash).toBe(`erased:${recipient.personId}`);
    expect(p!.nameHash).toBe(`erased:${recipient.personId}`);
    expect([p!.phoneEnc, p!.phoneHash, p!.maskedPhone]).toEqual([null, null, null]);
    expect(p!.maskedName).toBeTruthy();
    const [u] = rowsOf<{ n: string }>(await t.db.execute(sql`select count(*) as n from users where person_id = ${recipient.personId}`));
    expect(Number(u!.n)).toBe(0);
    const [conv] = rowsOf<{ n: string }>(
      await t.db.execute(sql`select count(*) as n from conversations c join users u on u.id = c.user_id where u.subject like 'deleted:%'`),
    );
    expect(Number(conv!.n)).toBe(0);
    // The financial records stay, and the ledger checks out.
    const [kept] = rowsOf<{ n: string }>(
      await t.db.execute(sql`select count(*) as n from transfers where recipient_person_id = ${recipient.personId}`),
    );
    expect(Number(kept!.n)).toBe(1);
    expect((await ledgerOk(t)).problems).toEqual([]);
    // The sender's export still shows the relative masked, and the transfer.
    const senderView = await t.api("GET", "/v1/me/export", { token: sender.token });
    expect(senderView.body.transfers.map((x: { receiptNo: string }) => x.receiptNo)).toContain(tr.body.receiptNo);
    // The login no longer names a person; nothing more can be exported or deleted.
    expect((await t.api("GET", "/v1/me/export", { token: recipient.token })).body.code).toBe("REAL_NAME_REQUIRED");
    expect((await t.api("POST", "/v1/me/deletion", { token: recipient.token, body: face })).body.code).toBe("REAL_NAME_REQUIRED");
    const audit = await auditOf("person.data_deleted", recipient.personId);
    expect(audit).toHaveLength(1);
    const details = JSON.stringify(audit[0]!.details);
    expect(details).not.toContain(recipient.idNumber);
    expect(details).not.toContain(recipient.name);
    expect(t.logLines.join("\n")).not.toContain(recipient.idNumber);

    // The sealed identity is erased when the legal period ends, not before.
    advance(365 * DAY);
    await t.api("POST", "/v1/sandbox/jobs/run");
    const [held] = await t.db.select().from(persons).where(eq(persons.id, recipient.personId));
    expect(held!.idEnc).not.toBe("");
    t.clock.set(new Date("2036-11-24T02:00:00.000Z"));
    const jobs = await t.api("POST", "/v1/sandbox/jobs/run");
    expect(jobs.body.ran).toContainEqual({ name: "privacy-retention", processed: 1 });
    const [gone] = await t.db.select().from(persons).where(eq(persons.id, recipient.personId));
    expect([gone!.idEnc, gone!.nameEnc]).toEqual(["", ""]);
    expect((await auditOf("person.identity_purged", recipient.personId)).length).toBe(1);
    const [uu] = await t.db
      .select()
      .from(users)
      .where(eq(users.subject, `deleted:${audit[0]!.actor_id}`));
    expect(uu?.personId ?? null).toBeNull();
  });
});
