import { readFileSync } from "node:fs";
import os from "node:os";

/** Linux /proc readings: a process's CPU and memory, the machine's CPU, the load. */

const HZ = 100; // CLK_TCK on Linux

function procCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // fields[11] = utime, fields[12] = stime (fields 14 and 15 of stat(5), after pid and comm)
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / HZ;
  } catch {
    return 0;
  }
}

/** Resident memory in MiB: the current (VmRSS) and the peak since start (VmHWM). */
export function procMemMiB(pid: number): { rss: number; hwm: number } {
  try {
    const s = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, "m").exec(s)?.[1] ?? 0);
    return { rss: Math.round(kb("VmRSS") / 102.4) / 10, hwm: Math.round(kb("VmHWM") / 102.4) / 10 };
  } catch {
    return { rss: 0, hwm: 0 };
  }
}

/** Whole-machine busy and total CPU time in ms (all cores). */
function machineCpuMs(): { busy: number; total: number } {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0]!;
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  const total = v.reduce((a, b) => a + b, 0);
  return { busy: ((total - idle) * 1000) / HZ, total: (total * 1000) / HZ };
}

/** CPU time of the given processes (the bench database's backends and PostgreSQL's own workers). */
function pidsCpuMs(pids: number[]): number {
  let ms = 0;
  for (const p of pids) ms += procCpuMs(p);
  return ms;
}

export function loadavg(): [number, number, number] {
  const l = os.loadavg();
  return [l[0]!, l[1]!, l[2]!].map((x) => Math.round(x * 100) / 100) as [number, number, number];
}

export function machine() {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpuModel: cpus[0]?.model ?? "unknown",
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    kernel: os.release(),
    node: process.version,
  };
}

/** A CPU snapshot; `diff` turns two of them into where the CPU went during a phase. */
export function cpuSnapshot(serverPid: number, pgPids: number[]) {
  return {
    at: performance.now(),
    machine: machineCpuMs(),
    server: procCpuMs(serverPid),
    postgres: pidsCpuMs(pgPids),
    self: process.cpuUsage(),
  };
}

export function cpuDiff(a: ReturnType<typeof cpuSnapshot>, b: ReturnType<typeof cpuSnapshot>, units: number) {
  const wall = b.at - a.at;
  const selfMs = (b.self.user - a.self.user + b.self.system - a.self.system) / 1000;
  const busy = b.machine.busy - a.machine.busy;
  const per = (ms: number) => (units > 0 ? Math.round((ms / units) * 1000) / 1000 : null);
  const others = busy - (b.server - a.server) - (b.postgres - a.postgres) - selfMs;
  return {
    wallS: Math.round(wall) / 1000,
    machineBusyPct: Math.round((busy / (b.machine.total - a.machine.total)) * 1000) / 10,
    /** CPU used by processes outside the bench (other people's work on a shared machine): noise. */
    othersPct: Math.max(0, Math.round((others / (b.machine.total - a.machine.total)) * 1000) / 10),
    serverCpuS: Math.round(b.server - a.server) / 1000,
    postgresCpuS: Math.round(b.postgres - a.postgres) / 1000,
    generatorCpuS: Math.round(selfMs) / 1000,
    /** CPU ms per completed unit, whole machine (includes the load generator and anything else running). */
    machineCpuMsPerUnit: per(busy),
    serverCpuMsPerUnit: per(b.server - a.server),
    postgresCpuMsPerUnit: per(b.postgres - a.postgres),
  };
}

/**
 * The kernel's counters that tell of lost, dropped or retransmitted packets: every TCP/IP counter in
 * /proc/net/netstat and /proc/net/snmp whose name speaks of drops, overflows, retransmissions, timeouts
 * or resets, and the per-CPU input-queue drops of /proc/net/softnet_stat (its second column).
 */
export function tcpCounters(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const file of ["/proc/net/netstat", "/proc/net/snmp"]) {
    let lines: string[];
    try {
      lines = readFileSync(file, "utf8").trim().split("\n");
    } catch {
      continue;
    }
    for (let i = 0; i + 1 < lines.length; i += 2) {
      const names = lines[i]!.split(/\s+/).slice(1);
      const values = lines[i + 1]!.split(/\s+/).slice(1);
      names.forEach((n, k) => {
        if (/Drop|Overflow|Retrans|Timeout|Reset|Prune|Collapse|Fail|Syncookies|Abort/.test(n)) out[n] = Number(values[k]);
      });
    }
  }
  try {
    const rows = readFileSync("/proc/net/softnet_stat", "utf8").trim().split("\n");
    out.softnetDropped = rows.reduce((sum, r) => sum + parseInt(r.trim().split(/\s+/)[1] ?? "0", 16), 0);
    out.softnetTimeSqueeze = rows.reduce((sum, r) => sum + parseInt(r.trim().split(/\s+/)[2] ?? "0", 16), 0);
  } catch {
    /* not Linux */
  }
  return out;
}

/** The counters that moved between two readings. */
export function tcpDiff(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.keys(b)
      .filter((k) => b[k]! !== (a[k] ?? 0))
      .map((k) => [k, b[k]! - (a[k] ?? 0)]),
  );
}
