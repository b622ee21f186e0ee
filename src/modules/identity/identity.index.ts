import { createRouter } from "@/lib/http";
import { requireUser } from "@/modules/platform/middleware";
import { clientIp } from "@/modules/platform/rate-limit";
import * as routes from "./identity.routes";
import * as service from "./identity.service";

export function identityRouter() {
  const router = createRouter();
  router.use("/v1/me", requireUser);
  router.use("/v1/me/*", requireUser);

  router.openapi(routes.createSession, async (c) => {
    const body = c.req.valid("json");
    const ip = clientIp(c);
    return c.json(await service.login(c.get("ctx"), body.provider, body.code, ip), 201);
  });

  router.openapi(routes.realName, async (c) => {
    const ip = clientIp(c);
    return c.json(await service.realName(c.get("ctx"), c.get("user").userId, c.req.valid("json"), ip), 200);
  });

  router.openapi(routes.me, async (c) => c.json(await service.me(c.get("ctx"), c.get("user").userId), 200));
  return router;
}
