import { eq } from "drizzle-orm";
import { createRouter } from "@/lib/http";
import { errors } from "@/lib/problem";
import { requireUser } from "@/modules/platform/middleware";
import { clientIp } from "@/modules/platform/rate-limit";
import { wallets } from "@/modules/wallet/wallet.schema";
import { findPerson, findUser } from "./identity.repo";
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

  router.openapi(routes.me, async (c) => {
    const ctx = c.get("ctx");
    const user = await findUser(ctx.db, c.get("user").userId);
    if (!user) throw errors.unauthenticated();
    const person = user.personId ? await findPerson(ctx.db, user.personId) : undefined;
    const [wallet] = person ? await ctx.db.select().from(wallets).where(eq(wallets.personId, person.id)) : [];
    return c.json(
      {
        user: { id: user.id, realNameVerified: !!user.personId, language: user.language },
        person: person ? service.personDto(person) : null,
        wallet: wallet ? { id: wallet.id, status: wallet.status, regionCode: wallet.regionCode } : null,
      },
      200,
    );
  });
  return router;
}
