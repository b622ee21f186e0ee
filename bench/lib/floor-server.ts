/**
 * The floor: what this machine does for a transfer when the application does nothing but the money
 * movement. A bare hono app on @hono/node-server (the same HTTP stack and the same postgres.js pool of
 * 10 as the real server) with no authentication, validation, PIN, audit, notification or receipt:
 *
 *   POST /floor/http  {n}                              answers 201 at once (HTTP and JSON only)
 *   POST /floor/move  {from, to, user, amountFen}      runs the raw-SQL `single` movement (raw.ts)
 *
 * A floor transfer is two requests, like the API's create and accept. Run by bench/run.ts as its own
 * process (`node --import tsx bench/lib/floor-server.ts`), so its CPU is measured as the server's.
 */
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { connectPostgres } from "../../src/db/url";
import { rawMover } from "./raw";

const sql = connectPostgres(process.env.DATABASE_URL!, { max: 10, onnotice: () => {} });
const move = rawMover(sql, "single", `floor-${process.pid}`);

interface MoveBody {
  from: string;
  to: string;
  user: string;
  amountFen: number;
}

const app = new Hono()
  .get("/healthz", (c) => c.json({ status: "ok" }))
  .post("/floor/http", async (c) => {
    const b = await c.req.json<{ n: number }>();
    return c.json({ ok: true, n: b.n }, 201);
  })
  .post("/floor/move", async (c) => {
    const b = await c.req.json<MoveBody>();
    await move({ debit: b.from, credit: b.to, userId: b.user }, b.amountFen);
    return c.json({ ok: true }, 201);
  });

const server = serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: "127.0.0.1" });
process.on("SIGTERM", () => {
  server.close();
  void sql.end({ timeout: 2 }).finally(() => process.exit(0));
});
