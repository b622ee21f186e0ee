import { createRoute, z } from "@hono/zod-openapi";
import { bearerSecurity, createRouter, jsonResponse, problemResponses } from "@/lib/http";
import { errors } from "@/lib/problem";
import { requireUser } from "@/modules/platform/middleware";
import { listNotifications, markRead } from "./notifications.service";

const NotificationDto = z
  .object({
    id: z.string(),
    kind: z.string(),
    title: z.string(),
    body: z.string(),
    data: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
    read: z.boolean(),
  })
  .openapi("Notification");

const list = createRoute({
  method: "get",
  path: "/v1/notifications",
  tags: ["notifications"],
  summary: "My in-app inbox (invitations, transfers…), newest first",
  security: bearerSecurity,
  request: {
    query: z.object({
      cursor: z.string().max(64).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(20),
      unread: z.enum(["true", "false"]).optional(),
    }),
  },
  responses: {
    200: jsonResponse(
      z.object({ items: z.array(NotificationDto), nextCursor: z.string().nullable(), unreadCount: z.number().int() }),
      "Inbox",
    ),
    ...problemResponses(400, 401),
  },
});

const read = createRoute({
  method: "post",
  path: "/v1/notifications/{id}/read",
  tags: ["notifications"],
  summary: "Mark one notification read",
  security: bearerSecurity,
  request: { params: z.object({ id: z.string().max(64) }) },
  responses: { 204: { description: "Marked" }, ...problemResponses(401, 404) },
});

export function notificationsRouter() {
  const router = createRouter();
  router.use("/v1/notifications", requireUser);
  router.use("/v1/notifications/*", requireUser);
  router.openapi(list, async (c) => {
    const q = c.req.valid("query");
    return c.json(await listNotifications(c.get("ctx"), c.get("user").userId, { ...q, unread: q.unread === "true" }), 200);
  });
  router.openapi(read, async (c) => {
    if (!(await markRead(c.get("ctx"), c.get("user").userId, c.req.valid("param").id))) throw errors.notFound("通知", "notification");
    return c.body(null, 204);
  });
  return router;
}
