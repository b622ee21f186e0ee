/** What the clients saw, one record per HTTP attempt: the raw material of every history check. */
export type Outcome = "ok" | "fail" | "info";
export type OpKind = "transfer" | "accept" | "decline" | "settle" | "refund" | "premium" | "credit" | "ecode" | "read" | "inbox";
export type Attempt = "first" | "retry" | "changed" | "twin" | "resolve";

export interface OpRecord {
  seq: number;
  client: number;
  kind: OpKind;
  /** The op's identity: Idempotency-Key, orderNo, refundNo, reference or transfer id. */
  key: string;
  /** Grouping for "every 2xx of one key is byte-identical". */
  scope: string;
  attempt: Attempt;
  request: Record<string, unknown>;
  epoch: number;
  businessAt: string;
  tSend: number;
  tRecv: number;
  outcome: Outcome;
  status?: number;
  code?: string;
  bodyText?: string;
  error?: string;
}

export interface EpochRecord {
  index: number;
  businessAt: string;
  tStart: number;
  /** When the scheduled jobs of the new day had finished (returns at 06:00 are committed by then). */
  tJobsDone: number;
}

export interface FaultRecord {
  kind: string;
  tStart: number;
  tEnd: number;
  detail: string;
  check?: { ok: boolean; problems: string[] };
}

export class History {
  ops: OpRecord[] = [];
  epochs: EpochRecord[] = [];
  faults: FaultRecord[] = [];
  private seq = 0;
  add(r: Omit<OpRecord, "seq">): OpRecord {
    const rec = { ...r, seq: this.seq++ };
    this.ops.push(rec);
    return rec;
  }
}

/**
 * Classifies an HTTP answer. 2xx is done; a 4xx is a definite refusal; 503 BUSY that says "nothing was
 * applied" is a definite refusal too (the claim is checked); anything else (a timeout, a dropped
 * connection, a 5xx that does not make that claim) is indeterminate. A refused connection never
 * reached the server, so it is definite.
 */
export function classify(status: number | undefined, body: { detailEn?: string } | null, error?: string): Outcome {
  if (status === undefined) return error && /ECONNREFUSED/.test(error) ? "fail" : "info";
  if (status >= 200 && status < 300) return "ok";
  if (status >= 400 && status < 500) return "fail";
  if (status === 503 && typeof body?.detailEn === "string" && /nothing was applied/i.test(body.detailEn)) return "fail";
  return "info";
}
