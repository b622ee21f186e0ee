import { eq } from "drizzle-orm";
import { sandboxRegistryEnrolments } from "../../src/db/schema";
import { lookupHash } from "../../src/lib/pii";
import type { TestApp } from "./app";
import { giveReceivedFunds } from "./merchants";
import { PIN, walletUser } from "./wallets";

let keySeq = 0;
/** POST /v1/premiums/payments with the test PIN and a fresh Idempotency-Key unless one is given. */
export function pay(app: TestApp, token: string, body: Record<string, unknown>, key = `pm-${process.pid}-${Date.now()}-${keySeq++}`) {
  return app.api("POST", "/v1/premiums/payments", { token, headers: { "idempotency-key": key }, body: { paymentPassword: PIN, ...body } });
}

/** A resident-insured wallet holder with `fen` of received funds (residents have no own funds). */
export async function resident(app: TestApp, fen: number, spec: { regionCode?: string } = {}) {
  const u = await walletUser(app, { insurance: "resident", personalAccountFen: 0, ...spec });
  if (fen > 0) await giveReceivedFunds(app, u, fen);
  return u;
}

/** What the sandbox registry was told of this person's premiums. */
export async function enrolments(app: TestApp, idNumber: string) {
  const idHash = await lookupHash(app.config.secrets.lookupHmac, "id", idNumber);
  return app.db.select().from(sandboxRegistryEnrolments).where(eq(sandboxRegistryEnrolments.idHash, idHash));
}
