/**
 * `npm run build:node`: the Node server (src/entry/node.ts) as one ES module, dist/node/server.mjs,
 * for `npm run start:prod` (plain `node`, no tsx in the process). Packages stay in node_modules
 * (PGlite loads its WebAssembly and data files next to its own module; patch-package's patches apply
 * as installed). The migrations are found at run time as ../../migrations from the bundle, i.e. the
 * repository's migrations/ folder, exactly as from src/db/node.ts.
 */
import { renameSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const NODE_BUNDLE = join(ROOT, "dist/node/server.mjs");

/**
 * Builds the bundle and writes it with a rename, so a server starting from the previous bundle while
 * another build runs (two benches at once) never reads a half-written file.
 */
export async function buildNodeServer(outfile = NODE_BUNDLE): Promise<string> {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ["src/entry/node.ts"],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    tsconfig: "tsconfig.json",
    sourcemap: "linked",
    legalComments: "none",
    logLevel: "warning",
    write: false,
  });
  mkdirSync(dirname(outfile), { recursive: true });
  const tag = `${process.pid}-${Date.now()}`;
  // The map first: the bundle's sourceMappingURL names it.
  const files = [...result.outputFiles].sort((a, b) => Number(b.path.endsWith(".map")) - Number(a.path.endsWith(".map")));
  for (const f of files) {
    const tmp = `${f.path}.${tag}.tmp`;
    writeFileSync(tmp, f.contents);
    renameSync(tmp, f.path);
  }
  return outfile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = await buildNodeServer();
  process.stdout.write(`built ${out}\n`);
}
