// Diagnosis only (bench --mem-log): the server process reports its memory and event-loop delay every 2 s on stderr:
// the process totals, and what V8's young (new) and old generations and code space have committed.
import { monitorEventLoopDelay } from "node:perf_hooks";
import { getHeapSpaceStatistics } from "node:v8";

// And the event loop's delay over the last 2 s (how late the server got to ready sockets and timers).
const lag = monitorEventLoopDelay({ resolution: 10 });
lag.enable();

setInterval(() => {
  const m = process.memoryUsage();
  const mb = (x) => Math.round(x / 1048576);
  const spaces = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, s.space_size]));
  const young = (spaces.new_space ?? 0) + (spaces.new_large_object_space ?? 0);
  const old = (spaces.old_space ?? 0) + (spaces.large_object_space ?? 0);
  process.stderr.write(
    `[mem] rss=${mb(m.rss)} heapUsed=${mb(m.heapUsed)} heapTotal=${mb(m.heapTotal)} young=${mb(young)} old=${mb(old)} code=${mb((spaces.code_space ?? 0) + (spaces.code_large_object_space ?? 0))} external=${mb(m.external)} arrayBuffers=${mb(m.arrayBuffers)} loopDelayP99=${Math.round(lag.percentile(99) / 1e6)}ms loopDelayMax=${Math.round(lag.max / 1e6)}ms\n`,
  );
  lag.reset();
}, 2000).unref();
