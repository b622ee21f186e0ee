import type { Logger } from "@/lib/logger";
import type { Notifier } from "./types";

/** Sandbox: subscription messages are only logged (by kind and user id, never content). */
export function logNotifier(log: Logger): Notifier {
  return {
    async push(m) {
      log.debug("notify", { userId: m.userId, kind: m.kind });
    },
  };
}
