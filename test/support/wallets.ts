import type { TestApp } from "./app";
import { verifiedUser, type PersonSpec, type User } from "./people";

export const PIN = "258036";
export const AGREEMENT = "2024.12";

export interface WalletUser extends User {
  walletId: string;
}

export async function openWallet(t: TestApp, u: User, pin = PIN): Promise<string> {
  const r = await t.api("POST", "/v1/wallet", {
    token: u.token,
    body: { agreementVersion: AGREEMENT, faceToken: `face-ok:${u.idNumber}`, paymentPassword: pin },
  });
  if (r.status !== 201) throw new Error(`open wallet: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.wallet.id;
}

/** A verified user with an open wallet (employee-insured with ¥1,000.00 of own funds by default). */
export async function walletUser(t: TestApp, spec: PersonSpec = {}): Promise<WalletUser> {
  const u = await verifiedUser(t, { insurance: "employee", personalAccountFen: 100_000, ...spec });
  return { ...u, walletId: await openWallet(t, u) };
}

export async function balances(t: TestApp, u: { token: string }) {
  const r = await t.api("GET", "/v1/wallet", { token: u.token });
  if (r.status !== 200) throw new Error(`wallet: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.balances as { ownFen: number; receivedFen: number; heldFen: number; totalFen: number };
}

export async function ledgerOk(t: TestApp) {
  const { checkLedger } = await import("../../src/modules/ledger/ledger.check");
  return checkLedger(t.db);
}
