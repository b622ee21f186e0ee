import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * The Worker scenario suite: plain HTTP against a running Worker at BASE_URL, started by
 * `npm run test:worker` (scripts/worker-test.sh). The main config excludes test/worker/**.
 */
// Vite owns BASE_URL inside test workers (import.meta.env.BASE_URL, "/"), so the Worker's address is
// read here, in the main process, and handed to the tests under another name.
const workerUrl = process.env.BASE_URL ?? "";
const productionUrl = process.env.PRODUCTION_BASE_URL ?? "";

export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  resolve: { alias: { "@": fileURLToPath(new URL("../../src", import.meta.url)) } },
  test: {
    include: ["test/worker/**/*.test.ts"],
    env: { WORKER_BASE_URL: workerUrl, WORKER_PRODUCTION_URL: productionUrl },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // One Worker isolate holds one sandbox clock: files run one after another so that the one test
    // that moves the clock (last in scenario.test.ts) cannot change another file's business time.
    fileParallelism: false,
    // Lists each test, with the reason when a feature test is skipped for a missing route.
    reporters: ["verbose"],
  },
});
