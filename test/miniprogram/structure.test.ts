// @vitest-environment jsdom
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, test } from "vitest";
import { MP_ROOT } from "./support/paths";

// The project opens in WeChat DevTools as it is, and the shipped code keeps the house rules.

const ROOT = join(MP_ROOT, "..");
const json = (p: string) => JSON.parse(readFileSync(p, "utf8"));

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name.startsWith(".") || name === "node_modules") continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) files(full, out);
    else out.push(full);
  }
  return out;
}

describe("project layout", () => {
  test("project.config.json points DevTools at miniprogram/ with the TypeScript plugin", () => {
    const cfg = json(join(ROOT, "project.config.json"));
    expect(cfg.miniprogramRoot).toBe("miniprogram/");
    expect(cfg.compileType).toBe("miniprogram");
    expect(cfg.setting.useCompilerPlugins).toEqual(["typescript"]);
  });

  test("app.json: every page has its four files, domains are subpackages, code loads lazily", () => {
    const app = json(join(MP_ROOT, "app.json"));
    expect(app.lazyCodeLoading).toBe("requiredComponents");
    expect(app.pages[0]).toBe("pages/home/index");
    // The share card opens this path, so it must stay in the main package at this place.
    expect(app.pages).toContain("pages/invitation/index");
    const roots = app.subPackages.map((p: { root: string }) => p.root);
    for (const domain of ["wallet", "relatives", "transfer", "premium", "bills", "settings"]) expect(roots).toContain(`pages/${domain}`);
    const pages: string[] = app.pages.concat(
      app.subPackages.flatMap((p: { root: string; pages: string[] }) => p.pages.map((x) => `${p.root}/${x}`)),
    );
    expect(pages.length).toBeGreaterThanOrEqual(13);
    for (const page of pages) {
      for (const ext of ["ts", "wxml", "wxss", "json"]) expect(existsSync(join(MP_ROOT, `${page}.${ext}`)), `${page}.${ext}`).toBe(true);
      expect(readFileSync(join(MP_ROOT, `${page}.ts`), "utf8")).toMatch(/^Component\(\{/m);
    }
    expect(existsSync(join(MP_ROOT, app.sitemapLocation))).toBe(true);
  });

  test("components used by pages exist", () => {
    for (const f of files(MP_ROOT).filter((x) => x.endsWith(".json") && existsSync(x.replace(/\.json$/, ".wxml")))) {
      for (const path of Object.values<string>(json(f).usingComponents ?? {})) {
        expect(existsSync(join(MP_ROOT, `${path}.ts`)), `${relative(MP_ROOT, f)} → ${path}`).toBe(true);
      }
    }
  });

  test("miniprogram/ is CommonJS and its build folder is ignored by git", () => {
    expect(json(join(MP_ROOT, "package.json")).type).toBe("commonjs");
    expect(readFileSync(join(ROOT, ".gitignore"), "utf8")).toMatch(/^miniprogram\/\.build\/?$/m);
  });
});

describe("shipped code", () => {
  const sources = files(MP_ROOT).filter((f) => /\.(ts|wxml|wxss)$/.test(f));

  test("no console.log, no mock data, the API base URL only in config.ts", () => {
    for (const f of sources) {
      const src = readFileSync(f, "utf8");
      const name = relative(MP_ROOT, f);
      expect(src, name).not.toMatch(/console\.(log|debug)/);
      expect(src, name).not.toMatch(/\b(mock|fake|dummy)\w*\s*[:=]/i);
      if (name !== "config.ts") expect(src, name).not.toMatch(/https?:\/\/(127\.0\.0\.1|localhost)/);
    }
  });

  test("files stay small", () => {
    // Generated files (services/api.gen.ts, npm run gen:api) are not written by hand. Lines as Biome formats them (140 columns).
    for (const f of sources.filter((x) => !x.endsWith(".gen.ts"))) {
      const lines = readFileSync(f, "utf8").split("\n").length;
      expect(lines, relative(MP_ROOT, f)).toBeLessThanOrEqual(250);
    }
  });

  test("the TypeScript type-checks against miniprogram-api-typings", () => {
    const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
    let output = "";
    try {
      execFileSync(process.execPath, [tsc, "-p", join(MP_ROOT, "tsconfig.json"), "--noEmit"], { encoding: "utf8" });
    } catch (e) {
      output = String((e as { stdout?: string }).stdout ?? e);
    }
    expect(output).toBe("");
  }, 120_000);
});
