import { cpSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { buildSync } from "esbuild";
import { BUILD_ROOT, MP_ROOT } from "./paths";

const COPIED = /\.(wxml|wxss|json|png|svg)$/;

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === ".build" || name === "node_modules" || name.startsWith(".")) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

/**
 * Compiles miniprogram/ the way WeChat DevTools' TypeScript plugin does: each .ts file to its own
 * CommonJS .js beside the copied .wxml/.wxss/.json, so relative require() paths stay valid.
 */
export function buildMiniprogram(): string {
  rmSync(BUILD_ROOT, { recursive: true, force: true });
  const files = walk(MP_ROOT);
  const ts = files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"));
  buildSync({
    entryPoints: ts,
    outdir: BUILD_ROOT,
    outbase: MP_ROOT,
    format: "cjs",
    platform: "neutral",
    target: "es2018",
    bundle: false,
    logLevel: "error",
  });
  for (const f of files.filter((f) => COPIED.test(f) && !f.endsWith("tsconfig.json"))) {
    const dest = join(BUILD_ROOT, relative(MP_ROOT, f));
    mkdirSync(dirname(dest), { recursive: true });
    cpSync(f, dest);
  }
  return BUILD_ROOT;
}
