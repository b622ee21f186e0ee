/**
 * Helpers for the Worker scenario suite: everything goes over real HTTP to BASE_URL (a `wrangler dev`
 * started by scripts/worker-test.sh), so nothing here imports the app.
 */
import { createHash, createHmac, randomUUID } from "node:crypto";
import { expect, it, type TestContext } from "vitest";
import { idCheckChar } from "../../src/lib/id-number";

// BASE_URL from the shell, passed on as WORKER_BASE_URL by test/worker/vitest.config.ts.
const base = process.env.WORKER_BASE_URL;
if (!base || !/^https?:\/\//.test(base)) throw new Error("BASE_URL is not set: run the Worker suite with `npm run test:worker`");
export const BASE_URL = base.replace(/\/$/, "");
/** The FIXED_NOW the Worker was started with (the sandbox clock only moves forward from it). */
export const FIXED_NOW = process.env.WORKER_FIXED_NOW;

export type ApiResult<T = any> = { status: number; body: T; headers: Headers };
export interface ApiInit {
  token?: string;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

export async function api<T = any>(method: string, path: string, init: ApiInit = {}): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let body = init.raw;
  if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers["content-type"] ??= "application/json";
  }
  const res = await fetch(`${BASE_URL}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** Fails with the response in the message, so a broken step says what the Worker answered. */
export function expectStatus<T>(r: ApiResult<T>, status: number, what: string): ApiResult<T> {
  if (r.status !== status) throw new Error(`${what}: expected ${status}, got ${r.status} ${JSON.stringify(r.body)}`);
  return r;
}

// ---- routes that exist now --------------------------------------------------------------------------

let routesOnce: Promise<Set<string>> | undefined;
/** `GET /openapi.json` paths, read once per file: "/v1/transfers/{id}/accept" style. */
function openApiPaths(): Promise<Set<string>> {
  routesOnce ??= api("GET", "/openapi.json").then((r) => {
    expectStatus(r, 200, "GET /openapi.json");
    return new Set(Object.keys(r.body.paths ?? {}));
  });
  return routesOnce;
}

/** A scenario that needs feature routes: fails, naming them, if any is missing from /openapi.json. */
export function itWithRoutes(paths: string | string[], name: string, fn: (ctx: TestContext) => Promise<void>, timeout?: number) {
  const needed = Array.isArray(paths) ? paths : [paths];
  it(
    name,
    async (ctx) => {
      const have = await openApiPaths();
      expect(
        needed.filter((p) => !have.has(p)),
        "routes missing from /openapi.json",
      ).toEqual([]);
      await fn(ctx);
    },
    timeout,
  );
}

// ---- people -------------------------------------------------------------------------------------------

const SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜";
const GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国红梅海燕";
const pick = (s: string) => s[Math.floor(Math.random() * s.length)]!;
const randomName = () => pick(SURNAMES) + pick(GIVEN) + pick(GIVEN);

let seq = Math.floor(Math.random() * 1000);
/** A valid GB 11643 number: 6-digit address, birth date, 3-digit sequence (odd = male), MOD 11-2 check. */
function makeIdNumber(birthDate: string, prefix = "320505"): string {
  const first17 = `${prefix}${birthDate.replace(/-/g, "")}${String(seq++ % 1000).padStart(3, "0")}`;
  return first17 + idCheckChar(first17);
}

export interface PersonSpec {
  birthDate?: string;
  regionCode?: string;
  insurance?: "employee" | "resident" | "none";
  personalAccountFen?: number;
}
export interface Person {
  name: string;
  idNumber: string;
  personId: string;
  regionCode: string;
}
export interface User extends Person {
  token: string;
  userId: string;
}

function randomBirthDate(fromYear: number, years: number): string {
  const y = fromYear + Math.floor(Math.random() * years);
  const m = 1 + Math.floor(Math.random() * 12);
  const d = 1 + Math.floor(Math.random() * 28);
  return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** A new fictitious person in the sandbox registry. */
export async function newPerson(spec: PersonSpec = {}): Promise<Person> {
  const name = randomName();
  const regionCode = spec.regionCode ?? "320500";
  const idNumber = makeIdNumber(spec.birthDate ?? randomBirthDate(1975, 20), `${regionCode.slice(0, 4)}05`);
  const r = await api("POST", "/v1/sandbox/persons", {
    body: {
      name,
      idNumber,
      regionCode,
      insurance: spec.insurance ?? "employee",
      personalAccountFen: spec.personalAccountFen ?? 0,
      phone: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`,
    },
  });
  expectStatus(r, 201, "POST /v1/sandbox/persons");
  return { name, idNumber, personId: r.body.personId, regionCode };
}

/** Records in the registry that `relative` is `person`'s spouse/parent/sibling. */
export async function relate(person: Person, relative: Person, relation: "spouse" | "parent" | "sibling") {
  const r = await api("POST", "/v1/sandbox/relations", {
    body: { idNumber: person.idNumber, relativeIdNumber: relative.idNumber, relation },
  });
  expectStatus(r, 201, "POST /v1/sandbox/relations");
}

export async function login(code = `worker-${randomUUID()}`): Promise<{ token: string; userId: string }> {
  const r = expectStatus(await api("POST", "/v1/auth/sessions", { body: { provider: "sandbox", code } }), 201, "login");
  return { token: r.body.token, userId: r.body.user.id };
}

/** Logs in as a new user and passes the real-name check as `person` (or a new person). */
export async function verifiedUser(specOrPerson: PersonSpec | Person = {}): Promise<User> {
  const p = "personId" in specOrPerson ? specOrPerson : await newPerson(specOrPerson);
  const { token, userId } = await login();
  const r = await api("POST", "/v1/me/real-name", {
    token,
    body: { name: p.name, idNumber: p.idNumber, faceToken: `face-ok:${p.idNumber}` },
  });
  expectStatus(r, 200, "POST /v1/me/real-name");
  return { ...p, token, userId };
}

// ---- wallet, relatives --------------------------------------------------------------------------------

/** Not sequential, not repeated, not a birth-date form. */
export const PIN = "284619";

let agreement: string | undefined;
/** The wallet agreement version to accept (GET /v1/wallet/agreement). */
export async function currentAgreement(): Promise<string> {
  if (!agreement) {
    const r = expectStatus(await api("GET", "/v1/wallet/agreement"), 200, "GET /v1/wallet/agreement");
    agreement = r.body.version as string;
  }
  return agreement;
}

export async function openWallet(u: User): Promise<any> {
  const r = await api("POST", "/v1/wallet", {
    token: u.token,
    body: { agreementVersion: await currentAgreement(), faceToken: `face-ok:${u.idNumber}`, paymentPassword: PIN },
  });
  return expectStatus(r, 201, "POST /v1/wallet").body.wallet;
}

export async function balances(u: User): Promise<{ ownFen: number; receivedFen: number; heldFen: number; totalFen: number }> {
  return expectStatus(await api("GET", "/v1/wallet", { token: u.token }), 200, "GET /v1/wallet").body.balances;
}

/** The giver invites `relative` (already a verified user) as their `relation`; the relative accepts. */
async function bind(giver: User, relative: User, relation: string): Promise<string> {
  const inv = await api("POST", "/v1/invitations", {
    token: giver.token,
    body: { relation, name: relative.name, idNumber: relative.idNumber },
  });
  expectStatus(inv, 201, "POST /v1/invitations");
  const acc = await api("POST", `/v1/invitations/${inv.body.code}/accept`, {
    token: relative.token,
    body: { faceToken: `face-ok:${relative.idNumber}` },
  });
  expectStatus(acc, 200, "accept invitation");
  const list = expectStatus(await api("GET", "/v1/relatives", { token: giver.token }), 200, "GET /v1/relatives");
  const item = list.body.items.find((i: any) => i.relative?.personId === relative.personId);
  if (!item) throw new Error(`binding with ${relative.personId} not listed: ${JSON.stringify(list.body)}`);
  return item.bindingId as string;
}

/** A giver (employee, with own funds) and a parent who is a resident-insured wallet holder, bound. */
export async function familyPair(opts: { giverFundsFen: number; relativeWallet?: boolean }) {
  const giverPerson = await newPerson({
    insurance: "employee",
    personalAccountFen: opts.giverFundsFen,
    birthDate: randomBirthDate(1988, 8),
  });
  const parentPerson = await newPerson({ insurance: "resident", birthDate: randomBirthDate(1950, 10) });
  await relate(giverPerson, parentPerson, "parent");
  const giver = await verifiedUser(giverPerson);
  const parent = await verifiedUser(parentPerson);
  await openWallet(giver);
  if (opts.relativeWallet !== false) await openWallet(parent);
  const bindingId = await bind(giver, parent, "parent");
  return { giver, parent, bindingId };
}

export const idempotencyKey = () => `wk-${randomUUID()}`;

// ---- business time -------------------------------------------------------------------------------------

export async function sandboxNow(): Promise<Date> {
  return new Date(expectStatus(await api("GET", "/v1/sandbox/clock"), 200, "GET /v1/sandbox/clock").body.now);
}

export async function setSandboxNow(to: Date): Promise<Date> {
  const r = await api("POST", "/v1/sandbox/clock", { body: { now: to.toISOString() } });
  return new Date(expectStatus(r, 200, "POST /v1/sandbox/clock").body.now);
}

const BEIJING_MS = 8 * 3600_000;
/** 06:00 Beijing time on the Beijing calendar day after `at`. */
export function next0600Beijing(at: Date): Date {
  const b = new Date(at.getTime() + BEIJING_MS);
  return new Date(Date.UTC(b.getUTCFullYear(), b.getUTCMonth(), b.getUTCDate() + 1, 6) - BEIJING_MS);
}

/** Transfers are refused 22:00–06:00 Beijing time: move the (forward-only) clock to 10:00 if needed. */
export async function ensureTransferHours(): Promise<Date> {
  const now = await sandboxNow();
  const b = new Date(now.getTime() + BEIJING_MS);
  if (b.getUTCHours() >= 7 && b.getUTCHours() < 21) return now;
  let tenAm = Date.UTC(b.getUTCFullYear(), b.getUTCMonth(), b.getUTCDate(), 10) - BEIJING_MS;
  if (tenAm <= now.getTime()) tenAm += 24 * 3600_000;
  return setSandboxNow(new Date(tenAm));
}

// ---- signed server-to-server calls ---------------------------------------------------------------------

/** API.md: X-Signature = hex HMAC-SHA-256(secret, METHOD\nPATH\nTIMESTAMP\nNONCE\nsha256hex(body)). */
function signedHeaders(keyId: string, secret: string, method: string, path: string, body: string): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomUUID();
  const bodyHash = createHash("sha256").update(body).digest("hex");
  const signature = createHmac("sha256", secret)
    .update(`${method}\n${path.split("?")[0]}\n${timestamp}\n${nonce}\n${bodyHash}`)
    .digest("hex");
  return { "content-type": "application/json", "x-key-id": keyId, "x-timestamp": timestamp, "x-nonce": nonce, "x-signature": signature };
}

export async function signedPost<T = any>(key: { keyId: string; secret: string }, path: string, body: unknown): Promise<ApiResult<T>> {
  const raw = JSON.stringify(body);
  return api<T>("POST", path, { raw, headers: signedHeaders(key.keyId, key.secret, "POST", path, raw) });
}
