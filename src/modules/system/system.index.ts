import type { OpenAPIHono } from "@hono/zod-openapi";
import { Scalar } from "@scalar/hono-api-reference";
import type { AppEnv } from "@/app-env";
import { createRouter } from "@/lib/http";
import { renderDocsPage } from "./docs-page";
import { finishDocument } from "./openapi";
import { scalarBundle } from "./scalar-bundle";
import { requireDatabase } from "./system.service";
import { health } from "./system.routes";

export function systemRouter() {
  return createRouter().openapi(health, async (c) => {
    await requireDatabase(c.get("ctx"));
    return c.json({ status: "ok" as const, database: "ok" as const }, 200);
  });
}

const DOC_CONFIG = {
  openapi: "3.1.0",
  info: {
    title: "yibao-wallet API (医保钱包)",
    version: "1.0.0",
    description: [
      "Medical-insurance wallet: personal accounts, family mutual aid, medical settlement and premiums.",
      "",
      "- **Money** is integer fen (`12850` = ¥128.50).",
      "- **Errors** are RFC 9457 `application/problem+json` with a stable `code`, `detail` (中文) and `detailEn`.",
      '- **Users** sign in with `POST /v1/auth/sessions` (sandbox: `{"provider":"sandbox","code":"any stable string"}`) and send `Authorization: Bearer <token>`.',
      "- **Money-moving user POSTs** (transfers, premium payments) need an `Idempotency-Key` header, reused on retries.",
      "- **Merchants and region systems** sign every call: see `docs/SIGNING.md` in the repository (the string to sign, a worked example, a Node client).",
      "- A whole story: log in → real-name check → open a wallet → invite a relative → transfer → pay a premium (`beneficiary`: `self` or a binding id; the person paid for must have a wallet) → a merchant's signed settlement of an e-code.",
    ].join("\n"),
  },
};

/** The app's OpenAPI document, as /openapi.json serves it (also for npm run gen:api and the contract test). */
export function openApiDocument(app: OpenAPIHono<AppEnv>): Record<string, any> {
  return finishDocument(app.getOpenAPI31Document(DOC_CONFIG) as Record<string, any>);
}

export function registerDocs(app: OpenAPIHono<AppEnv>) {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "A user's session token from `POST /v1/auth/sessions`, or an agent's from `POST /v1/agent/sessions`.",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "signature", {
    type: "apiKey",
    in: "header",
    name: "X-Signature",
    description:
      "HMAC-SHA-256 (lower-case hex) over `METHOD\\nPATH\\nTIMESTAMP\\nNONCE\\nsha256hex(body)` — the path without its query string, the timestamp in whole seconds — keyed with the secret's UTF-8 bytes, sent with `X-Key-Id`, `X-Timestamp` and `X-Nonce`. See docs/SIGNING.md.",
  });
  let doc: Record<string, any> | undefined;
  const document = () => (doc ??= openApiDocument(app));
  app.get("/openapi.json", (c) => c.json(document()));
  const scalar = Scalar({
    url: "/openapi.json",
    pageTitle: "医保钱包 yibao-wallet API",
    cdn: "/docs/scalar.js",
    hideClientButton: true,
    defaultOpenAllTags: false,
  } as Parameters<typeof Scalar>[0]);
  app.get("/docs", async (c, next) => {
    // The reference UI is Scalar's, served from node_modules (no CDN); where its bundle is not
    // available (see scalar-bundle.ts) the plain page below lists the same document.
    if (await scalarBundle()) return scalar(c as never, next);
    return c.html(renderDocsPage(document() as Parameters<typeof renderDocsPage>[0]));
  });
  app.get("/docs/scalar.js", async (c) => {
    const js = await scalarBundle();
    if (!js) return c.notFound();
    return c.body(js, 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=3600" });
  });
}
