import { agentToken } from "../support/admin";
import type { TestApp } from "../support/app";
import { ecode, newMerchant, charge, orderNo, type Merchant } from "../support/merchants";
import { regionKey, type Key } from "../support/signed";
import { pair, send } from "../support/transfers";
import { PIN } from "../support/wallets";

/**
 * A small populated world for the API-wide tests: two users with a binding, a pending transfer, a
 * settlement, an invitation, a merchant and a region key, and a token for each console role.
 */
export async function apiWorld(t: TestApp) {
  const a = await pair(t, { relation: "spouse", relativeInsurance: "resident" });
  const transfer = await send(t, a.sender.token, a.bindingId, 1_000);
  if (transfer.status !== 201) throw new Error(`transfer ${transfer.status}`);
  const merchant: Merchant = await newMerchant(t);
  const region: Key = await regionKey(t, "320500");
  const paid = await charge(t, merchant, { ecode: await ecode(t, a.sender), orderNo: orderNo("fz"), amountFen: 500 });
  if (paid.status !== 201) throw new Error(`settlement ${paid.status}`);
  const { newPerson } = await import("../support/people");
  const invitee = await newPerson(t, { birthDate: "1960-02-02" });
  const { relate } = await import("../support/people");
  await relate(t, a.sender, invitee, "parent");
  const inv = await t.api("POST", "/v1/invitations", {
    token: a.sender.token,
    body: { relation: "parent", name: invitee.name, idNumber: invitee.idNumber },
  });
  if (inv.status !== 201) throw new Error(`invitation ${inv.status} ${JSON.stringify(inv.body)}`);
  const notes = await t.api("GET", "/v1/notifications", { token: a.recipient.token });
  const roles = {
    agent: await agentToken(t, "agent01"),
    supervisor: await agentToken(t, "supervisor01"),
    auditor: await agentToken(t, "auditor01"),
  };
  return {
    ...a,
    transferId: transfer.body.id as string,
    merchant,
    region,
    settlementId: paid.body.id as string,
    invitation: { id: inv.body.id as string, code: inv.body.code as string },
    invitee,
    notificationId: (notes.body.items?.[0]?.id as string) ?? "none",
    roles,
    pin: PIN,
  };
}

export type ApiWorld = Awaited<ReturnType<typeof apiWorld>>;

/** Real ids for every path parameter name the API uses. */
export function realParams(w: ApiWorld): Record<string, string> {
  return {
    id: w.transferId,
    code: w.invitation.code,
    bindingId: w.bindingId,
    personId: w.sender.personId,
  };
}

/** A plausible valid value for a body field, from its name and schema. */
export function exampleFor(schema: any, name: string, w: ApiWorld): unknown {
  if (!schema) return null;
  // wechat/alipay would call out to the super-apps; the sandbox provider is the one to drive.
  if (name === "provider") return "sandbox";
  if (schema.enum) return schema.enum[0];
  if (schema.anyOf || schema.oneOf) return exampleFor((schema.anyOf ?? schema.oneOf).find((s: any) => s.type !== "null") ?? {}, name, w);
  const type = Array.isArray(schema.type) ? schema.type.find((x: string) => x !== "null") : schema.type;
  if (type === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, s] of Object.entries<any>(schema.properties ?? {})) out[k] = exampleFor(s, k, w);
    return out;
  }
  if (type === "integer" || type === "number") return name === "year" ? 2027 : name.endsWith("Fen") ? 100 : 1;
  if (type === "boolean") return true;
  if (type === "array") return [];
  const byName: Record<string, string> = {
    idNumber: w.invitee.idNumber,
    relativeIdNumber: w.sender.idNumber,
    paymentPassword: w.pin,
    oldPassword: w.pin,
    newPassword: "370415",
    bindingId: w.bindingId,
    transferId: w.transferId,
    name: w.invitee.name,
    faceToken: `face-ok:${w.invitee.idNumber}`,
    regionCode: "320500",
    usageRegionCode: "320500",
    period: "2026-11",
    phone: "13900000000",
    agreementVersion: "2024.12",
    now: "2026-11-25T10:00:00+08:00",
    beneficiary: "self",
    reason: "模糊测试原因",
    username: "fuzz-nobody",
    password: "x",
    provider: "sandbox",
    code: "fuzz-user",
    walletId: w.sender.walletId,
  };
  return byName[name] ?? `fz-${name}-${Math.random().toString(36).slice(2, 8)}`;
}
