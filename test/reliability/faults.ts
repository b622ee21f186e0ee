import type { Sql } from "postgres";
import type { PgInstance } from "./pg-instance";
import type { Rng } from "./rng";
import type { ServerProcess } from "./server-process";
import { sleep, type FaultyProxy } from "./tcp-proxy";
import type { RunState } from "./workload";

export const FAULT_KINDS = [
  "terminate-backends",
  "kill-server",
  "proxy-reset",
  "proxy-latency",
  "proxy-drop-commit-reply",
  "postgres-restart",
  "client-timeouts",
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultEnv {
  rng: Rng;
  pg: PgInstance;
  admin: () => Sql;
  proxy: FaultyProxy;
  server: ServerProcess;
  state: RunState;
  businessNow: () => Date;
}

/** Injects one fault and waits until it is over (the system may still be healing). Returns a description. */
export async function injectFault(kind: FaultKind, env: FaultEnv): Promise<string> {
  const { rng, proxy, state } = env;
  switch (kind) {
    case "terminate-backends": {
      const pids = await env.admin()<
        { pid: number }[]
      >`select pid from pg_stat_activity where application_name = 'yibao-wallet' order by pid`;
      const chosen = pids.filter(() => rng.chance(0.6));
      for (const p of chosen) await env.admin()`select pg_terminate_backend(${p.pid})`;
      return `terminated ${chosen.length}/${pids.length} backends`;
    }
    case "kill-server": {
      await env.server.kill9();
      await sleep(rng.int(200, 1500));
      await env.server.start(env.businessNow());
      return "server SIGKILLed and restarted";
    }
    case "proxy-reset": {
      const a = proxy.resetAll();
      await sleep(rng.int(300, 1500));
      const b = proxy.resetAll();
      return `reset ${a}+${b} connections`;
    }
    case "proxy-latency": {
      proxy.latencyMs = rng.int(30, 250);
      const ms = rng.int(3000, 6000);
      await sleep(ms);
      const l = proxy.latencyMs;
      proxy.latencyMs = 0;
      return `${l} ms latency for ${ms} ms`;
    }
    case "proxy-drop-commit-reply": {
      const before = proxy.stats.commitRepliesDropped;
      proxy.dropCommitReplyP = 0.35;
      await sleep(rng.int(2000, 4000));
      proxy.dropCommitReplyP = 0;
      return `dropped ${proxy.stats.commitRepliesDropped - before} COMMIT replies`;
    }
    case "postgres-restart": {
      env.pg.stopImmediate();
      const down = rng.int(500, 3000);
      await sleep(down);
      env.pg.start();
      return `immediate stop, ${down} ms down, crash recovery`;
    }
    case "client-timeouts": {
      const t = rng.int(15, 120);
      state.clientTimeoutMs = t;
      const ms = rng.int(3000, 5000);
      await sleep(ms);
      state.clientTimeoutMs = 15_000;
      return `client timeout ${t} ms for ${ms} ms`;
    }
  }
}
