import { afterAll, expect } from "vitest";
import type { AdapterOverrides } from "../../src/adapters";
import { createApp } from "../../src/app";
import type { Config } from "../../src/config";
import type { Ctx } from "../../src/ctx";
import { backgroundCtx } from "../../src/entry/build";
import { SandboxClock } from "../../src/lib/clock";
import { createLogger, type Logger } from "../../src/lib/logger";
import { testConfig } from "./config";
import { createTestDatabase } from "./db";
import { statusRecorder } from "./observed";

const DEFAULT_NOW = "2026-11-24T10:00:00+08:00";

export interface TestAppOptions {
  now?: string;
  config?: Record<string, string>;
  adapters?: AdapterOverrides;
}

export type ApiResult<T = any> = { status: number; body: T; headers: Headers };

/** One app and one fresh database per test file; closed after the file's tests. */
export async function createTestApp(opts: TestAppOptions = {}) {
  const handle = await createTestDatabase();
  const config: Config = testConfig(opts.config);
  const clock = new SandboxClock(new Date(opts.now ?? DEFAULT_NOW));
  const logLines: string[] = [];
  const log: Logger = createLogger("debug", (line) => logLines.push(line));
  const app = createApp({ config, clock, log, db: handle.db, adapters: opts.adapters });
  const recorder = statusRecorder(app);
  const testFile = expect.getState().testPath ?? "unknown";
  afterAll(async () => {
    recorder.flush(testFile.replace(/^.*?\/test\//, "test/"));
    await handle.close();
  });

  async function api<T = any>(
    method: string,
    path: string,
    init: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: string } = {},
  ): Promise<ApiResult<T>> {
    const headers: Record<string, string> = { ...init.headers };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    let body: string | undefined = init.raw;
    if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers["content-type"] ??= "application/json";
    }
    const res = await app.request(path, { method, headers, body });
    recorder.record(method, path, res.status);
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  const ctx = (): Ctx => backgroundCtx(config, handle.db, clock, log, opts.adapters);
  return { app, api, db: handle.db, handle, config, clock, log, logLines, ctx };
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;
