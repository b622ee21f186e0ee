import { createRouter } from "@/lib/http";
import { canonical } from "@/modules/platform/idempotency";
import { registerHandoffPort } from "@/modules/console/handoff-port";
import { registerJob } from "@/modules/jobs";
import { requireUser } from "@/modules/platform/middleware";
import { clientIp } from "@/modules/platform/rate-limit";
import * as routes from "./conversation.routes";
import { expireIdleConversations, readConversation, replyToConversation, startConversation } from "./conversation.service";
import { conversationHandoffPort } from "./handoff";
import { rulesForUser } from "./rules.service";

registerJob({ name: "conversations-expire", run: expireIdleConversations });
registerHandoffPort(conversationHandoffPort);

export function conversationRouter() {
  const router = createRouter();
  router.use("/v1/conversations", requireUser);
  router.use("/v1/conversations/*", requireUser);
  router.use("/v1/rules", requireUser);

  router.openapi(routes.start, async (c) => {
    const ip = clientIp(c);
    return c.json(await startConversation(c.get("ctx"), c.get("user").userId, c.req.valid("json"), ip), 201);
  });

  router.openapi(routes.reply, async (c) => {
    const ip = clientIp(c);
    const r = await replyToConversation(c.get("ctx"), c.get("user").userId, c.req.valid("param").id, c.req.valid("json"), ip);
    if (r.replayed) c.header("Idempotent-Replayed", "true");
    return c.json(canonical(r.body), 200);
  });

  router.openapi(routes.read, async (c) =>
    c.json(await readConversation(c.get("ctx"), c.get("user").userId, c.req.valid("param").id, c.req.valid("query")), 200),
  );

  router.openapi(routes.rules, async (c) =>
    c.json(await rulesForUser(c.get("ctx"), c.get("user").userId, c.req.valid("query").regionCode), 200),
  );

  return router;
}
