// @vitest-environment jsdom
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, test } from "vitest";
import { mpRequire } from "./support/mp";
import { MP_ROOT } from "./support/paths";

// Every string of every page in 简体中文, 繁體中文 and English, and every string a WXML names exists.

const { catalog } = mpRequire("lib/strings/index.js") as { catalog: Record<string, Record<string, string[]>> };

function files(dir: string, ext: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name.startsWith(".") || name === "node_modules") continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) files(full, ext, out);
    else if (name.endsWith(ext)) out.push(full);
  }
  return out;
}

const HAN = /[\u4e00-\u9fff]/;

describe.each(Object.keys(catalog))("namespace %s", (ns) => {
  const table = catalog[ns]!;

  test("every key has three non-empty strings with the same placeholders", () => {
    for (const [key, triple] of Object.entries(table)) {
      expect(triple, `${ns}.${key}`).toHaveLength(3);
      for (const text of triple) expect(text.trim(), `${ns}.${key}`).not.toBe("");
      const holes = triple.map((t) => (t.match(/\{\w+\}/g) ?? []).sort().join(","));
      expect(new Set(holes).size, `${ns}.${key} placeholders ${holes}`).toBe(1);
    }
  });

  test("English is English and the Chinese columns are Chinese", () => {
    for (const [key, [cn, tw, en]] of Object.entries(table)) {
      if (key.startsWith("lang_") || /^[\d.¥●]+$/.test(cn!)) continue;
      expect(HAN.test(en!), `${ns}.${key} en: ${en}`).toBe(false);
      expect(HAN.test(cn!), `${ns}.${key} zh-CN: ${cn}`).toBe(true);
      expect(HAN.test(tw!), `${ns}.${key} zh-TW: ${tw}`).toBe(true);
    }
  });

  test("page namespaces do not shadow a shared word", () => {
    if (ns === "common") return;
    const clash = Object.keys(table).filter((k) => k in catalog.common!);
    expect(clash).toEqual([]);
  });
});

describe("traditional column", () => {
  test("uses no simplified-only character the converter knows", () => {
    const { toTraditional } = mpRequire("lib/zh-tw.js");
    for (const [ns, table] of Object.entries(catalog)) {
      for (const [key, triple] of Object.entries(table)) {
        if (key.startsWith("lang_")) continue;
        expect(toTraditional(triple[1]), `${ns}.${key}`).toBe(triple[1]);
      }
    }
  });
});

describe("pages and components", () => {
  const wxmlFiles = files(MP_ROOT, ".wxml");

  test.each(wxmlFiles.map((f) => [relative(MP_ROOT, f), f]))("%s names only strings that exist", (_, wxml) => {
    const ts = readFileSync(wxml.replace(/\.wxml$/, ".ts"), "utf8");
    // Pages say applyView(this, "ns"); components use strings("pad", …).
    const ns = /applyView\(this, "(\w+)"\)/.exec(ts)?.[1] ?? /strings\("(\w+)"/.exec(ts)?.[1];
    expect(ns, "namespace").toBeTruthy();
    const available = { ...catalog.common, ...catalog[ns!] };
    const used = [...readFileSync(wxml, "utf8").matchAll(/\bs\.(\w+)/g)].map((m) => m[1]!);
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((k) => !(k in available))).toEqual([]);
  });

  test("every page namespace has a title for the navigation bar", () => {
    // Page entries only: a page folder may hold helper modules (e.g. the assistant's own.ts).
    for (const f of files(join(MP_ROOT, "pages"), ".ts").filter((p) => p.endsWith("/index.ts"))) {
      const ns = /applyView\(this, "(\w+)"\)/.exec(readFileSync(f, "utf8"))?.[1];
      expect(ns, relative(MP_ROOT, f)).toBeTruthy();
      expect(catalog[ns!]!.title, ns).toBeDefined();
    }
  });

  test("the strings a page looks up by key in code exist", () => {
    for (const f of files(MP_ROOT, ".ts")) {
      if (f.includes(`${MP_ROOT}/lib/strings`)) continue;
      const src = readFileSync(f, "utf8");
      const ns = /applyView\(this, "(\w+)"\)/.exec(src)?.[1] ?? /strings\("(\w+)"/.exec(src)?.[1];
      if (!ns) continue;
      const available = { ...catalog.common, ...catalog[ns] };
      const used = [...src.matchAll(/\bs\.(\w+)!?/g)].map((m) => m[1]!);
      expect(
        used.filter((k) => !(k in available)),
        relative(MP_ROOT, f),
      ).toEqual([]);
    }
  });
});
