// Turns a page rendered by miniprogram-simulate into a document Chromium can show as WeChat would.
// The simulator renders WXML into custom elements (<wx-view>, <wx-button>, …) and injects each
// page's and component's WXSS with its classes prefixed by the component's tag ("main--card"),
// converting 1rpx to 1px: the document is therefore laid out 750px wide, the width WeChat maps to
// 750rpx, and WeChat's 44pt minimum touch target is 88px here.

/** WeChat's base-library defaults for its built-in components, in the same 750px space. */
const BASE = `
html, body { margin: 0; width: 750px; font-family: "Noto Sans CJK SC", "Noto Sans SC", sans-serif; font-size: 32px; -webkit-text-size-adjust: none; }
wx-view, wx-scroll-view, wx-swiper, wx-form, wx-label, wx-block { display: block; }
wx-text { display: inline; white-space: pre-wrap; }
wx-image { display: inline-block; width: 640px; height: 480px; background: #e5e7eb; }
wx-button { display: block; position: relative; margin-left: auto; margin-right: auto; padding: 0 28px; box-sizing: border-box;
  font-size: 36px; text-align: center; line-height: 2.55555556; border-radius: 10px; background: #f8f8f8; color: #000; overflow: hidden; }
wx-input, wx-textarea { display: block; min-height: 1.4em; }
wx-picker, wx-navigator { display: block; }
wx-icon { display: inline-block; }
`;

/**
 * app.wxss applies to every page and to the components that share it (styleIsolation
 * "apply-shared", as all of ours do): each class takes every prefix found in the page, `page` is
 * the document.
 */
function sharedAppWxss(wxss: string, bodyHtml: string): string {
  const prefixes = new Set(["main"]);
  for (const m of bodyHtml.matchAll(/class="([^"]*)"/g)) {
    for (const c of m[1]!.split(/\s+/)) {
      const i = c.indexOf("--");
      if (i > 0) prefixes.add(c.slice(0, i));
    }
  }
  return wxss
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/(-?\d*\.?\d+)rpx/g, "$1px")
    .replace(/(^|[\s,{}>+~(])page(?=[\s,{.:#[>])/g, "$1body")
    .replace(/\.([A-Za-z_][\w-]*)(?=[^{}]*\{)/g, (_m, c: string) => `:is(${[...prefixes].map((p) => `.${p}--${c}`).join(", ")})`);
}

const TAGS =
  /(?<![\w.#:-])(button|view|text|image|input|textarea|scroll-view|picker|navigator|icon|label|form|switch|radio|checkbox)(?![\w-])/g;

/** WXSS tag selectors name WeChat's components; rendered, they are <wx-…> elements. */
function wxTags(css: string): string {
  return css.replace(/([^{}]+)\{/g, (_m, selector: string) => `${selector.replace(TAGS, "wx-$1")}{`);
}

export function screenDocument(
  bodyHtml: string,
  headHtml: string,
  appWxss: string,
  opts: { lang: string; title: string; tappable: string[] },
): string {
  return `<!doctype html>
<html lang="${opts.lang}"><head><meta charset="utf-8"><title>${opts.title}</title>
<meta name="tappable" content="${opts.tappable.join(",")}">
<style>${BASE}</style>
<style>${wxTags(sharedAppWxss(appWxss, bodyHtml))}</style>
${headHtml.replace(/(<style[^>]*>)([\s\S]*?)(<\/style>)/g, (_m, open: string, css: string, close: string) => open + wxTags(css) + close)}
</head><body>${bodyHtml}</body></html>`;
}

const TAP = /\s(?:bind|catch):?tap=/;

/** CSS selectors of what can be tapped in one WXML file: its elements with a tap handler, by their static classes. */
export function tappableSelectors(wxml: string, prefix: string): string[] {
  const out = new Set<string>();
  for (const m of wxml.matchAll(/<([a-z][\w-]*)(\s[^>]*)>/g)) {
    const [, tag, attrs] = m as unknown as [string, string, string];
    if (!TAP.test(attrs) && tag !== "button") continue;
    const cls = /\sclass="([^"]*)"/.exec(attrs)?.[1] ?? "";
    const tokens = cls
      .replace(/\{\{[^}]*\}\}/g, " ")
      .split(/\s+/)
      .filter((c) => /^[A-Za-z_][\w-]*$/.test(c));
    if (tokens.length) out.add(tokens.map((c) => `.${prefix}--${c}`).join(""));
  }
  return [...out];
}
