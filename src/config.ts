import { z } from "zod";
import { randomSecret } from "@/lib/crypto";

/**
 * The secrets, in one list: the environment variable, the key in `config.secrets`, the shortest
 * value accepted, and whether data in the database depends on it (sealed fields, look-up hashes,
 * password hashes: a different value would make that data unreadable, so the start-up check in
 * src/entry/secrets-check.ts refuses it). Adding a secret is one line here.
 */
export const SECRETS = [
  { env: "TOKEN_SECRET", key: "token", min: 32, guardsData: false },
  { env: "ENCRYPTION_KEY", key: "encryption", min: 32, guardsData: true },
  { env: "LOOKUP_HMAC_KEY", key: "lookupHmac", min: 32, guardsData: true },
  { env: "PASSWORD_PEPPER", key: "passwordPepper", min: 16, guardsData: true },
  // The key payment PINs are verified under (HMAC-SHA-256); in production from a KMS/HSM.
  { env: "PIN_KEY", key: "pinKey", min: 32, guardsData: true },
] as const;

type SecretSpec = (typeof SECRETS)[number];
type Secrets = { [S in SecretSpec as S["key"]]: string };

const secretFields = Object.fromEntries(SECRETS.map((s) => [s.env, z.string().min(s.min).optional()])) as {
  [S in SecretSpec as S["env"]]: z.ZodOptional<z.ZodString>;
};

const bool = z.enum(["1", "0", "true", "false", "yes", "no", ""]).transform((v) => v === "1" || v === "true" || v === "yes");

const SubscribeTemplates = z.record(
  z.string(),
  z.object({ id: z.string().min(1), page: z.string().optional(), fields: z.record(z.string(), z.enum(["title", "body", "time"])) }),
);

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
  ...secretFields,
  PASSWORD_HASH_ITERATIONS: z.coerce.number().int().min(1000).max(100_000).default(100_000),
  SESSION_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(7200),
  WECHAT_APPID: z.string().optional(),
  WECHAT_SECRET: z.string().optional(),
  WECHAT_API_BASE: z.string().url().default("https://api.weixin.qq.com"),
  /** JSON: notification kind → {id, page?, fields: {templateField: "title"|"body"|"time"}} (subscribe messages). */
  WECHAT_SUBSCRIBE_TEMPLATES: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return {};
      try {
        return SubscribeTemplates.parse(JSON.parse(v));
      } catch {
        ctx.addIssue({ code: "custom", message: "not a JSON object of {id, page?, fields}" });
        return z.NEVER;
      }
    }),
  ALIPAY_APPID: z.string().optional(),
  ALIPAY_API_BASE: z.string().url().default("https://openapi.alipay.com"),
  ALIPAY_PRIVATE_KEY: z.string().optional(),
  REGISTRY_API_BASE: z.string().url().optional(),
  REGISTRY_API_KEY: z.string().optional(),
  FACE_API_BASE: z.string().url().optional(),
  FACE_API_KEY: z.string().optional(),
  /** The regions' insurance cores (through the national gateway): where closing a wallet returns personal-account money. */
  REGION_CORE_API_BASE: z.string().url().optional(),
  REGION_CORE_KEY_ID: z.string().optional(),
  REGION_CORE_SECRET: z.string().min(16).optional(),
  ADAPTER_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
  PUBLIC_BASE_URL: z.string().url().optional(),
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(64 * 1024),
  RATE_LOGIN_PER_IP_PER_MINUTE: z.coerce.number().int().min(1).default(300),
  RATE_REALNAME_PER_IP_PER_10MIN: z.coerce.number().int().min(1).default(30),
  /** Which forwarding headers to believe for the client's address: none (the socket), cloudflare, or all (behind a trusted proxy). */
  TRUST_PROXY: z.enum(["none", "cloudflare", "all"]).default("none"),
});

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
  secrets: Secrets;
  passwordHashIterations: number;
  sessionTtlSeconds: number;
  wechat: { appId?: string; secret?: string; apiBase: string; subscribeTemplates: z.infer<typeof SubscribeTemplates> };
  alipay: { appId?: string; apiBase: string; privateKey?: string };
  registry: { apiBase?: string; apiKey?: string };
  face: { apiBase?: string; apiKey?: string };
  regionCore: { apiBase?: string; keyId?: string; secret?: string };
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
  // Outside sandbox mode every secret is required. In sandbox mode a missing one is generated here;
  // on an embedded database on disk, src/entry/sandbox-secrets.ts fills them first from a file kept
  // beside it, so a restart keeps them.
  const missing = SECRETS.filter((s) => !e[s.env]).map((s) => s.env);
  if (missing.length && !sandbox)
    throw new ConfigError(`${missing.join(", ")} ${missing.length > 1 ? "are" : "is"} required when SANDBOX is off`);
  const secrets = Object.fromEntries(SECRETS.map((s) => [s.key, e[s.env] ?? randomSecret()])) as Secrets;
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
    secrets,
    passwordHashIterations: e.PASSWORD_HASH_ITERATIONS,
    sessionTtlSeconds: e.SESSION_TTL_SECONDS,
    wechat: {
      appId: e.WECHAT_APPID,
      secret: e.WECHAT_SECRET,
      apiBase: e.WECHAT_API_BASE,
      subscribeTemplates: e.WECHAT_SUBSCRIBE_TEMPLATES,
    },
    alipay: { appId: e.ALIPAY_APPID, apiBase: e.ALIPAY_API_BASE, privateKey: e.ALIPAY_PRIVATE_KEY },
    registry: { apiBase: e.REGISTRY_API_BASE, apiKey: e.REGISTRY_API_KEY },
    face: { apiBase: e.FACE_API_BASE, apiKey: e.FACE_API_KEY },
    regionCore: { apiBase: e.REGION_CORE_API_BASE, keyId: e.REGION_CORE_KEY_ID, secret: e.REGION_CORE_SECRET },
    adapterTimeoutMs: e.ADAPTER_TIMEOUT_MS,
    publicBaseUrl: e.PUBLIC_BASE_URL,
    maxBodyBytes: e.MAX_BODY_BYTES,
    rateLimits: { loginPerIpPerMinute: e.RATE_LOGIN_PER_IP_PER_MINUTE, realNamePerIpPer10Min: e.RATE_REALNAME_PER_IP_PER_10MIN },
    trustProxy: e.TRUST_PROXY,
  };
}
