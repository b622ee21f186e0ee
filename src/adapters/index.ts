import type { Config } from "@/config";
import type { Db } from "@/db/client";
import type { Logger } from "@/lib/logger";
import { httpFace, sandboxFace } from "./face";
import { alipayLogin, sandboxLogin, wechatLogin } from "./login";
import { logNotifier } from "./notifier";
import { httpRegistry, sandboxRegistry } from "./registry";
import type { FaceAdapter, LoginAdapter, Notifier, RegistryAdapter } from "./types";

export * from "./types";

export interface Adapters {
  login: { wechat: LoginAdapter; alipay: LoginAdapter; sandbox: LoginAdapter | null };
  registry: RegistryAdapter;
  face: FaceAdapter;
  notifier: Notifier;
}

export type AdapterOverrides = Partial<Adapters>;

/** The one place that decides which implementation of each outside service is used. */
export function createAdapters(config: Config, db: Db, log: Logger, overrides: AdapterOverrides = {}): Adapters {
  const keys = { lookup: config.secrets.lookupHmac, encryption: config.secrets.encryption };
  const timeoutMs = config.adapterTimeoutMs;
  return {
    login: overrides.login ?? {
      wechat: wechatLogin({ ...config.wechat, timeoutMs }),
      alipay: alipayLogin({ ...config.alipay, timeoutMs }),
      sandbox: config.sandbox ? sandboxLogin : null,
    },
    registry: overrides.registry ?? (config.sandbox ? sandboxRegistry(db, keys) : httpRegistry({ ...config.registry, timeoutMs })),
    face: overrides.face ?? (config.sandbox ? sandboxFace : httpFace({ ...config.face, timeoutMs })),
    notifier: overrides.notifier ?? logNotifier(log),
  };
}
