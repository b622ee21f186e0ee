import { createRouter } from "@/lib/http";
import { hitRateLimit } from "@/modules/platform/rate-limit";
import { requireSignature, requireUser } from "@/modules/platform/middleware";
import { registerJob } from "@/modules/jobs";
import { listRelatives, unbind } from "./bindings.service";
import { applyInsuranceEvent } from "./events.service";
import { registerInvitationList } from "./invitations.list";
import * as inv from "./invitations.service";
import { bindMinor, openWardWallet } from "./minors.service";
import * as routes from "./relatives.routes";

registerJob({ name: "invitations-expire", run: inv.expireDueInvitations });

export function relativesRouter() {
  const router = createRouter();
  for (const p of ["/v1/invitations", "/v1/invitations/*", "/v1/relatives", "/v1/relatives/*"]) router.use(p, requireUser);
  router.use("/v1/integration/insurance-events", requireSignature("region"));

  registerInvitationList(router);
  router.openapi(routes.invite, async (c) =>
    c.json(await inv.createInvitation(c.get("ctx"), c.get("user").userId, c.req.valid("json")), 201),
  );
  router.openapi(routes.view, async (c) => {
    // Codes are short: guessing is bounded per user.
    await hitRateLimit(c.get("ctx"), `invitation-view:${c.get("user").userId}`, 60, 600);
    return c.json(await inv.viewInvitation(c.get("ctx"), c.req.valid("param").code), 200);
  });
  router.openapi(routes.accept, async (c) =>
    c.json(await inv.acceptInvitation(c.get("ctx"), c.get("user").userId, c.req.valid("param").code, c.req.valid("json").faceToken), 200),
  );
  router.openapi(routes.decline, async (c) =>
    c.json(await inv.declineInvitation(c.get("ctx"), c.get("user").userId, c.req.valid("param").code), 200),
  );
  router.openapi(routes.cancel, async (c) =>
    c.json(await inv.cancelInvitation(c.get("ctx"), c.get("user").userId, c.req.valid("param").code), 200),
  );
  router.openapi(routes.resend, async (c) =>
    c.json(await inv.resendOwnInvitation(c.get("ctx"), c.get("user").userId, c.req.valid("param").code), 200),
  );
  router.openapi(routes.minors, async (c) => c.json(await bindMinor(c.get("ctx"), c.get("user").userId, c.req.valid("json")), 201));
  router.openapi(routes.list, async (c) => c.json(await listRelatives(c.get("ctx"), c.get("user").userId), 200));
  router.openapi(routes.unbind, async (c) => {
    await unbind(c.get("ctx"), c.get("user").userId, c.req.valid("param").bindingId);
    return c.body(null, 204);
  });
  router.openapi(routes.wardWallet, async (c) =>
    c.json(await openWardWallet(c.get("ctx"), c.get("user").userId, c.req.valid("param").bindingId, c.req.valid("json")), 201),
  );
  router.openapi(routes.insuranceEvent, async (c) => {
    const r = await applyInsuranceEvent(c.get("ctx"), c.get("caller").ownerId, c.req.valid("json"));
    return r.status === 201 ? c.json(r.body, 201) : c.json(r.body, 200);
  });
  return router;
}
