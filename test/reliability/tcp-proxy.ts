import { createServer, Socket, type Server } from "node:net";

/**
 * A TCP proxy between the app server and PostgreSQL that can misbehave on demand: reset every
 * connection, delay every chunk, or let a COMMIT reach the database and then drop the reply (the
 * ambiguous commit: the transaction is durable, the app only sees its connection die).
 *
 * It follows the client → server half of the wire protocol just enough to recognise a COMMIT: a
 * simple Query, or an extended-protocol Bind of a statement whose Parse text was `commit`
 * (postgres.js prepares it once per connection and binds it by name afterwards).
 */
export interface ProxyStats {
  connections: number;
  resets: number;
  commitsSeen: number;
  commitRepliesDropped: number;
}

interface Pair {
  client: Socket;
  server: Socket;
  statements: Map<string, string>;
  buf: Buffer;
  started: boolean;
  /** A COMMIT went through while dropping was armed: kill the pair on the server's next bytes. */
  doomed: boolean;
  serverQueue: Promise<void>;
  clientQueue: Promise<void>;
}

export class FaultyProxy {
  private server: Server | null = null;
  private pairs = new Set<Pair>();
  latencyMs = 0;
  /** Probability that a COMMIT's reply is dropped. */
  dropCommitReplyP = 0;
  readonly stats: ProxyStats = { connections: 0, resets: 0, commitsSeen: 0, commitRepliesDropped: 0 };

  constructor(
    readonly listenPort: number,
    readonly targetPort: number,
    private readonly random: () => number,
  ) {}

  start(): Promise<void> {
    this.server = createServer((client) => this.onClient(client));
    return new Promise((resolve) => this.server!.listen(this.listenPort, "127.0.0.1", resolve));
  }

  async stop(): Promise<void> {
    this.resetAll();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Sends RST on both sides of every open connection. */
  resetAll(): number {
    let n = 0;
    for (const p of [...this.pairs]) {
      this.kill(p);
      n++;
    }
    this.stats.resets += n;
    return n;
  }

  private kill(p: Pair) {
    this.pairs.delete(p);
    for (const s of [p.client, p.server]) {
      if (s.destroyed) continue;
      try {
        s.resetAndDestroy();
      } catch {
        s.destroy();
      }
    }
  }

  private onClient(client: Socket) {
    this.stats.connections++;
    const server = new Socket();
    const p: Pair = {
      client,
      server,
      statements: new Map(),
      buf: Buffer.alloc(0),
      started: false,
      doomed: false,
      serverQueue: Promise.resolve(),
      clientQueue: Promise.resolve(),
    };
    this.pairs.add(p);
    client.setNoDelay(true);
    server.setNoDelay(true);
    server.connect(this.targetPort, "127.0.0.1");
    const end = () => this.kill(p);
    client.on("error", end).on("close", end);
    server.on("error", end).on("close", end);
    client.on("data", (chunk) => {
      const commit = this.scan(p, chunk);
      p.clientQueue = p.clientQueue.then(async () => {
        if (this.latencyMs) await sleep(this.latencyMs);
        if (commit && this.dropCommitReplyP > 0 && this.random() < this.dropCommitReplyP) p.doomed = true;
        if (!server.destroyed) server.write(chunk);
      });
    });
    server.on("data", (chunk) => {
      p.serverQueue = p.serverQueue.then(async () => {
        if (this.latencyMs) await sleep(this.latencyMs);
        if (p.doomed) {
          // The database has answered the COMMIT (so it is durable); the app never hears it.
          this.stats.commitRepliesDropped++;
          this.kill(p);
          return;
        }
        if (!client.destroyed) client.write(chunk);
      });
    });
  }

  /** Parses whole client messages out of the stream; true when one of them commits a transaction. */
  private scan(p: Pair, chunk: Buffer): boolean {
    p.buf = p.buf.length ? Buffer.concat([p.buf, chunk]) : chunk;
    let commit = false;
    for (;;) {
      if (!p.started) {
        if (p.buf.length < 4) break;
        const len = p.buf.readInt32BE(0);
        if (p.buf.length < len) break;
        const code = len >= 8 ? p.buf.readInt32BE(4) : 0;
        p.buf = p.buf.subarray(len);
        // SSLRequest / GSSENCRequest are followed by another start-up message.
        if (code !== 80877103 && code !== 80877104) p.started = true;
        continue;
      }
      if (p.buf.length < 5) break;
      const type = String.fromCharCode(p.buf[0]!);
      const len = p.buf.readInt32BE(1);
      if (p.buf.length < 1 + len) break;
      const body = p.buf.subarray(5, 1 + len);
      p.buf = p.buf.subarray(1 + len);
      if (type === "Q") {
        if (isCommit(cstr(body, 0).s)) commit = true;
      } else if (type === "P") {
        const name = cstr(body, 0);
        const text = cstr(body, name.next);
        p.statements.set(name.s, text.s);
        if (name.s === "" && isCommit(text.s)) commit = true;
      } else if (type === "B") {
        const portal = cstr(body, 0);
        const stmt = cstr(body, portal.next);
        if (stmt.s !== "" && isCommit(p.statements.get(stmt.s) ?? "")) commit = true;
      }
    }
    if (commit) this.stats.commitsSeen++;
    return commit;
  }
}

function cstr(b: Buffer, at: number): { s: string; next: number } {
  const end = b.indexOf(0, at);
  const stop = end < 0 ? b.length : end;
  return { s: b.toString("utf8", at, stop), next: stop + 1 };
}

function isCommit(sql: string): boolean {
  return /^\s*(commit|end)\b/i.test(sql);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
