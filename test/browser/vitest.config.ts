import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("../../", import.meta.url));

// Chromium tests run apart from the API suite: they need /usr/bin/chromium and start a real server.
export default defineConfig({
  root,
  resolve: { alias: { "@": `${root}src` } },
  test: {
    include: ["test/browser/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    // One Chromium at a time: the machine has two cores.
    fileParallelism: false,
  },
});
