import { finished } from "node:stream/promises";
import type { Sql } from "postgres";
import { keyedPinHash } from "../../src/modules/wallet/password";
import { idCheckChar } from "../../src/lib/id-number";
import { newId } from "../../src/lib/ids";
import { maskName, maskPhone } from "../../src/lib/mask";
import { lookupHash, seal } from "../../src/lib/pii";
import type { Http } from "./loadgen";

/**
 * Users, wallets and bindings for the bench. A small cohort goes through the real HTTP service
 * layer (sandbox registry, login, real-name, wallet opening, invitation and acceptance) exactly as
 * the tests do; everyone else is written by a bulk loader (COPY) that builds the same rows with the
 * same functions (sealing, keyed hashes, masks, PBKDF2, ULIDs). `shapeCheck` then compares the two:
 * rows per pair in every table, which columns are null, and the values of every enum-like column.
 */

export const REGION = "320500";
export const PIN = "258036";
const AGREEMENT = "2024.12";
/** Every bench wallet opens with ¥100,000.00 of own funds (the personal account). */
export const OPENING_FEN = 10_000_000;

export interface BenchUser {
  userId: string;
  personId: string;
  walletId: string;
  ownAccountId: string;
  receivedAccountId: string;
  idNumber: string;
  token?: string;
}

export interface BenchPair {
  a: BenchUser;
  b: BenchUser;
  bindingId: string;
}

export interface Secrets {
  token: string;
  encryption: string;
  lookupHmac: string;
  passwordPepper: string;
  pinKey: string;
}

const SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜";
const GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国红梅海燕";

function nameOf(i: number): string {
  const s = SURNAMES[i % SURNAMES.length]!;
  const g1 = GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]!;
  const g2 = i % 3 === 0 ? "" : GIVEN[Math.floor(i / 7) % GIVEN.length]!;
  return s + g1 + g2;
}

const DAY = 86_400_000;
const BIRTH_BASE = Date.UTC(1950, 0, 1);
const BIRTH_DAYS = 18_000; // 1950-01-01 … 1999-04: everyone is an adult on the bench's date

/** A valid, unique GB 11643 ID number for bulk person i (the cohort uses another address code). */
function bulkIdNumber(i: number, prefix = "320505"): { idNumber: string; birthDate: string; gender: "male" | "female" } {
  const birth = new Date(BIRTH_BASE + (i % BIRTH_DAYS) * DAY).toISOString().slice(0, 10);
  const male = i % 2 === 0;
  const seq = Math.floor(i / BIRTH_DAYS) * 2 + (male ? 1 : 0);
  if (seq > 999) throw new Error("too many persons for the ID scheme");
  const first17 = `${prefix}${birth.replace(/-/g, "")}${String(seq).padStart(3, "0")}`;
  return { idNumber: first17 + idCheckChar(first17), birthDate: birth, gender: male ? "male" : "female" };
}

// ---------------------------------------------------------------------------------------------
// The service-layer cohort

async function call(http: Http, method: string, path: string, body: unknown, token?: string, expect = [200, 201]) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const r = await http.request(method, path, { headers, body: JSON.stringify(body) });
  if (!expect.includes(r.status)) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** `pairs` pairs of spouses created through the HTTP API, exactly as a user and the tests would. */
export async function serviceCohort(http: Http, sql: Sql, pairs: number, runTag: string): Promise<BenchPair[]> {
  const out: BenchPair[] = [];
  for (let p = 0; p < pairs; p++) {
    const people = [0, 1].map((k) => {
      const { idNumber } = bulkIdNumber(2 * p + k + 7, "320507");
      return { name: nameOf(2 * p + k + 11), idNumber };
    });
    for (const person of people) {
      await call(http, "POST", "/v1/sandbox/persons", {
        name: person.name,
        idNumber: person.idNumber,
        regionCode: REGION,
        insurance: "employee",
        personalAccountFen: OPENING_FEN,
        phone: `139${String(2 * p + people.indexOf(person)).padStart(8, "0")}`,
      });
    }
    await call(http, "POST", "/v1/sandbox/relations", {
      idNumber: people[0]!.idNumber,
      relativeIdNumber: people[1]!.idNumber,
      relation: "spouse",
    });
    const users: BenchUser[] = [];
    for (const person of people) {
      const login = await call(http, "POST", "/v1/auth/sessions", {
        provider: "sandbox",
        code: `bench-${runTag}-cohort-${person.idNumber}`,
      });
      const token = login.token as string;
      await call(
        http,
        "POST",
        "/v1/me/real-name",
        { name: person.name, idNumber: person.idNumber, faceToken: `face-ok:${person.idNumber}` },
        token,
      );
      const w = await call(
        http,
        "POST",
        "/v1/wallet",
        { agreementVersion: AGREEMENT, faceToken: `face-ok:${person.idNumber}`, paymentPassword: PIN },
        token,
      );
      const walletId = w.wallet.id as string;
      const [row] = await sql<{ own_account_id: string; received_account_id: string; person_id: string }[]>`
        select own_account_id, received_account_id, person_id from wallets where id = ${walletId}`;
      users.push({
        userId: login.user.id,
        personId: row!.person_id,
        walletId,
        ownAccountId: row!.own_account_id,
        receivedAccountId: row!.received_account_id,
        idNumber: person.idNumber,
        token,
      });
    }
    const inv = await call(
      http,
      "POST",
      "/v1/invitations",
      { relation: "spouse", name: people[1]!.name, idNumber: people[1]!.idNumber },
      users[0]!.token,
    );
    const acc = await call(
      http,
      "POST",
      `/v1/invitations/${inv.code}/accept`,
      { faceToken: `face-ok:${people[1]!.idNumber}` },
      users[1]!.token,
    );
    out.push({ a: users[0]!, b: users[1]!, bindingId: acc.binding.bindingId });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The bulk loader

/** COPY text format: backslash, tab, newline and carriage return escaped; null is \N. */
function cell(v: unknown): string {
  if (v === null || v === undefined) return "\\N";
  const s = typeof v === "string" ? v : v instanceof Date ? v.toISOString() : typeof v === "object" ? JSON.stringify(v) : String(v);
  return s.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}

class Copier {
  readonly rows = new Map<string, string[]>();
  constructor(readonly columns: Record<string, string[]>) {}
  add(table: string, values: unknown[]) {
    let a = this.rows.get(table);
    if (!a) {
      a = [];
      this.rows.set(table, a);
    }
    a.push(values.map(cell).join("\t"));
  }
  async flush(sql: Sql) {
    for (const [table, cols] of Object.entries(this.columns)) {
      const rows = this.rows.get(table);
      if (!rows?.length) continue;
      const stream = await sql.unsafe(`copy ${table} (${cols.join(", ")}) from stdin`).writable();
      const CHUNK = 2000;
      for (let i = 0; i < rows.length; i += CHUNK) {
        if (!stream.write(`${rows.slice(i, i + CHUNK).join("\n")}\n`)) await new Promise((r) => stream.once("drain", r));
      }
      stream.end();
      await finished(stream);
    }
    this.rows.clear();
  }
}

const COLUMNS: Record<string, string[]> = {
  sandbox_registry_persons: ["id_hash", "record_enc", "created_at"],
  sandbox_registry_relations: ["id_hash", "relative_id_hash", "relation"],
  persons: [
    "id",
    "id_hash",
    "id_enc",
    "id_last4",
    "id_prefix4",
    "name_enc",
    "name_hash",
    "masked_name",
    "gender",
    "birth_date",
    "region_code",
    "insurance",
    "phone_enc",
    "phone_hash",
    "masked_phone",
    "created_at",
    "updated_at",
  ],
  users: ["id", "provider", "subject", "person_id", "language", "created_at", "real_name_at"],
  ledger_accounts: ["id", "kind", "mode", "wallet_id", "region_code", "balance", "version", "allow_negative", "created_at"],
  wallets: [
    "id",
    "person_id",
    "manager_user_id",
    "opened_by",
    "status",
    "region_code",
    "usage_region_code",
    "agreement_version",
    "own_account_id",
    "received_account_id",
    "password_hash",
    "password_failures",
    "opened_at",
  ],
  journal_transactions: ["id", "kind", "reference", "business_at", "booked_at", "metadata"],
  journal_entries: ["id", "transaction_id", "account_id", "amount", "balance_before", "balance_after", "account_version", "business_at"],
  invitations: [
    "id",
    "code",
    "inviter_person_id",
    "inviter_user_id",
    "invitee_person_id",
    "relation",
    "status",
    "expires_at",
    "created_at",
    "decided_at",
    "binding_id",
  ],
  bindings: ["id", "giver_person_id", "relative_person_id", "relation", "via", "status", "created_at", "guardian"],
  audit_log: ["id", "at", "actor_type", "actor_id", "action", "subject_type", "subject_id", "details"],
  notifications: ["id", "user_id", "kind", "title", "body", "data", "created_at"],
};

const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
function invitationCode(n: number): string {
  let s = "";
  for (let i = 0; i < 8; i++) {
    s = CODE_ALPHABET[n % 31]! + s;
    n = Math.floor(n / 31);
  }
  return `Z${s.slice(1)}`; // a Z-prefix the random codes of the cohort may share, but never this sequence
}

export interface BulkOptions {
  pairs: number;
  /** Index offset of the first bulk person (so repeated loads never collide). */
  offset: number;
  secrets: Secrets;
  businessNow: Date;
  runTag: string;
  onProgress?: (done: number) => void;
}

/** Writes `pairs` pairs of bound spouses with open wallets, the way the service layer would. */
export async function bulkLoad(sql: Sql, o: BulkOptions): Promise<BenchPair[]> {
  const { secrets } = o;
  // Each wallet's PIN hash is salted and keyed under the server's PIN key (as the product writes it); a
  // pool of real hashes is cycled so that a million users do not cost a million hashes at load time.
  const hashes = await Promise.all(Array.from({ length: 64 }, () => keyedPinHash(secrets.pinKey, PIN)));
  const fundPool = `pool:personal_account_fund:${REGION}`;
  await sql`insert into ledger_accounts (id, kind, mode, region_code, allow_negative) values (${fundPool}, 'personal_account_fund', 'pooled', ${REGION}, true) on conflict do nothing`;
  const copier = new Copier(COLUMNS);
  const bnow = o.businessNow;
  const real = new Date();
  const out: BenchPair[] = [];
  const CHUNK_PAIRS = 5000;
  for (let p0 = 0; p0 < o.pairs; p0 += CHUNK_PAIRS) {
    const batch = Math.min(CHUNK_PAIRS, o.pairs - p0);
    await Promise.all(
      Array.from({ length: batch }, async (_, j) => {
        const p = p0 + j;
        const people = await Promise.all(
          [0, 1].map(async (k) => {
            const i = o.offset + 2 * p + k;
            const { idNumber, birthDate, gender } = bulkIdNumber(i);
            const name = nameOf(i);
            const phone = `13${String(100_000_000 + i).slice(-9)}`;
            const [idHash, nameHash, phoneHash, idEnc, nameEnc, phoneEnc, recordEnc] = await Promise.all([
              lookupHash(secrets.lookupHmac, "id", idNumber),
              lookupHash(secrets.lookupHmac, "name", name),
              lookupHash(secrets.lookupHmac, "phone", phone),
              seal(secrets.encryption, idNumber),
              seal(secrets.encryption, name),
              seal(secrets.encryption, phone),
              seal(
                secrets.encryption,
                JSON.stringify({ idNumber, name, regionCode: REGION, insurance: "employee", personalAccountFen: OPENING_FEN, phone }),
              ),
            ]);
            return { i, idNumber, birthDate, gender, name, phone, idHash, nameHash, phoneHash, idEnc, nameEnc, phoneEnc, recordEnc };
          }),
        );
        return { p, people };
      }),
    ).then((made) => {
      for (const { p, people } of made) {
        const users: BenchUser[] = [];
        for (const pp of people) {
          const personId = newId();
          const userId = newId();
          const walletId = newId();
          const own = newId();
          const received = newId();
          copier.add("sandbox_registry_persons", [pp.idHash, pp.recordEnc, real]);
          copier.add("persons", [
            personId,
            pp.idHash,
            pp.idEnc,
            pp.idNumber.slice(-4),
            pp.idNumber.slice(0, 4),
            pp.nameEnc,
            pp.nameHash,
            maskName(pp.name),
            pp.gender,
            pp.birthDate,
            REGION,
            "employee",
            pp.phoneEnc,
            pp.phoneHash,
            maskPhone(pp.phone),
            real,
            real,
          ]);
          copier.add("users", [userId, "sandbox", `bench-${o.runTag}-${pp.i}`, personId, "zh-CN", real, bnow]);
          copier.add("ledger_accounts", [own, "wallet_own", "cached", walletId, REGION, OPENING_FEN, 1, false, real]);
          copier.add("ledger_accounts", [received, "wallet_received", "cached", walletId, REGION, 0, 0, false, real]);
          copier.add("wallets", [
            walletId,
            personId,
            userId,
            "self",
            "active",
            REGION,
            REGION,
            AGREEMENT,
            own,
            received,
            hashes[pp.i % hashes.length]!,
            0,
            bnow,
          ]);
          const txId = newId();
          copier.add("journal_transactions", [
            txId,
            "wallet_opening",
            walletId,
            bnow,
            real,
            { counterparties: { [walletId]: "个人账户" } },
          ]);
          copier.add("journal_entries", [newId(), txId, fundPool, -OPENING_FEN, null, null, null, bnow]);
          copier.add("journal_entries", [newId(), txId, own, OPENING_FEN, 0, OPENING_FEN, 1, bnow]);
          copier.add("audit_log", [
            newId(),
            bnow,
            "user",
            userId,
            "wallet.open",
            "wallet",
            walletId,
            { openingFen: OPENING_FEN, regionCode: REGION, usageRegionCode: REGION },
          ]);
          users.push({ userId, personId, walletId, ownAccountId: own, receivedAccountId: received, idNumber: pp.idNumber });
        }
        const [a, b] = users as [BenchUser, BenchUser];
        const [pa, pb] = people as [(typeof people)[0], (typeof people)[0]];
        copier.add("sandbox_registry_relations", [pa.idHash, pb.idHash, "spouse"]);
        const invitationId = newId();
        const bindingId = newId();
        copier.add("invitations", [
          invitationId,
          invitationCode(o.offset / 2 + p),
          a.personId,
          a.userId,
          b.personId,
          "spouse",
          "accepted",
          new Date(bnow.getTime() + 7 * DAY),
          bnow,
          bnow,
          bindingId,
        ]);
        copier.add("audit_log", [newId(), bnow, "user", a.userId, "invitation.create", "invitation", invitationId, { relation: "spouse" }]);
        copier.add("bindings", [bindingId, a.personId, b.personId, "spouse", "invitation", "active", bnow, false]);
        copier.add("audit_log", [newId(), bnow, "user", b.userId, "invitation.accept", "binding", bindingId, { invitationId }]);
        copier.add("notifications", [
          newId(),
          a.userId,
          "invitation.accepted",
          "亲属已接受邀请",
          `${maskName(pb.name)} 已接受您的共济亲属邀请`,
          { invitationId, bindingId, name: maskName(pb.name) },
          bnow,
        ]);
        out.push({ a, b, bindingId });
      }
    });
    await copier.flush(sql);
    o.onProgress?.(p0 + batch);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Do the bulk rows look like the service layer's?

const SHAPE_TABLES: Record<string, { personCol?: string; userCol?: string; via?: string; ignore?: string[] }> = {
  persons: { personCol: "id" },
  users: { personCol: "person_id" },
  wallets: { personCol: "person_id" },
  ledger_accounts: { via: "wallet_id in (select id from wallets where person_id in (%P))" },
  journal_transactions: { via: "reference in (select id from wallets where person_id in (%P))" },
  journal_entries: { via: "account_id in (select own_account_id from wallets where person_id in (%P))" },
  bindings: { personCol: "giver_person_id" },
  invitations: { personCol: "inviter_person_id" },
  // The chain columns are filled after commit by the chainer (every second on the server), whoever wrote the row.
  audit_log: { via: "actor_id in (select id from users where person_id in (%P))", ignore: ["chain_pos", "prev_hash", "hash"] },
  notifications: { via: "user_id in (select id from users where person_id in (%P))" },
};

/**
 * For every table the loader writes: rows per person, the set of null/non-null column patterns,
 * and the values of columns with few distinct values, for the cohort and a sample of bulk persons.
 * Any difference is a problem: the loader would not be producing the rows the service writes.
 */
export async function shapeCheck(
  sql: Sql,
  cohort: BenchPair[],
  bulk: BenchPair[],
): Promise<{ ok: boolean; problems: string[]; tables: Record<string, { cohortPerPerson: number; bulkPerPerson: number }> }> {
  const ids = (ps: BenchPair[]) => ps.flatMap((p) => [p.a.personId, p.b.personId]);
  const cohortIds = ids(cohort);
  const bulkIds = ids(bulk.slice(0, Math.max(cohort.length, 50)));
  const problems: string[] = [];
  const tables: Record<string, { cohortPerPerson: number; bulkPerPerson: number }> = {};
  for (const [table, how] of Object.entries(SHAPE_TABLES)) {
    const cols = (
      await sql<
        { column_name: string }[]
      >`select column_name from information_schema.columns where table_name = ${table} and table_schema = 'public' order by ordinal_position`
    )
      .map((r) => r.column_name)
      .filter((c) => !how.ignore?.includes(c));
    const shape = async (personIds: string[]) => {
      const list = personIds.map((i) => `'${i.replace(/'/g, "''")}'`).join(",");
      const where = how.personCol ? `${how.personCol} in (${list})` : how.via!.replace("%P", list);
      const rows = await sql.unsafe(`select * from ${table} where ${where}`);
      const patterns = new Set(rows.map((r: Record<string, unknown>) => cols.map((c) => (r[c] === null ? "0" : "1")).join("")));
      const values: Record<string, Set<string>> = {};
      for (const c of cols)
        values[c] = new Set(
          rows.map((r: Record<string, unknown>) =>
            r[c] === null
              ? "∅"
              : typeof r[c] === "object" && !(r[c] instanceof Date)
                ? `{${Object.keys(r[c] as object)
                    .sort()
                    .join(",")}}`
                : String(r[c]),
          ),
        );
      return { n: rows.length / personIds.length, patterns, values };
    };
    const c = await shape(cohortIds);
    const b = await shape(bulkIds);
    tables[table] = { cohortPerPerson: Math.round(c.n * 100) / 100, bulkPerPerson: Math.round(b.n * 100) / 100 };
    if (Math.abs(c.n - b.n) > 1e-9) problems.push(`${table}: ${c.n} rows per person from the service, ${b.n} from the loader`);
    for (const p of b.patterns)
      if (!c.patterns.has(p))
        problems.push(
          `${table}: the loader writes a null pattern the service never does (${cols.filter((_, i) => p[i] === "0").join(",")} null)`,
        );
    for (const p of c.patterns)
      if (!b.patterns.has(p))
        problems.push(
          `${table}: the service writes a null pattern the loader never does (${cols.filter((_, i) => p[i] === "0").join(",")} null)`,
        );
    for (const col of cols) {
      const cv = c.values[col]!;
      const bv = b.values[col]!;
      // Enum-like columns (few values the same for every row of the kind): the loader's must be among the service's.
      if (cv.size <= 6 && cv.size < cohortIds.length && bv.size <= 6) {
        for (const v of bv)
          if (!cv.has(v) && !/^\d{4}-\d\d-\d\dT|GMT/.test(v))
            problems.push(`${table}.${col}: the loader writes ${JSON.stringify(v)}, the service only ${JSON.stringify([...cv])}`);
      }
    }
  }
  return { ok: problems.length === 0, problems, tables };
}
