// Diagnosis only (bench --mem-log): the server process reports its memory every 2 s on stderr:
// the process totals, and what V8's young (new) and old generations and code space have committed.
import { getHeapSpaceStatistics } from "node:v8";

setInterval(() => {
  const m = process.memoryUsage();
  const mb = (x) => Math.round(x / 1048576);
  const spaces = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, s.space_size]));
  const young = (spaces.new_space ?? 0) + (spaces.new_large_object_space ?? 0);
  const old = (spaces.old_space ?? 0) + (spaces.large_object_space ?? 0);
  process.stderr.write(
    `[mem] rss=${mb(m.rss)} heapUsed=${mb(m.heapUsed)} heapTotal=${mb(m.heapTotal)} young=${mb(young)} old=${mb(old)} code=${mb((spaces.code_space ?? 0) + (spaces.code_large_object_space ?? 0))} external=${mb(m.external)} arrayBuffers=${mb(m.arrayBuffers)}\n`,
  );
}, 2000).unref();
