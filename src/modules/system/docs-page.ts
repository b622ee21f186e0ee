import { html, raw } from "hono/html";

type Doc = { info: { title: string; description?: string }; tags?: { name: string }[]; paths?: Record<string, Record<string, unknown>> };
type Op = { summary?: string; tags?: string[]; security?: unknown[]; responses?: Record<string, unknown> };

const METHODS = ["get", "post", "put", "patch", "delete"];

/** A self-contained API reference (no CDN: it must work offline and behind a strict CSP). */
export function renderDocsPage(doc: Doc) {
  const rows: { tag: string; method: string; path: string; op: Op }[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const m of METHODS) {
      const op = item[m] as Op | undefined;
      if (op) rows.push({ tag: op.tags?.[0] ?? "other", method: m.toUpperCase(), path, op });
    }
  }
  // Tags in the document's order (identity first, operators last: src/modules/system/openapi.ts).
  const order = (t: string) => {
    const i = (doc.tags ?? []).findIndex((x) => x.name === t);
    return i < 0 ? 999 : i;
  };
  rows.sort((a, b) => order(a.tag) - order(b.tag) || a.path.localeCompare(b.path));
  const tags = [...new Set(rows.map((r) => r.tag))];
  return html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${doc.info.title}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1d2129}
h1{font-size:1.5rem}h2{margin-top:2rem;border-bottom:1px solid #ddd}table{border-collapse:collapse;width:100%}
td{padding:.35rem .5rem;border-bottom:1px solid #eee;vertical-align:top}code{font-size:.9em}
.m{font-weight:600;width:5rem}.GET{color:#0a7}.POST{color:#06c}.PUT{color:#a60}.DELETE{color:#c33}</style></head>
<body><h1>${doc.info.title}</h1><pre style="white-space:pre-wrap;font:inherit">${doc.info.description ?? ""}</pre>
<p>机器可读的规范 / machine-readable: <a href="/openapi.json">/openapi.json</a></p>
${raw(
  tags
    .map(
      (t) =>
        `<h2>${esc(t)}</h2><table>${rows
          .filter((r) => r.tag === t)
          .map(
            (r) =>
              `<tr><td class="m ${r.method}">${r.method}</td><td><code>${esc(r.path)}</code></td><td>${esc(r.op.summary ?? "")}</td><td>${Object.keys(r.op.responses ?? {}).join(" ")}</td></tr>`,
          )
          .join("")}</table>`,
    )
    .join(""),
)}
</body></html>`;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
