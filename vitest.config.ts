import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import miniprogram from "./test/miniprogram/vitest.config.ts";

// One run, two projects: the API suite (node) and the mini-program page tests (jsdom, their own
// config). `npm test` runs both and reports both; `--project api|miniprogram` runs one.
// Time limits are generous on purpose: a loaded 2-core machine must slow a test down, never fail it.
export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) } },
        test: {
          name: "api",
          include: ["src/**/*.test.ts", "test/**/*.test.ts"],
          exclude: ["test/browser/**", "test/worker/**", "test/miniprogram/**", "node_modules/**"],
          globalSetup: ["test/support/global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          pool: "forks",
          // Files share their worker's module cache (the app, zod-openapi, drizzle and PGlite load once per
          // worker, not once per file): every file builds its own app on its own database, and no API test
          // mocks modules or changes the environment. About a sixth off the API project's time.
          isolate: false,
        },
      },
      miniprogram,
    ],
  },
});
