import type { Config } from "@/config";
import type { Db } from "@/db/client";
import type { Logger } from "@/lib/logger";
import { httpFace, sandboxFace } from "./face";
import { alipayLogin, sandboxLogin, wechatLogin } from "./login";
import { eq } from "drizzle-orm";
import { users } from "@/modules/identity/identity.schema";
import { logNotifier, wechatNotifier } from "./notifier";
import { httpRegionCore, sandboxRegionCore } from "./region-core";
import { httpRegistry, sandboxRegistry } from "./registry";
import type { FaceAdapter, LoginAdapter, Notifier, RegionCoreAdapter, RegistryAdapter } from "./types";

export * from "./types";

export interface Adapters {
  login: { wechat: LoginAdapter; alipay: LoginAdapter; sandbox: LoginAdapter | null };
  registry: RegistryAdapter;
  regionCore: RegionCoreAdapter;
  face: FaceAdapter;
  notifier: Notifier;
}

export type AdapterOverrides = Partial<Adapters>;

/** The one place that decides which implementation of each outside service is used. */
export function createAdapters(config: Config, db: Db, log: Logger, overrides: AdapterOverrides = {}): Adapters {
  const keys = { lookup: config.secrets.lookupHmac, encryption: config.secrets.encryption };
  const timeoutMs = config.adapterTimeoutMs;
  const registry = overrides.registry ?? (config.sandbox ? sandboxRegistry(db, keys) : httpRegistry({ ...config.registry, timeoutMs }));
  return {
    login: overrides.login ?? {
      wechat: wechatLogin({ ...config.wechat, timeoutMs }),
      alipay: alipayLogin({ ...config.alipay, timeoutMs }),
      sandbox: config.sandbox ? sandboxLogin : null,
    },
    registry,
    regionCore:
      overrides.regionCore ??
      (config.sandbox ? sandboxRegionCore(db, registry, keys) : httpRegionCore({ ...config.regionCore, timeoutMs })),
    face: overrides.face ?? (config.sandbox ? sandboxFace : httpFace({ ...config.face, timeoutMs })),
    notifier: overrides.notifier ?? notifierFor(config, db, log),
  };
}

/** WeChat subscribe messages when WeChat credentials and templates are configured; otherwise only logged. */
function notifierFor(config: Config, db: Db, log: Logger): Notifier {
  const w = config.wechat;
  if (!w.appId || !w.secret || Object.keys(w.subscribeTemplates).length === 0) return logNotifier(log);
  return wechatNotifier({
    apiBase: w.apiBase,
    appId: w.appId,
    secret: w.secret,
    templates: w.subscribeTemplates,
    log,
    timeoutMs: config.adapterTimeoutMs,
    async openidOf(userId) {
      const [u] = await db.select({ provider: users.provider, subject: users.subject }).from(users).where(eq(users.id, userId));
      return u?.provider === "wechat" && u.subject.startsWith("wechat:") ? u.subject.slice("wechat:".length) : null;
    },
  });
}
