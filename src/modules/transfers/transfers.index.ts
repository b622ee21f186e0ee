import { createRouter } from "@/lib/http";
import { canonical } from "@/modules/platform/idempotency";
import { admitMoney } from "@/modules/platform/admission";
import { requireAgent } from "@/modules/platform/agent-auth";
import { requireUser } from "@/modules/platform/middleware";
import { registerJob } from "@/modules/jobs";
import { clearingForDay } from "./clearing.service";
import { transferReceipt, transferReceipts } from "./receipts.service";
import * as routes from "./transfers.routes";
import { registerTransferOptions } from "./transfers.options";
import { createTransfer } from "./transfers.service";
import { decideTransfer, returnDueTransfers } from "./transfers.settle";

registerJob({ name: "transfers-return", run: (ctx) => returnDueTransfers(ctx) });

export function transfersRouter() {
  const router = createRouter();
  // Admission first: excess transfers are refused before any token check or body parsing.
  const admit = admitMoney({ priority: (path) => /\/(accept|decline)$/.test(path) });
  router.use("/v1/transfers", admit);
  router.use("/v1/transfers/*", admit);
  router.use("/v1/transfers", requireUser);
  router.use("/v1/transfers/*", requireUser);
  router.use("/v1/admin/clearing", requireAgent(["supervisor", "auditor"]));

  router.openapi(routes.create, async (c) => {
    const r = await createTransfer(c.get("ctx"), c.get("user").userId, c.get("idempotencyKey"), c.req.valid("json"));
    if (r.replayed) c.header("Idempotent-Replayed", "true");
    return c.json(canonical(r.body), 201);
  });

  router.openapi(routes.accept, async (c) =>
    c.json(await decideTransfer(c.get("ctx"), c.get("user").userId, c.req.valid("param").id, "accept"), 200),
  );
  router.openapi(routes.decline, async (c) =>
    c.json(await decideTransfer(c.get("ctx"), c.get("user").userId, c.req.valid("param").id, "decline"), 200),
  );

  registerTransferOptions(router);
  router.openapi(routes.get, async (c) => c.json(await transferReceipt(c.get("ctx"), c.get("user").userId, c.req.valid("param").id), 200));
  router.openapi(routes.list, async (c) => c.json(await transferReceipts(c.get("ctx"), c.get("user").userId, c.req.valid("query")), 200));

  router.openapi(routes.clearing, async (c) => c.json(await clearingForDay(c.get("ctx"), c.req.valid("query").date), 200));
  return router;
}
