import { loginAs } from "../../support/family";
import { newPerson, relate, verifiedUser } from "../../support/people";
import { openWallet, PIN } from "../../support/wallets";
import type { TestApp } from "../../support/app";
import { openWalletApi, realNameAs, realNameUser } from "./backend";
import type { WxDouble } from "./wx";

/** The wx user (¥1,000 own funds, wallet open, PIN `pin`) bound to a spouse with a wallet. */
export async function senderWithSpouse(
  t: TestApp,
  wx: WxDouble,
  pin: string,
  opts: { region?: string; spouseRegion?: string; spouseWallet?: boolean; fen?: number } = {},
) {
  const me = await realNameUser(t, wx, { birthDate: "1980-05-01", personalAccountFen: opts.fen ?? 100_000, regionCode: opts.region });
  await openWalletApi(t, me, pin);
  const spouse = await newPerson(t, { birthDate: "1982-03-03", insurance: "resident", regionCode: opts.spouseRegion });
  await relate(t, me, spouse, "spouse");
  const inv = await t.api("POST", "/v1/invitations", {
    token: me.token,
    body: { relation: "spouse", name: spouse.name, idNumber: spouse.idNumber },
  });
  const spouseToken = await loginAs(t, spouse);
  const acc = await t.api("POST", `/v1/invitations/${inv.body.code}/accept`, {
    token: spouseToken,
    body: { faceToken: `face-ok:${spouse.idNumber}` },
  });
  if (opts.spouseWallet !== false) await openWallet(t, { ...spouse, token: spouseToken });
  return { me, spouse: { ...spouse, token: spouseToken }, bindingId: acc.body.binding.bindingId as string };
}

/** The wx user is the recipient; a spouse (sandbox user, wallet open) sends to them with `send`. */
export async function recipientWithSender(t: TestApp, wx: WxDouble) {
  const sender = await verifiedUser(t, { birthDate: "1980-05-01", personalAccountFen: 100_000 });
  await openWallet(t, sender);
  const mePerson = await newPerson(t, { birthDate: "1982-03-03", insurance: "resident" });
  await relate(t, sender, mePerson, "spouse");
  const inv = await t.api("POST", "/v1/invitations", {
    token: sender.token,
    body: { relation: "spouse", name: mePerson.name, idNumber: mePerson.idNumber },
  });
  const me = await realNameAs(t, wx, mePerson);
  const acc = await t.api("POST", `/v1/invitations/${inv.body.code}/accept`, {
    token: me.token,
    body: { faceToken: `face-ok:${me.idNumber}` },
  });
  await openWalletApi(t, me);
  const bindingId = acc.body.binding.bindingId as string;
  const send = (amountFen: number) =>
    t.api("POST", "/v1/transfers", {
      token: sender.token,
      headers: { "idempotency-key": `k-${Math.random()}` },
      body: { bindingId, amountFen, paymentPassword: PIN },
    });
  return { me, sender, send, bindingId };
}
