/**
 * The console's only stylesheet and script, served from the app itself so the CSP can stay
 * `'self'` with no inline code. The script is an enhancement: every page works without it.
 */
export const CONSOLE_CSS = `
:root { --fg:#1f2329; --muted:#5c6370; --line:#d9dde3; --bg:#f5f7fa; --brand:#0b6e4f; --danger:#b42318; --focus:#1d4ed8; font-size:15px; }
* { box-sizing:border-box; }
body { margin:0; font-family:"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",system-ui,sans-serif; color:var(--fg); background:var(--bg); line-height:1.5; }
a { color:var(--brand); }
:focus-visible { outline:3px solid var(--focus); outline-offset:2px; }
.skip { position:absolute; left:-9999px; top:0; background:#fff; padding:.5rem 1rem; z-index:10; }
.skip:focus { left:1rem; }
.top { display:flex; align-items:center; gap:2rem; background:var(--brand); color:#fff; padding:.6rem 1.5rem; }
.top a { color:#fff; text-decoration:none; padding:.3rem .6rem; border-radius:4px; }
.top a[aria-current="page"] { background:rgba(255,255,255,.22); font-weight:600; }
.top ul { display:flex; gap:.5rem; list-style:none; margin:0; padding:0; }
.brand { font-weight:700; font-size:1.1rem; }
.who { margin-left:auto; display:flex; align-items:center; gap:.75rem; }
main { max-width:1240px; margin:0 auto; padding:1rem 1.5rem 3rem; }
main:focus { outline:none; }
h1 { font-size:1.4rem; margin:.5rem 0 1rem; }
h2 { font-size:1.1rem; margin:1.5rem 0 .5rem; }
section h2 { margin:.75rem 0 .5rem; }
section { background:#fff; border:1px solid var(--line); border-radius:6px; padding:.25rem 1rem 1rem; margin-bottom:1rem; }
table { width:100%; border-collapse:collapse; background:#fff; }
caption { text-align:left; color:var(--muted); padding:.25rem 0; }
th, td { text-align:left; padding:.45rem .6rem; border-bottom:1px solid var(--line); vertical-align:top; }
th { background:#eef1f5; font-weight:600; white-space:nowrap; }
.num { text-align:right; font-variant-numeric:tabular-nums; }
td.actions { white-space:nowrap; }
td.actions form, td.actions div, td.actions a { display:inline-block; margin:0 .5rem .2rem 0; }
button { font:inherit; padding:.35rem .9rem; border:1px solid var(--brand); background:var(--brand); color:#fff; border-radius:4px; cursor:pointer; }
button.danger { background:#fff; color:var(--danger); border-color:var(--danger); }
.top button { background:#fff; color:var(--brand); border-color:#fff; }
input, select, textarea { font:inherit; padding:.35rem .5rem; border:1px solid #9aa3af; border-radius:4px; }
textarea { width:100%; }
label { font-weight:600; }
.card { background:#fff; border:1px solid var(--line); border-radius:6px; padding:1rem 1.25rem; }
.card label { display:block; margin-bottom:.25rem; }
.card input { width:100%; }
.narrow { max-width:380px; }
.stack { max-width:48rem; }
.stack label { display:block; margin-bottom:.25rem; }
.stack input { width:100%; }
.reply + form { margin-top:.6rem; }
.inline-form { display:flex; gap:.6rem; align-items:center; flex-wrap:wrap; margin:.75rem 0; }
.inline-form input { min-width:16rem; }
.hint, .empty { color:var(--muted); }
.notice { background:#e7f6ec; border:1px solid #9fd8b4; padding:.6rem .9rem; border-radius:4px; }
.error { background:#fdecea; border:1px solid #f1aeb5; color:var(--danger); padding:.6rem .9rem; border-radius:4px; }
.revealed { background:#fff8e1; border:1px solid #f0d58c; padding:.6rem .9rem; border-radius:4px; }
.facts { display:grid; grid-template-columns:9rem 1fr; gap:.3rem 1rem; margin:.5rem 0; }
.facts dt { color:var(--muted); }
.facts dd { margin:0; }
.badge { padding:.1rem .5rem; border-radius:999px; background:#e7f6ec; }
.badge.frozen { background:#fdecea; color:var(--danger); }
.two-col { display:grid; grid-template-columns:minmax(0,1fr) minmax(0,1fr); gap:1.25rem; align-items:start; }
.transcript { list-style:none; margin:0; padding:0; max-height:430px; overflow-y:auto; }
.msg { margin:.5rem 0; padding:.5rem .75rem; border-radius:6px; background:#eef1f5; max-width:90%; }
.msg.user { background:#e3f0ff; }
.msg.agent { background:#e7f6ec; margin-left:auto; }
.msg p { margin:.2rem 0 0; white-space:pre-wrap; }
.msg .speaker { font-weight:600; margin-right:.5rem; }
.msg time { color:var(--muted); font-size:.85rem; }
.reply { margin-top:.75rem; display:grid; gap:.4rem; }
.reply button { justify-self:start; }
.audit code { font-size:.85rem; }
.nowrap { white-space:nowrap; }
td.in { color:var(--brand); }
td.out { color:var(--danger); }
.totals { margin:.25rem 0 .75rem; }
.reason-field { display:inline-flex; gap:.5rem; align-items:center; flex-wrap:wrap; }
.reason-field .field-error { flex-basis:100%; }
.wide { overflow-x:auto; }
td.reason { min-width:10rem; max-width:18rem; }
.field-error { display:block; color:var(--danger); margin-top:.25rem; font-weight:600; }
[aria-invalid="true"] { border-color:var(--danger); outline:1px solid var(--danger); }
a.button { display:inline-block; padding:.35rem .9rem; border:1px solid var(--brand); background:var(--brand); color:#fff; border-radius:4px; text-decoration:none; }
a.button.danger { background:#fff; color:var(--danger); border-color:var(--danger); }
.filters { display:flex; gap:.5rem; margin:.25rem 0 .75rem; flex-wrap:wrap; }
.filters a { padding:.2rem .7rem; border:1px solid var(--line); border-radius:999px; text-decoration:none; }
.filters a[aria-current="page"] { background:var(--brand); color:#fff; border-color:var(--brand); }
.audit .details { max-width:22rem; word-break:break-all; }
`;

export const CONSOLE_JS = `"use strict";
// Live chat: polls the open conversation and appends new messages; the page works without it.
(function () {
  var list = document.querySelector("[data-poll]");
  if (!list) return;
  var url = list.getAttribute("data-poll");
  var SPEAKER = { bot: "助手", user: "用户", agent: "客服" };
  var fmt = new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", year: "numeric", month: "long", day: "numeric", hour: "2-digit", minute: "2-digit", hour12: false });
  function bottom() { list.scrollTop = list.scrollHeight; }
  function tick() {
    fetch(url, { credentials: "same-origin", headers: { accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) {
        if (!body) return;
        var seen = {};
        list.querySelectorAll("li[data-id]").forEach(function (li) { seen[li.getAttribute("data-id")] = true; });
        var added = false;
        body.messages.forEach(function (m) {
          if (seen[m.id]) return;
          var li = document.createElement("li");
          li.className = "msg " + m.role;
          li.setAttribute("data-id", m.id);
          var who = document.createElement("span");
          who.className = "speaker";
          who.textContent = SPEAKER[m.role] || m.role;
          var t = document.createElement("time");
          t.setAttribute("datetime", m.at);
          t.textContent = fmt.format(new Date(m.at));
          var p = document.createElement("p");
          p.textContent = m.text;
          li.appendChild(who); li.appendChild(t); li.appendChild(p);
          list.appendChild(li);
          added = true;
        });
        if (added) bottom();
      })
      .catch(function () {});
  }
  bottom();
  setInterval(tick, 4000);
})();
`;

/** A plain mark so browsers stop asking for /favicon.ico (and logging a 404). */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0b6e4f"/><path d="M14 7h4v7h7v4h-7v7h-4v-7H7v-4h7z" fill="#fff"/></svg>`;
