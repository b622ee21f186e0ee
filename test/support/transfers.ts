import type { TestApp } from "./app";
import { bind, family, type Rel } from "./family";
import type { User } from "./people";
import { openWallet, PIN } from "./wallets";

let keySeq = 0;
export const newKey = () => `k-${process.pid}-${Date.now()}-${keySeq++}`;

/** A sender with ¥1,000 own funds and a bound relative with an open wallet. */
export async function pair(
  t: TestApp,
  opts: {
    relation?: Rel;
    userFen?: number;
    userRegion?: string;
    relativeRegion?: string;
    relativeInsurance?: "employee" | "resident";
    relativeGender?: "male" | "female";
  } = {},
) {
  const relation = opts.relation ?? "spouse";
  const { user, relative } = await family(t, relation, {
    userFen: opts.userFen ?? 100_000,
    userRegion: opts.userRegion,
    relativeRegion: opts.relativeRegion,
    relativeInsurance: opts.relativeInsurance,
    relativeGender: opts.relativeGender,
  });
  const userWallet = await openWallet(t, user);
  const { bindingId, relativeToken } = await bind(t, user, relative, relation);
  const rel: User = { ...relative, token: relativeToken };
  const relativeWallet = await openWallet(t, rel);
  return { sender: { ...user, walletId: userWallet }, recipient: { ...rel, walletId: relativeWallet }, bindingId };
}

export function send(
  t: TestApp,
  token: string,
  bindingId: string,
  amountFen: number,
  opts: { key?: string; pin?: string; memo?: string } = {},
) {
  return t.api("POST", "/v1/transfers", {
    token,
    headers: { "idempotency-key": opts.key ?? newKey() },
    body: { bindingId, amountFen, paymentPassword: opts.pin ?? PIN, ...(opts.memo ? { memo: opts.memo } : {}) },
  });
}
