import { idCheckChar } from "../../src/lib/id-number";
import { call, type HttpResult } from "./http-client";
import type { Rng } from "./rng";

export const PIN = "258036";
const SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜";
const GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国红梅海燕";

export interface Client {
  index: number;
  name: string;
  idNumber: string;
  phone: string;
  regionCode: string;
  insurance: "employee" | "resident";
  token: string;
  userId: string;
  walletId: string;
  bindingId: string;
  partner: number;
  ip: string;
}

interface Merchant {
  merchantId: string;
  keyId: string;
  secret: string;
  regionCode: string;
  hot: boolean;
}

export interface World {
  clients: Client[];
  merchants: Merchant[];
  regionKeys: Record<string, { keyId: string; secret: string }>;
  /** Everything personal the run created: no log line may contain any of it. */
  secrets: string[];
}

async function must(r: Promise<HttpResult>, what: string, expect: number[]): Promise<any> {
  const x = await r;
  if (x.status === undefined || !expect.includes(x.status)) throw new Error(`setup ${what}: ${x.status ?? x.error} ${x.text ?? ""}`);
  return x.json;
}

/**
 * The bank's customers: pairs of spouses, each one a client. The first of a pair is employee-insured
 * with own funds; the second is employee-insured too, or resident-insured (premiums, received funds
 * only), sometimes in another province (cross-province clearing). Merchants: one hot hospital and
 * some others in three regions. Built over HTTP before any fault, from the seed.
 */
export async function buildWorld(base: string, rng: Rng, nClients: number, parallel = 8): Promise<World> {
  const T = 20_000;
  const world: World = { clients: [], merchants: [], regionKeys: {}, secrets: [] };
  for (const region of ["320500", "130100"]) {
    world.regionKeys[region] = await must(
      call(base, "POST", "/v1/sandbox/region-keys", { body: { regionCode: region }, timeoutMs: T }),
      "region key",
      [201],
    );
  }
  const merchantSpecs = [
    { regionCode: "320500", hot: true },
    { regionCode: "320500", hot: false },
    { regionCode: "320100", hot: false },
    { regionCode: "130100", hot: false },
  ];
  for (const [i, m] of merchantSpecs.entries()) {
    const r = await must(
      call(base, "POST", "/v1/sandbox/merchants", { body: { name: `混沌测试医院${i}号`, regionCode: m.regionCode }, timeoutMs: T }),
      "merchant",
      [201],
    );
    world.merchants.push({ ...r, regionCode: m.regionCode, hot: m.hot });
    world.secrets.push(r.secret);
  }
  for (const k of Object.values(world.regionKeys)) world.secrets.push(k.secret);

  let seq = 0;
  const person = (birth: string, region: string) => {
    const n = seq++;
    const first17 = `${region.slice(0, 4)}05${birth.replace(/-/g, "")}${String(100 + n).padStart(3, "0")}`;
    const name = rng.pick([...SURNAMES]) + rng.pick([...GIVEN]) + rng.pick([...GIVEN]);
    const phone = `13${rng.int(0, 9)}${String(rng.int(0, 99_999_999)).padStart(8, "0")}`;
    return { name, idNumber: first17 + idCheckChar(first17), phone };
  };
  const pairs: {
    a: Omit<Client, "token" | "userId" | "walletId" | "bindingId">;
    b: Omit<Client, "token" | "userId" | "walletId" | "bindingId">;
    fenA: number;
    fenB: number;
  }[] = [];
  for (let i = 0; i < nClients / 2; i++) {
    const bKind = rng.weighted({ employee: 4, resident: 4, remote: 2 });
    const bRegion = bKind === "remote" ? "130100" : "320500";
    const a = {
      index: 2 * i,
      ...person(`198${rng.int(0, 4)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}`, "320500"),
      regionCode: "320500",
      insurance: "employee" as const,
      partner: 2 * i + 1,
      ip: `10.77.${i}.1`,
    };
    const b = {
      index: 2 * i + 1,
      ...person(`198${rng.int(5, 9)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}`, bRegion),
      regionCode: bRegion,
      insurance: bKind === "resident" ? ("resident" as const) : ("employee" as const),
      partner: 2 * i,
      ip: `10.77.${i}.2`,
    };
    pairs.push({ a, b, fenA: rng.int(50_000, 300_000), fenB: b.insurance === "employee" ? rng.int(0, 100_000) : 0 });
  }

  const onePair = async (p: (typeof pairs)[number]) => {
    const out: Client[] = [];
    for (const [c, fen] of [
      [p.a, p.fenA],
      [p.b, p.fenB],
    ] as const) {
      world.secrets.push(c.name, c.idNumber, c.phone);
      await must(
        call(base, "POST", "/v1/sandbox/persons", {
          body: {
            name: c.name,
            idNumber: c.idNumber,
            regionCode: c.regionCode,
            insurance: c.insurance,
            personalAccountFen: fen,
            phone: c.phone,
          },
          timeoutMs: T,
        }),
        "person",
        [201],
      );
    }
    await must(
      call(base, "POST", "/v1/sandbox/relations", {
        body: { idNumber: p.a.idNumber, relativeIdNumber: p.b.idNumber, relation: "spouse" },
        timeoutMs: T,
      }),
      "relation",
      [201],
    );
    for (const c of [p.a, p.b]) {
      const h = { "x-forwarded-for": c.ip };
      const s = await must(
        call(base, "POST", "/v1/auth/sessions", { body: { provider: "sandbox", code: `chaos-${c.idNumber}` }, headers: h, timeoutMs: T }),
        "login",
        [201],
      );
      await must(
        call(base, "POST", "/v1/me/real-name", {
          token: s.token,
          headers: h,
          body: { name: c.name, idNumber: c.idNumber, faceToken: `face-ok:${c.idNumber}` },
          timeoutMs: T,
        }),
        "real-name",
        [200],
      );
      const w = await must(
        call(base, "POST", "/v1/wallet", {
          token: s.token,
          headers: h,
          body: { agreementVersion: "2024.12", faceToken: `face-ok:${c.idNumber}`, paymentPassword: PIN },
          timeoutMs: T,
        }),
        "wallet",
        [201],
      );
      out.push({ ...c, token: s.token, userId: s.user.id, walletId: w.wallet.id, bindingId: "" });
    }
    const [a, b] = out as [Client, Client];
    const inv = await must(
      call(base, "POST", "/v1/invitations", {
        token: a.token,
        body: { relation: "spouse", name: b.name, idNumber: b.idNumber },
        timeoutMs: T,
      }),
      "invite",
      [201],
    );
    const acc = await must(
      call(base, "POST", `/v1/invitations/${inv.code}/accept`, {
        token: b.token,
        body: { faceToken: `face-ok:${b.idNumber}` },
        timeoutMs: T,
      }),
      "accept",
      [200],
    );
    a.bindingId = b.bindingId = acc.binding.bindingId;
    return out;
  };
  const queue = [...pairs];
  const workers = Array.from({ length: parallel }, async () => {
    for (let p = queue.shift(); p; p = queue.shift()) world.clients.push(...(await onePair(p)));
  });
  await Promise.all(workers);
  world.clients.sort((x, y) => x.index - y.index);
  return world;
}
