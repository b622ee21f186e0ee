import { call, type CallInit, type HttpResult } from "./http-client";
import type { Attempt, History, OpKind } from "./history";
import { sleep } from "./tcp-proxy";
import { PIN, type Client, type World } from "./world";
import type { Rng } from "./rng";

/** Clients wait here while the controller moves the business clock (no request straddles a day). */
export class Gate {
  private waiters: (() => void)[] = [];
  open = true;
  inFlight = 0;
  close() {
    this.open = false;
  }
  release() {
    this.open = true;
    for (const w of this.waiters.splice(0)) w();
  }
  pass(): Promise<void> {
    return this.open ? Promise.resolve() : new Promise((r) => this.waiters.push(r));
  }
  async drain(limitMs: number): Promise<boolean> {
    const until = Date.now() + limitMs;
    while (this.inFlight > 0 && Date.now() < until) await sleep(20);
    return this.inFlight === 0;
  }
}

export interface RunState {
  base: string;
  history: History;
  gate: Gate;
  world: World;
  epoch: { index: number; businessAt: string };
  /** Lowered by the "client timeouts" fault. */
  clientTimeoutMs: number;
  stopAt: number;
  stopped: boolean;
  maxOpsPerClient: number;
}

const NORMAL_TIMEOUT_MS = 15_000;
const RESOLVE_TRIES = 6;

interface Settled {
  settlementId: string;
  merchant: number;
  amountFen: number;
  refundedFen: number;
}

/**
 * One simulated customer: transfers to the spouse (some over the balance), accepts or declines what
 * came in (or lets it expire), pays at hospitals (20 % at the hot one) and gets refunds, pays
 * premiums, receives personal-account credits. 10 % of writes are retried with the same key and
 * body, 2 % with the same key and another body, 2 % are sent twice at once; an indeterminate answer
 * is retried until it is definite.
 */
export async function runClient(st: RunState, me: Client, rng: Rng): Promise<number> {
  const settled: Settled[] = [];
  let n = 0;
  let seq = 0;
  const partner = st.world.clients[me.partner]!;
  const h = { "x-forwarded-for": me.ip };
  const newKey = (p: string) => `${p}-${me.index}-${seq++}`;

  const attempt = async (
    kind: OpKind,
    key: string,
    scope: string,
    type: Attempt,
    request: Record<string, unknown>,
    send: (timeoutMs: number) => Promise<HttpResult>,
  ) => {
    st.gate.inFlight++;
    const epoch = st.epoch;
    let r: HttpResult;
    try {
      r = await send(type === "resolve" ? NORMAL_TIMEOUT_MS : st.clientTimeoutMs);
    } finally {
      st.gate.inFlight--;
    }
    // The server is down (being restarted): back off instead of spinning.
    if (r.error && /ECONNREFUSED/.test(r.error)) await sleep(250 + Math.floor(rng.next() * 250));
    st.history.add({
      client: me.index,
      kind,
      key,
      scope,
      attempt: type,
      request,
      epoch: epoch.index,
      businessAt: epoch.businessAt,
      tSend: r.tSend,
      tRecv: r.tRecv,
      outcome: r.outcome,
      status: r.status,
      code: r.json?.code,
      bodyText: r.outcome === "ok" ? r.text : r.text?.slice(0, 300),
      error: r.error,
    });
    return r;
  };

  /** A write with its retries: the first attempt, then the planned duplicate(s), then resolution. */
  const write = async (
    kind: OpKind,
    key: string,
    scope: string,
    request: Record<string, unknown>,
    changed: Record<string, unknown>,
    send: (body: Record<string, unknown>, t: number) => Promise<HttpResult>,
  ) => {
    const twin = rng.chance(0.02);
    const first = twin
      ? (
          await Promise.all([
            attempt(kind, key, scope, "twin", request, (t) => send(request, t)),
            attempt(kind, key, scope, "twin", request, (t) => send(request, t)),
          ])
        )[0]!
      : await attempt(kind, key, scope, "first", request, (t) => send(request, t));
    let last = first;
    for (let i = 0; i < RESOLVE_TRIES && (last.outcome === "info" || last.json?.code === "REQUEST_IN_PROGRESS"); i++) {
      await sleep(200 + rng.int(0, 600) * (i + 1));
      if (st.stopped && i > 2) break;
      await st.gate.pass();
      last = await attempt(kind, key, scope, "resolve", request, (t) => send(request, t));
    }
    if (last.outcome === "ok") {
      if (rng.chance(0.1)) await attempt(kind, key, scope, "retry", request, (t) => send(request, t));
      if (rng.chance(0.02)) await attempt(kind, key, scope, "changed", changed, (t) => send(changed, t));
    }
    return last;
  };

  const user =
    (method: string, path: string, body?: unknown, extra: Record<string, string> = {}) =>
    (t: number) =>
      call(st.base, method, path, { token: me.token, body, headers: { ...h, ...extra }, timeoutMs: t } satisfies CallInit);

  const ops = {
    transfer: async () => {
      const over = rng.chance(0.15);
      const amountFen = over ? rng.int(150_000, 200_000) : rng.int(100, 25_000);
      const key = newKey("tr");
      const body = { bindingId: me.bindingId, amountFen, paymentPassword: PIN };
      await write("transfer", key, `user:${me.userId}:transfer`, body, { ...body, amountFen: amountFen + 1 }, (b, t) =>
        user("POST", "/v1/transfers", b, { "idempotency-key": key })(t),
      );
    },
    decide: async () => {
      const inbox = await attempt(
        "inbox",
        `inbox-${me.index}`,
        "read",
        "first",
        {},
        user("GET", "/v1/transfers?direction=in&status=pending"),
      );
      const item = inbox.json?.items?.[0];
      if (!item || rng.chance(0.25)) return; // some are left to expire at 06:00
      const kind = rng.chance(0.7) ? "accept" : "decline";
      let r = await attempt(
        kind,
        item.id,
        `decide:${item.id}`,
        "first",
        { transferId: item.id },
        user("POST", `/v1/transfers/${item.id}/${kind}`),
      );
      for (let i = 0; i < RESOLVE_TRIES && r.outcome === "info"; i++) {
        await sleep(300 * (i + 1));
        await st.gate.pass();
        r = await attempt(
          kind,
          item.id,
          `decide:${item.id}`,
          "resolve",
          { transferId: item.id },
          user("POST", `/v1/transfers/${item.id}/${kind}`),
        );
      }
    },
    settle: async () => {
      const code = await attempt("ecode", `ecode-${me.index}`, "read", "first", {}, user("POST", "/v1/ecodes"));
      if (code.outcome !== "ok") return;
      const mi = rng.chance(0.2) ? 0 : rng.int(1, st.world.merchants.length - 1);
      const m = st.world.merchants[mi]!;
      const amountFen = rng.chance(0.1) ? rng.int(200_000, 600_000) : rng.int(100, 30_000);
      const orderNo = newKey("ord");
      const body = { ecode: code.json.code, orderNo, amountFen };
      const r = await write(
        "settle",
        orderNo,
        `settle:${m.merchantId}:${orderNo}`,
        { ...body, merchant: mi },
        { ...body, amountFen: amountFen + 1, merchant: mi },
        (b, t) => {
          const { merchant: _m, ...wire } = b;
          return call(st.base, "POST", "/v1/merchant/settlements", { body: wire, signed: m, timeoutMs: t });
        },
      );
      if (r.outcome === "ok") settled.push({ settlementId: r.json.id, merchant: mi, amountFen, refundedFen: 0 });
    },
    refund: async () => {
      const s = settled.length ? rng.pick(settled) : null;
      if (!s) return;
      const m = st.world.merchants[s.merchant]!;
      const left = s.amountFen - s.refundedFen;
      const amountFen = left > 0 && rng.chance(0.75) ? rng.int(1, left) : rng.int(1, s.amountFen + 500);
      const refundNo = newKey("rf");
      const body = { refundNo, amountFen };
      const path = `/v1/merchant/settlements/${s.settlementId}/refunds`;
      const r = await write(
        "refund",
        refundNo,
        `refund:${m.merchantId}:${refundNo}`,
        { ...body, settlementId: s.settlementId, merchant: s.merchant },
        { ...body, amountFen: amountFen + 1, settlementId: s.settlementId, merchant: s.merchant },
        (b, t) => call(st.base, "POST", path, { body: { refundNo: b.refundNo, amountFen: b.amountFen }, signed: m, timeoutMs: t }),
      );
      if (r.outcome === "ok") s.refundedFen += amountFen;
    },
    premium: async () => {
      const forPartner = partner.insurance === "resident" ? rng.chance(0.7) : rng.chance(0.2);
      const kind = rng.chance(0.6) ? "resident_medical" : "long_term_care";
      const key = newKey("pm");
      const body = { beneficiary: forPartner ? me.bindingId : "self", year: 2027, kind, paymentPassword: PIN };
      await write("premium", key, `user:${me.userId}:premium`, body, { ...body, year: 2026 }, (b, t) =>
        user("POST", "/v1/premiums/payments", b, { "idempotency-key": key })(t),
      );
    },
    credit: async () => {
      const k = st.world.regionKeys[me.regionCode]!;
      const reference = newKey("cr");
      const body = { idNumber: me.idNumber, amountFen: rng.int(100, 50_000), period: "2026-11", reference };
      await write(
        "credit",
        reference,
        `credit:${me.regionCode}:${reference}`,
        body,
        { ...body, amountFen: (body.amountFen as number) + 1 },
        (b, t) => call(st.base, "POST", "/v1/integration/personal-account-credits", { body: b, signed: k, timeoutMs: t }),
      );
    },
    read: async () => {
      await attempt("read", `wallet-${me.index}`, "read", "first", {}, user("GET", "/v1/wallet"));
    },
  };
  const weights = { transfer: 26, decide: 22, settle: 20, refund: 7, premium: 6, credit: 12, read: 7 };

  while (!st.stopped && Date.now() < st.stopAt && n < st.maxOpsPerClient) {
    await st.gate.pass();
    if (st.stopped) break;
    await ops[rng.weighted(weights)]();
    n++;
    await sleep(rng.int(0, 40));
  }
  return n;
}
