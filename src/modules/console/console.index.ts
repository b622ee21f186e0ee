import type { Context, MiddlewareHandler } from "hono";
import { csrf } from "hono/csrf";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "@/app-env";
import { createRouter } from "@/lib/http";
import { DomainError } from "@/lib/problem";
import { authenticateAgent, csrfFailed } from "@/modules/platform/agent-auth";
import { CONSOLE_CSS, CONSOLE_JS, FAVICON_SVG } from "./assets";
import { mountAuditPages } from "./console.audit";
import { mountHandoffPages } from "./console.handoffs";
import { mountReversalPages } from "./console.reversals";
import { homeOf, showLogin, submitLogin, submitLogout } from "./console.session";
import { mountUserPages } from "./console.users";
import { mountFamilyPages } from "@/modules/family/family.console";
import { errorPage } from "./render";

/** No inline script or style anywhere, no framing, forms only to this origin. */
const headers = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'"],
    connectSrc: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
  },
  xFrameOptions: "DENY",
  referrerPolicy: "no-referrer",
  permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [] },
});

/**
 * hono's origin check (Origin or Sec-Fetch-Site must be this site) on every console form post; the
 * per-session token in the form is checked by the page guard as well.
 */
const originCheck: MiddlewareHandler<AppEnv> = async (c, next) => {
  const publicOrigin = c.get("ctx").config.publicBaseUrl ? new URL(c.get("ctx").config.publicBaseUrl!).origin : null;
  const check = csrf({ origin: (origin, cc) => origin === new URL(cc.req.url).origin || origin === publicOrigin });
  try {
    await check(c, async () => {});
  } catch (e) {
    if (e instanceof HTTPException && e.status === 403) throw csrfFailed();
    throw e;
  }
  await next();
};

function asset(body: string, type: string) {
  return (c: Context<AppEnv>) => {
    c.header("content-type", type);
    c.header("cache-control", "public, max-age=300");
    return c.body(body);
  };
}

/** The customer-service console: server-rendered pages under /console. */
export function consoleRouter() {
  const router = createRouter();
  router.use("/console", headers);
  router.use("/console/*", headers);
  router.use("/console/*", originCheck);

  router.get("/console/assets/console.css", asset(CONSOLE_CSS, "text/css; charset=utf-8"));
  router.get("/console/assets/console.js", asset(CONSOLE_JS, "text/javascript; charset=utf-8"));
  router.get("/console/assets/favicon.svg", asset(FAVICON_SVG, "image/svg+xml"));

  router.get("/console", async (c) => {
    const agent = await authenticateAgent(c);
    return c.redirect(agent ? homeOf(agent.role) : "/console/login", 303);
  });
  router.get("/console/login", showLogin);
  router.post("/console/login", submitLogin);
  router.post("/console/logout", submitLogout);

  mountHandoffPages(router);
  mountUserPages(router);
  mountFamilyPages(router);
  mountReversalPages(router);
  mountAuditPages(router);

  router.onError((err, c) => {
    if (err instanceof DomainError) return errorPage(c, err.status as 400, err.detail);
    c.get("ctx")?.log.error("console error", { error: err.name, message: err.message.split("\n")[0]!.slice(0, 200) });
    return errorPage(c, 500, "系统内部错误，请稍后再试。");
  });
  return router;
}
