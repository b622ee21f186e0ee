import { z } from "zod";
import { randomSecret } from "@/lib/crypto";

const bool = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .transform((v) => v === "1" || v === "true" || v === "yes");

/** Every setting the product reads, parsed once. Secrets get generated defaults only in sandbox mode. */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().default("127.0.0.1"),
  LISTEN_SOCKETS: z.coerce.number().int().min(1).max(64).default(16),
  DATABASE_URL: z.string().url().optional(),
  PGLITE_DIR: z.string().default(".data/pglite"),
  SANDBOX: bool.optional(),
  FIXED_NOW: z.iso.datetime({ offset: true }).optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  TOKEN_SECRET: z.string().min(32).optional(),
  ENCRYPTION_KEY: z.string().min(32).optional(),
  LOOKUP_HMAC_KEY: z.string().min(32).optional(),
  PASSWORD_PEPPER: z.string().min(16).optional(),
  PASSWORD_HASH_ITERATIONS: z.coerce.number().int().min(1000).max(100_000).default(100_000),
  SESSION_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(7200),
  WECHAT_APPID: z.string().optional(),
  WECHAT_SECRET: z.string().optional(),
  WECHAT_API_BASE: z.string().url().default("https://api.weixin.qq.com"),
  ALIPAY_APPID: z.string().optional(),
  ALIPAY_API_BASE: z.string().url().default("https://openapi.alipay.com"),
  ALIPAY_PRIVATE_KEY: z.string().optional(),
  REGISTRY_API_BASE: z.string().url().optional(),
  REGISTRY_API_KEY: z.string().optional(),
  FACE_API_BASE: z.string().url().optional(),
  FACE_API_KEY: z.string().optional(),
  ADAPTER_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
  PUBLIC_BASE_URL: z.string().url().optional(),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(64 * 1024),
  RATE_LOGIN_PER_IP_PER_MINUTE: z.coerce.number().int().min(1).default(300),
  RATE_REALNAME_PER_IP_PER_10MIN: z.coerce.number().int().min(1).default(30),
  /** Which forwarding headers to believe for the client's address: none (the socket), cloudflare, or all (behind a trusted proxy). */
  TRUST_PROXY: z.enum(["none", "cloudflare", "all"]).default("none"),
});

export type Env = z.input<typeof EnvSchema>;

export interface Config {
  port: number;
  host: string;
  /** Listening sockets on the port (Node only; see src/entry/listen.ts). */
  listenSockets: number;
  databaseUrl: string | undefined;
  pgliteDir: string;
  sandbox: boolean;
  fixedNow: Date | undefined;
  logLevel: "debug" | "info" | "warn" | "error";
  secrets: { token: string; encryption: string; lookupHmac: string; passwordPepper: string };
  passwordHashIterations: number;
  sessionTtlSeconds: number;
  wechat: { appId?: string; secret?: string; apiBase: string };
  alipay: { appId?: string; apiBase: string; privateKey?: string };
  registry: { apiBase?: string; apiKey?: string };
  face: { apiBase?: string; apiKey?: string };
  /** How long a call to an outside service may take before it counts as unavailable. */
  adapterTimeoutMs: number;
  publicBaseUrl: string | undefined;
  maxBodyBytes: number;
  rateLimits: { loginPerIpPerMinute: number; realNamePerIpPer10Min: number };
  trustProxy: "none" | "cloudflare" | "all";
}

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join("\n  ")}`);
  }
  const e = parsed.data;
  // Sandbox is the default on the embedded database and off unless asked for on a real one.
  const sandbox = e.SANDBOX ?? !e.DATABASE_URL;
  const secret = (name: string, v: string | undefined): string => {
    if (v) return v;
    if (sandbox) return randomSecret();
    throw new ConfigError(`${name} is required when SANDBOX is off`);
  };
  if (e.FIXED_NOW && !sandbox) throw new ConfigError("FIXED_NOW is only allowed in sandbox mode");
  return {
    port: e.PORT,
    host: e.HOST,
    listenSockets: e.LISTEN_SOCKETS,
    databaseUrl: e.DATABASE_URL,
    pgliteDir: e.PGLITE_DIR,
    sandbox,
    fixedNow: e.FIXED_NOW ? new Date(e.FIXED_NOW) : undefined,
    logLevel: e.LOG_LEVEL,
    secrets: {
      token: secret("TOKEN_SECRET", e.TOKEN_SECRET),
      encryption: secret("ENCRYPTION_KEY", e.ENCRYPTION_KEY),
      lookupHmac: secret("LOOKUP_HMAC_KEY", e.LOOKUP_HMAC_KEY),
      passwordPepper: secret("PASSWORD_PEPPER", e.PASSWORD_PEPPER),
    },
    passwordHashIterations: e.PASSWORD_HASH_ITERATIONS,
    sessionTtlSeconds: e.SESSION_TTL_SECONDS,
    wechat: { appId: e.WECHAT_APPID, secret: e.WECHAT_SECRET, apiBase: e.WECHAT_API_BASE },
    alipay: { appId: e.ALIPAY_APPID, apiBase: e.ALIPAY_API_BASE, privateKey: e.ALIPAY_PRIVATE_KEY },
    registry: { apiBase: e.REGISTRY_API_BASE, apiKey: e.REGISTRY_API_KEY },
    face: { apiBase: e.FACE_API_BASE, apiKey: e.FACE_API_KEY },
    adapterTimeoutMs: e.ADAPTER_TIMEOUT_MS,
    publicBaseUrl: e.PUBLIC_BASE_URL,
    maxBodyBytes: e.MAX_BODY_BYTES,
    rateLimits: { loginPerIpPerMinute: e.RATE_LOGIN_PER_IP_PER_MINUTE, realNamePerIpPer10Min: e.RATE_REALNAME_PER_IP_PER_10MIN },
    trustProxy: e.TRUST_PROXY,
  };
}
