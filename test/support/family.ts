import type { TestApp } from "./app";
import { login, newPerson, relate, verifiedUser, type Person, type User } from "./people";
import { openWallet, PIN } from "./wallets";

export type Rel = "spouse" | "parent" | "child" | "sibling" | "grandparent" | "grandchild";

const BIRTHS: Record<Rel, [string, string]> = {
  spouse: ["1980-05-01", "1982-03-03"],
  parent: ["1985-05-01", "1958-03-03"],
  child: ["1960-05-01", "1990-03-03"],
  sibling: ["1985-05-01", "1988-03-03"],
  grandparent: ["1995-05-01", "1940-03-03"],
  grandchild: ["1940-05-01", "1995-03-03"],
};

/** A verified user and a registry person who the registry says is the user's `relation`. */
export async function family(
  t: TestApp,
  relation: Rel,
  opts: {
    userRegion?: string;
    relativeRegion?: string;
    relativeBirth?: string;
    userBirth?: string;
    relativeInsurance?: "employee" | "resident" | "none";
    userFen?: number;
    /** The relative's registry gender (random otherwise): "我妈" is a woman. */
    relativeGender?: "male" | "female";
  } = {},
): Promise<{ user: User; relative: Person }> {
  const [ub, rb] = BIRTHS[relation];
  const user = await verifiedUser(t, { birthDate: opts.userBirth ?? ub, regionCode: opts.userRegion, personalAccountFen: opts.userFen });
  const relative = await newPerson(t, {
    birthDate: opts.relativeBirth ?? rb,
    insurance: opts.relativeInsurance ?? "resident",
    regionCode: opts.relativeRegion,
    gender: opts.relativeGender,
  });
  if (relation === "spouse" || relation === "parent" || relation === "sibling") await relate(t, user, relative, relation);
  if (relation === "child") await relate(t, relative, user, "parent");
  if (relation === "grandparent") {
    const mid = await newPerson(t, { birthDate: "1965-01-01" });
    await relate(t, user, mid, "parent");
    await relate(t, mid, relative, "parent");
  }
  if (relation === "grandchild") {
    const mid = await newPerson(t, { birthDate: "1968-01-01" });
    await relate(t, mid, user, "parent");
    await relate(t, relative, mid, "parent");
  }
  return { user, relative };
}

/** Logs a new super-app user in and verifies them as `p`. */
export async function loginAs(t: TestApp, p: { name: string; idNumber: string }): Promise<string> {
  const token = await login(t);
  const r = await t.api("POST", "/v1/me/real-name", {
    token,
    body: { name: p.name, idNumber: p.idNumber, faceToken: `face-ok:${p.idNumber}` },
  });
  if (r.status !== 200) throw new Error(`real-name: ${JSON.stringify(r.body)}`);
  return token;
}

/** Invites and accepts: returns the binding id and the relative's token. */
export async function bind(t: TestApp, user: User, relative: Person, relation: Rel): Promise<{ bindingId: string; relativeToken: string }> {
  const inv = await t.api("POST", "/v1/invitations", {
    token: user.token,
    body: { relation, name: relative.name, idNumber: relative.idNumber },
  });
  if (inv.status !== 201) throw new Error(`invite: ${JSON.stringify(inv.body)}`);
  const relativeToken = await loginAs(t, relative);
  const acc = await t.api("POST", `/v1/invitations/${inv.body.code}/accept`, {
    token: relativeToken,
    body: { faceToken: `face-ok:${relative.idNumber}` },
  });
  if (acc.status !== 200) throw new Error(`accept: ${JSON.stringify(acc.body)}`);
  return { bindingId: acc.body.binding.bindingId, relativeToken };
}

/**
 * A mother (68, `motherFen` of own funds, wallet open) whose son (¥5,000.00, wallet open) gives her a
 * ¥2,000.00 yearly allowance (共济额度) on their binding.
 */
export async function motherWithAllowance(t: TestApp, motherFen: number) {
  const son = await verifiedUser(t, { birthDate: "1985-05-01", personalAccountFen: 500_000 });
  const motherP = await newPerson(t, { birthDate: "1958-03-03", personalAccountFen: motherFen });
  await relate(t, son, motherP, "parent");
  const { bindingId, relativeToken } = await bind(t, son, motherP, "parent");
  await openWallet(t, son);
  const mother = { ...motherP, token: relativeToken };
  await openWallet(t, mother);
  const q = await t.api("PUT", `/v1/relatives/${bindingId}/quota`, {
    token: son.token,
    body: { annualFen: 200_000, paymentPassword: PIN },
  });
  if (q.status !== 200) throw new Error(`quota: ${q.status} ${JSON.stringify(q.body)}`);
  return { son, mother, bindingId };
}
