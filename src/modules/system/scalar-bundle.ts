/**
 * Scalar's reference UI is one browser bundle (`@scalar/api-reference`, dist/browser/standalone.js);
 * `@scalar/hono-api-reference` only writes the page that loads it, by default from a CDN. It is read
 * here from node_modules on Node and served by /docs/scalar.js, so the docs work offline. Answers
 * null where it cannot be read (the package not installed, or on Workers without a file system).
 */
let bundle: Promise<string | null> | undefined;

export function scalarBundle(): Promise<string | null> {
  bundle ??= (async () => {
    try {
      const { createRequire } = await import("node:module");
      const { readFile } = await import("node:fs/promises");
      const require = createRequire(import.meta.url);
      // The package exports its browser bundle by this subpath (its package.json is not exported).
      return await readFile(require.resolve("@scalar/api-reference/browser/standalone.js"), "utf8");
    } catch {
      return null;
    }
  })();
  return bundle;
}
