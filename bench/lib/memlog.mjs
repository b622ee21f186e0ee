// Diagnosis only (bench --mem-log): the server process reports its memory every 2 s on stderr.
setInterval(() => {
  const m = process.memoryUsage();
  const mb = (x) => Math.round(x / 1048576);
  process.stderr.write(`[mem] rss=${mb(m.rss)} heapUsed=${mb(m.heapUsed)} heapTotal=${mb(m.heapTotal)} external=${mb(m.external)} arrayBuffers=${mb(m.arrayBuffers)}\n`);
}, 2000).unref();
