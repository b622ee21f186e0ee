import { and, eq, isNull } from "drizzle-orm";
import { AdapterError, type RegistryPerson } from "@/adapters";
import type { Ctx } from "@/ctx";
import type { DbOrTx } from "@/db/client";
import { parseIdNumber } from "@/lib/id-number";
import { newId } from "@/lib/ids";
import { maskName, maskPhone } from "@/lib/mask";
import { lookupHash, seal, unseal } from "@/lib/pii";
import { isUniqueViolation } from "@/lib/pg-errors";
import { DomainError, errors } from "@/lib/problem";
import { issueToken } from "@/modules/platform/tokens";
import { hitRateLimit } from "@/modules/platform/rate-limit";
import { walletByPerson } from "@/modules/wallet/wallet.repo";
import { persons, users } from "./identity.schema";
import { findPerson, findPersonByIdHash, findUser, upsertUser, type PersonRow } from "./identity.repo";

export type Provider = "wechat" | "alipay" | "sandbox";

function idNumberInvalid(reasonEn = "format") {
  return new DomainError("ID_NUMBER_INVALID", 400, "身份证号码无效，请检查后重新输入", `The ID number is not valid (${reasonEn})`);
}

export function notInsured() {
  return new DomainError(
    "NOT_INSURED",
    422,
    "未查询到该人员的基本医疗保险参保信息",
    "No basic medical insurance was found for this person",
  );
}

function faceCheckFailed() {
  return new DomainError("FACE_CHECK_FAILED", 422, "人脸识别未通过，请重试", "The face check did not pass; try again");
}

/** Validates an ID number against GB 11643-1999 on today's business date, or throws 400. */
export function requireValidIdNumber(ctx: Ctx, raw: string) {
  const parsed = parseIdNumber(raw, ctx.clock.now());
  if (!parsed.ok) throw idNumberInvalid(parsed.reason);
  return parsed;
}

function outsideServiceError(e: unknown): never {
  if (e instanceof AdapterError) {
    throw new DomainError(
      "UPSTREAM_UNAVAILABLE",
      503,
      "外部服务暂时不可用，请稍后再试",
      "An outside service is unavailable; try again later",
      {},
      { "Retry-After": "5" },
    );
  }
  throw e;
}

export async function login(ctx: Ctx, provider: Provider, code: string, ip: string) {
  await hitRateLimit(ctx, `login:ip:${ip}`, ctx.config.rateLimits.loginPerIpPerMinute, 60);
  const adapter = ctx.adapters.login[provider];
  if (!adapter) throw errors.notFound("登录方式", "login provider");
  const { subject } = await adapter.exchange(code).catch((e: unknown) => {
    if (e instanceof AdapterError && e.kind === "rejected") throw errors.unauthenticated();
    // A provider this deployment has not set up is not an outage: nothing to retry.
    if (e instanceof AdapterError && e.kind === "unconfigured") throw errors.notFound("登录方式", "login provider");
    return outsideServiceError(e);
  });
  await hitRateLimit(ctx, `login:subject:${subject}`, 20, 60);
  const user = await upsertUser(ctx.db, { id: newId(), provider, subject });
  const { token, expiresAt } = await issueToken(ctx.config.secrets.token, { sub: user.id, kind: "user" }, ctx.config.sessionTtlSeconds);
  return { token, expiresAt: expiresAt.toISOString(), user: { id: user.id, realNameVerified: user.personId !== null } };
}

function personDto(p: PersonRow) {
  return {
    id: p.id,
    maskedName: p.maskedName,
    maskedIdNumber: `${p.idPrefix4}**********${p.idLast4}`,
    gender: p.gender,
    regionCode: p.regionCode,
    insurance: p.insurance,
  };
}

/**
 * Records (or refreshes) a person from the registry: the persons table is the wallet's own copy,
 * with the ID number, name and phone sealed and only keyed hashes in clear.
 */
export async function upsertPersonFromRegistry(ctx: Ctx, db: DbOrTx, rp: RegistryPerson): Promise<PersonRow> {
  const parsed = requireValidIdNumber(ctx, rp.idNumber);
  const keys = ctx.config.secrets;
  const idHash = await lookupHash(keys.lookupHmac, "id", parsed.idNumber);
  const values = {
    nameEnc: await seal(keys.encryption, rp.name),
    nameHash: await lookupHash(keys.lookupHmac, "name", rp.name),
    maskedName: maskName(rp.name),
    regionCode: rp.regionCode,
    insurance: rp.insurance,
    phoneEnc: rp.phone ? await seal(keys.encryption, rp.phone) : null,
    phoneHash: rp.phone ? await lookupHash(keys.lookupHmac, "phone", rp.phone) : null,
    maskedPhone: rp.phone ? maskPhone(rp.phone) : null,
    updatedAt: new Date(),
  };
  await db
    .insert(persons)
    .values({
      id: newId(),
      idHash,
      idEnc: await seal(keys.encryption, parsed.idNumber),
      idPrefix4: parsed.idNumber.slice(0, 4),
      idLast4: parsed.idNumber.slice(-4),
      gender: parsed.gender,
      birthDate: parsed.birthDate,
      ...values,
    })
    .onConflictDoUpdate({ target: persons.idHash, set: values });
  return (await findPersonByIdHash(db, idHash))!;
}

/** The registry's view of an ID number, or the matching 4xx. */
export async function registryPersonOrThrow(ctx: Ctx, idNumber: string, name?: string): Promise<RegistryPerson> {
  const rp = await ctx.adapters.registry.findPerson(idNumber).catch(outsideServiceError);
  if (!rp) throw notInsured();
  if (name !== undefined && rp.name.replace(/\s+/g, "") !== name.replace(/\s+/g, "")) {
    throw new DomainError("NAME_MISMATCH", 422, "姓名与身份证号码不一致", "The name does not match the ID number");
  }
  return rp;
}

export async function verifyFace(ctx: Ctx, idNumber: string, faceToken: string): Promise<void> {
  const ok = await ctx.adapters.face.verify(idNumber, faceToken).catch(outsideServiceError);
  if (!ok) throw faceCheckFailed();
}

export async function realName(ctx: Ctx, userId: string, input: { name: string; idNumber: string; faceToken: string }, ip: string) {
  await hitRateLimit(ctx, `realname:user:${userId}`, 10, 600);
  await hitRateLimit(ctx, `realname:ip:${ip}`, ctx.config.rateLimits.realNamePerIpPer10Min, 600);
  const parsed = requireValidIdNumber(ctx, input.idNumber);
  const rp = await registryPersonOrThrow(ctx, parsed.idNumber, input.name);
  if (rp.insurance === "none") throw notInsured();
  await verifyFace(ctx, parsed.idNumber, input.faceToken);

  return ctx.db
    .transaction(async (tx) => {
      const person = await upsertPersonFromRegistry(ctx, tx, rp);
      const user = await findUser(tx, userId);
      if (!user) throw errors.unauthenticated();
      if (user.personId && user.personId !== person.id) {
        throw new DomainError("REAL_NAME_ALREADY_DONE", 409, "该账号已完成实名认证", "This account is already verified as another person");
      }
      // The unique index on users.person_id settles races between two users claiming one person.
      const updated = await tx
        .update(users)
        .set({ personId: person.id, realNameAt: ctx.clock.now() })
        .where(and(eq(users.id, userId), isNull(users.personId)))
        .returning();
      if (updated.length === 0 && user.personId !== person.id) throw personTaken();
      ctx.log.info("real-name verified", { userId, personId: person.id });
      return { person: personDto(person) };
    })
    .catch((e: unknown) => {
      if (isUniqueViolation(e)) throw personTaken();
      throw e;
    });
}

function personTaken() {
  return new DomainError(
    "PERSON_ALREADY_VERIFIED",
    409,
    "该身份已被另一个账号实名认证",
    "This person is already verified by another account",
  );
}

/** A verified user's person, or 422 REAL_NAME_REQUIRED. */
export async function requireVerifiedPerson(_ctx: Ctx, db: DbOrTx, userId: string): Promise<{ personId: string; person: PersonRow }> {
  const user = await findUser(db, userId);
  if (!user) throw errors.unauthenticated();
  if (!user.personId) {
    throw new DomainError("REAL_NAME_REQUIRED", 422, "请先完成实名认证", "Complete identity verification first");
  }
  const person = await findPerson(db, user.personId);
  return { personId: user.personId, person: person! };
}

/** Opens a sealed ID number for a rule that needs it (registry calls); never returned to clients. */
export function revealIdNumber(ctx: Ctx, p: PersonRow): Promise<string> {
  return unseal(ctx.config.secrets.encryption, p.idEnc);
}

/** GET /v1/me: the user, their person (masked) and their wallet's id, status and region, if any. */
export async function me(ctx: Ctx, userId: string) {
  const user = await findUser(ctx.db, userId);
  if (!user) throw errors.unauthenticated();
  const person = user.personId ? await findPerson(ctx.db, user.personId) : undefined;
  const wallet = person ? await walletByPerson(ctx.db, person.id) : undefined;
  return {
    user: { id: user.id, realNameVerified: !!user.personId, language: user.language },
    person: person ? personDto(person) : null,
    wallet: wallet ? { id: wallet.id, status: wallet.status, regionCode: wallet.regionCode } : null,
  };
}
