import { sql } from "drizzle-orm";
import { createRouter } from "@/lib/http";
import { canonical } from "@/modules/platform/idempotency";
import { errors } from "@/lib/problem";
import { admitMoney } from "@/modules/platform/admission";
import { requireAgent } from "@/modules/platform/agent-auth";
import { requireUser } from "@/modules/platform/middleware";
import { registerJob } from "@/modules/jobs";
import { clearingForDay } from "./clearing.service";
import { walletIdsManagedBy } from "./transfers.repo";
import * as routes from "./transfers.routes";
import { registerTransferOptions } from "./transfers.options";
import { createTransfer } from "./transfers.service";
import { decideTransfer, returnDueTransfers, settleExpiredFor } from "./transfers.settle";
import { factsReceipt, listReceipts, transferFacts } from "./transfers.view";

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
  router.openapi(routes.get, async (c) => {
    const ctx = c.get("ctx");
    const id = c.req.valid("param").id;
    const mine = await walletIdsManagedBy(ctx.db, c.get("user").userId);
    let [f] = await transferFacts(ctx.db, sql`t.id = ${id}`);
    if (!f || (!mine.includes(f.t.senderWalletId) && !mine.includes(f.t.recipientWalletId))) throw errors.notFound("转账", "transfer");
    if (f.t.status === "pending" && f.t.expiresAt <= ctx.clock.now()) {
      await settleExpiredFor(ctx, f.t.senderWalletId);
      [f] = await transferFacts(ctx.db, sql`t.id = ${id}`);
    }
    return c.json(factsReceipt(f!, mine), 200);
  });

  // A constant number of queries whatever the page size: the wallets, what is overdue around them
  // (returned first, usually nothing), and the page with names and history.
  router.openapi(routes.list, async (c) => {
    const ctx = c.get("ctx");
    const mine = await walletIdsManagedBy(ctx.db, c.get("user").userId);
    await settleExpiredFor(ctx, mine);
    return c.json(await listReceipts(ctx.db, mine, c.req.valid("query")), 200);
  });

  router.openapi(routes.clearing, async (c) => c.json(await clearingForDay(c.get("ctx").db, c.req.valid("query").date), 200));
  return router;
}
