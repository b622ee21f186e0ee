import { sql } from "drizzle-orm";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "@/app-env";
import { createRouter } from "@/lib/http";
import { errors } from "@/lib/problem";
import { renderDocsPage } from "./docs-page";
import { health } from "./system.routes";

export function systemRouter() {
  return createRouter().openapi(health, async (c) => {
    try {
      await c.get("ctx").db.execute(sql`select 1`);
    } catch {
      throw errors.busy(5);
    }
    return c.json({ status: "ok" as const, database: "ok" as const }, 200);
  });
}

const DOC_CONFIG = {
  openapi: "3.1.0",
  info: {
    title: "yibao-wallet API (医保钱包)",
    version: "1.0.0",
    description:
      "Medical-insurance wallet: personal accounts, family mutual aid, medical settlement and premiums. Money is integer fen; errors are RFC 9457 problem+json with `code`, `detail` (中文) and `detailEn`.",
  },
};

export function registerDocs(app: OpenAPIHono<AppEnv>) {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", { type: "http", scheme: "bearer", bearerFormat: "JWT" });
  app.openAPIRegistry.registerComponent("securitySchemes", "signature", {
    type: "apiKey",
    in: "header",
    name: "X-Signature",
    description: "HMAC-SHA-256 over METHOD\\nPATH\\nTIMESTAMP\\nNONCE\\nsha256hex(body), with X-Key-Id, X-Timestamp and X-Nonce.",
  });
  app.doc31("/openapi.json", DOC_CONFIG);
  app.get("/docs", (c) => c.html(renderDocsPage(app.getOpenAPI31Document(DOC_CONFIG) as Parameters<typeof renderDocsPage>[0])));
}
