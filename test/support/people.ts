import { idCheckChar } from "../../src/lib/id-number";
import type { TestApp } from "./app";

const SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜";
const GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国红梅海燕";
let seq = 0;

function pick(s: string): string {
  return s[Math.floor(Math.random() * s.length)]!;
}

function randomName(): string {
  return pick(SURNAMES) + pick(GIVEN) + (Math.random() < 0.5 ? pick(GIVEN) : "");
}

const base = Math.floor(Math.random() * 500);

/** A valid GB 11643 ID number with the given birth date, unique within this test process. */
export function makeIdNumber(birthDate: string, opts: { gender?: "male" | "female"; prefix?: string } = {}): string {
  const n = (base + seq++) % 500;
  const male = opts.gender ? opts.gender === "male" : Math.random() < 0.5;
  const first17 = `${opts.prefix ?? "320505"}${birthDate.replace(/-/g, "")}${String(n * 2 + (male ? 1 : 0)).padStart(3, "0")}`;
  return first17 + idCheckChar(first17);
}

export interface PersonSpec {
  name?: string;
  birthDate?: string;
  regionCode?: string;
  insurance?: "employee" | "resident" | "none";
  personalAccountFen?: number;
  gender?: "male" | "female";
  phone?: string;
}

export interface Person {
  name: string;
  idNumber: string;
  personId: string;
  regionCode: string;
  birthDate: string;
}

export async function newPerson(t: TestApp, spec: PersonSpec = {}): Promise<Person> {
  const birthDate =
    spec.birthDate ?? `19${60 + Math.floor(Math.random() * 30)}-0${1 + Math.floor(Math.random() * 9)}-1${Math.floor(Math.random() * 9)}`;
  const name = spec.name ?? randomName();
  const regionCode = spec.regionCode ?? "320500";
  const idNumber = makeIdNumber(birthDate, { gender: spec.gender, prefix: `${regionCode.slice(0, 4)}05` });
  const r = await t.api("POST", "/v1/sandbox/persons", {
    body: {
      name,
      idNumber,
      regionCode,
      insurance: spec.insurance ?? "employee",
      personalAccountFen: spec.personalAccountFen ?? 0,
      phone: spec.phone ?? `139${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`,
    },
  });
  if (r.status !== 201) throw new Error(`sandbox person: ${r.status} ${JSON.stringify(r.body)}`);
  return { name, idNumber, personId: r.body.personId, regionCode, birthDate };
}

export async function relate(t: TestApp, a: Person, relative: Person, relation: "spouse" | "parent" | "sibling") {
  const r = await t.api("POST", "/v1/sandbox/relations", { body: { idNumber: a.idNumber, relativeIdNumber: relative.idNumber, relation } });
  if (r.status !== 201) throw new Error(`sandbox relation: ${r.status} ${JSON.stringify(r.body)}`);
}

let loginSeq = 0;
export async function login(t: TestApp, code = `u-${process.pid}-${Date.now()}-${loginSeq++}-${Math.random()}`): Promise<string> {
  const r = await t.api("POST", "/v1/auth/sessions", { body: { provider: "sandbox", code } });
  if (r.status !== 201) throw new Error(`login: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token as string;
}

export interface User extends Person {
  token: string;
}

/** A logged-in, real-name-verified user of a new sandbox person. */
export async function verifiedUser(t: TestApp, spec: PersonSpec = {}): Promise<User> {
  const p = await newPerson(t, spec);
  const token = await login(t);
  const r = await t.api("POST", "/v1/me/real-name", {
    token,
    body: { name: p.name, idNumber: p.idNumber, faceToken: `face-ok:${p.idNumber}` },
  });
  if (r.status !== 200) throw new Error(`real-name: ${r.status} ${JSON.stringify(r.body)}`);
  return { ...p, token };
}
