import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// Kept apart from build.ts: esbuild refuses to load inside jsdom, where the page tests run.
// fileURLToPath gets a string: jsdom replaces the global URL with one node:url does not accept.
export const MP_ROOT = join(dirname(fileURLToPath(import.meta.url)), "../../../miniprogram");
export const BUILD_ROOT = join(MP_ROOT, ".build");
