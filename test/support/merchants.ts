import type { ApiResult, TestApp } from "./app";
import { bind } from "./family";
import { newPerson, relate, type User } from "./people";
import { signedCall, type Key } from "./signed";
import { openWallet, PIN } from "./wallets";

export interface Merchant extends Key {
  merchantId: string;
  regionCode: string;
  name: string;
}

let merchantSeq = 0;

/** A sandbox merchant of the test's own, with its signing key (seeded merchants' secrets are unknown). */
export async function newMerchant(
  t: TestApp,
  opts: { regionCode?: string; kind?: "hospital" | "pharmacy"; acceptsWallet?: boolean; name?: string } = {},
): Promise<Merchant> {
  const name = opts.name ?? `测试医院${process.pid}-${Date.now().toString(36)}-${merchantSeq++}`;
  const regionCode = opts.regionCode ?? "320500";
  const r = await t.api("POST", "/v1/sandbox/merchants", {
    body: { name, regionCode, kind: opts.kind, acceptsWallet: opts.acceptsWallet },
  });
  if (r.status !== 201) throw new Error(`sandbox merchant: ${r.status} ${JSON.stringify(r.body)}`);
  return { ...r.body, regionCode, name };
}

/** A fresh e-code for my wallet (or, with walletId, a wallet I manage). */
export async function ecode(t: TestApp, u: { token: string }, walletId?: string): Promise<string> {
  const r = await t.api("POST", "/v1/ecodes", { token: u.token, ...(walletId ? { body: { walletId } } : {}) });
  if (r.status !== 201) throw new Error(`ecode: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.code as string;
}

export function charge<T = any>(
  t: TestApp,
  m: Merchant,
  body: { ecode: string; orderNo: string; amountFen: number },
  tamper?: (h: Record<string, string>) => void,
): Promise<ApiResult<T>> {
  return signedCall<T>(t, m, "POST", "/v1/merchant/settlements", body, tamper);
}

export function refund<T = any>(
  t: TestApp,
  m: Merchant,
  settlementId: string,
  body: { refundNo: string; amountFen: number },
): Promise<ApiResult<T>> {
  return signedCall<T>(t, m, "POST", `/v1/merchant/settlements/${settlementId}/refunds`, body);
}

/** A signed GET: the body signed is empty. */
export async function signedGet<T = any>(t: TestApp, m: Merchant, path: string): Promise<ApiResult<T>> {
  const { signedHeaders } = await import("../../src/lib/signing");
  const headers = await signedHeaders(m.keyId, m.secret, "GET", path, "");
  delete headers["content-type"];
  return t.api<T>("GET", path, { headers });
}

export function orderNo(prefix = "ord"): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * Gives `u` received funds the way they arrive in production: a new spouse (employee-insured, with
 * own funds) is bound, transfers `fen` (at most ¥2,000, as the limits allow) and `u` accepts.
 */
export async function giveReceivedFunds(t: TestApp, u: User, fen: number): Promise<void> {
  const giver = await newPerson(t, { insurance: "employee", personalAccountFen: fen, regionCode: u.regionCode, birthDate: "1975-06-06" });
  await relate(t, u, giver, "spouse");
  const { bindingId, relativeToken } = await bind(t, u, giver, "spouse");
  await openWallet(t, { ...giver, token: relativeToken });
  const tr = await t.api("POST", "/v1/transfers", {
    token: relativeToken,
    headers: { "idempotency-key": `fund-${bindingId}` },
    body: { bindingId, amountFen: fen, paymentPassword: PIN },
  });
  if (tr.status !== 201) throw new Error(`transfer: ${tr.status} ${JSON.stringify(tr.body)}`);
  const acc = await t.api("POST", `/v1/transfers/${tr.body.id}/accept`, { token: u.token });
  if (acc.status !== 200) throw new Error(`accept: ${acc.status} ${JSON.stringify(acc.body)}`);
}
