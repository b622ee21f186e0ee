import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("../../", import.meta.url));

// jsdom test files are transformed as browser code, where `new URL("../x", import.meta.url)` is
// rewritten to a dev-server address. The page tests run the real backend in the same process, and
// the backend finds its migrations that way, so these two browser-only rewrites are taken out.
const BROWSER_URL_REWRITES = ["vitest:normalize-url", "vite:asset-import-meta-url"];
const keepImportMetaUrl = {
  name: "miniprogram:keep-import-meta-url",
  configResolved(config: { plugins: readonly { name: string }[] }) {
    const plugins = config.plugins as { name: string }[];
    for (const name of BROWSER_URL_REWRITES) {
      const i = plugins.findIndex((p) => p.name === name);
      if (i >= 0) plugins.splice(i, 1);
    }
  },
};

// The mini-program tests run apart from the API suite: they need jsdom and a compiled miniprogram/.
export default defineConfig({
  root,
  plugins: [keepImportMetaUrl],
  resolve: { alias: { "@": `${root}src` } },
  test: {
    name: "miniprogram",
    include: ["test/miniprogram/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts", "test/miniprogram/support/global-setup.ts"],
    setupFiles: ["test/miniprogram/support/node-globals.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: "forks",
    // Files share their worker's module cache (the backend and the compiled mini-program load once per
    // worker); each file still gets its own jsdom, backend app and database, and each test a fresh wx.
    isolate: false,
  },
});
