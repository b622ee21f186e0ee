import { createRouter } from "@/lib/http";
import { registerJob } from "@/modules/jobs";
import { requireUser } from "@/modules/platform/middleware";
import * as routes from "./privacy.routes";
import { deleteMyData, exportMyData, purgeRetainedIdentities } from "./privacy.service";

registerJob({ name: "privacy-retention", run: purgeRetainedIdentities });

export function privacyRouter() {
  const router = createRouter();
  router.use("/v1/me/export", requireUser);
  router.use("/v1/me/deletion", requireUser);
  router.openapi(routes.exportData, async (c) => c.json(await exportMyData(c.get("ctx"), c.get("user").userId), 200));
  router.openapi(routes.deleteData, async (c) =>
    c.json(await deleteMyData(c.get("ctx"), c.get("user").userId, c.req.valid("json").faceToken), 200),
  );
  return router;
}
